import { describe, expect, it } from 'vitest';
import { ENV_KEYS, functionNameFromEnv, isTestStage, readEnv, readEnvChoice } from '../../../../src/core/config/env-keys.js';
import { SoswError } from '../../../../src/core/errors.js';

describe('ENV_KEYS', () => {
  it('names every sosw-owned variable with the SOSW_ prefix', () => {
    const own = Object.values(ENV_KEYS).filter((name) => !['AWS_LAMBDA_FUNCTION_NAME', 'AWS_REGION', 'STAGE'].includes(name));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((name) => name.startsWith('SOSW_'))).toBe(true);
  });
});

describe('readEnv', () => {
  it('reads a trimmed value from the given environment', () => {
    expect(readEnv('configPath', { SOSW_CONFIG_PATH: ' ./config ' })).toBe('./config');
  });

  it('treats blank as unset', () => {
    expect(readEnv('configPath', { SOSW_CONFIG_PATH: '  ' })).toBeUndefined();
  });
});

describe('readEnvChoice', () => {
  it('accepts a listed value case-insensitively', () => {
    expect(readEnvChoice('mode', ['aws', 'local'], { SOSW_MODE: 'LOCAL' })).toBe('local');
  });

  it('fails with a coded error naming the variable', () => {
    const act = (): unknown => readEnvChoice('mode', ['aws', 'local'], { SOSW_MODE: 'cloud' });
    expect(act).toThrow(SoswError);
    expect(act).toThrow(/SOSW_MODE must be one of aws, local/);
  });
});

describe('functionNameFromEnv', () => {
  it('prefers the Lambda runtime name over SOSW_FUNCTION_NAME', () => {
    expect(functionNameFromEnv({ AWS_LAMBDA_FUNCTION_NAME: 'on_lambda', SOSW_FUNCTION_NAME: 'local' })).toBe('on_lambda');
  });

  it('falls back to SOSW_FUNCTION_NAME, then undefined', () => {
    expect(functionNameFromEnv({ SOSW_FUNCTION_NAME: 'local' })).toBe('local');
    expect(functionNameFromEnv({})).toBeUndefined();
  });
});

describe('isTestStage', () => {
  it.each([
    [{ STAGE: 'test' }, undefined, true],
    [{ STAGE: 'autotest' }, undefined, true],
    [{ STAGE: 'prod' }, undefined, false],
    [{}, undefined, false],
    [{ STAGE: 'prod' }, true, true],
    [{ STAGE: 'test' }, false, false],
  ])('env %o with explicit %s gives %s (an explicit flag wins: weakness 59)', (env, explicit, expected) => {
    expect(isTestStage(env, explicit)).toBe(expected);
  });
});
