/** How the CLI reports failures: parser errors as JSON under --json, AWS setup failures as `aws.config`. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsConfigError } from '../../../src/cli/aws-errors.js';
import { main } from '../../../src/cli/main.js';

let stderr: string;
let stdout: string;

beforeEach(() => {
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const sosw = (...args: string[]): Promise<number> => main(['node', 'sosw', ...args]);

describe('parser errors under --json', () => {
  it.each([
    ['unknown option', ['status', '--nope', '--json'], 'commander.unknownOption', /unknown option '--nope'/],
    ['option without its value', ['tasks', '--json', '--limit'], 'commander.optionMissingArgument', /--limit <n>/],
    ['unknown command', ['shedule', '--json'], 'commander.unknownCommand', /unknown command 'shedule' \(Did you mean schedule\?\)/],
    ['excess argument', ['status', 'extra', '--json'], 'commander.excessArguments', /too many arguments/],
  ])('%s is one JSON error line with code cli.usage, exit 1', async (_name, args, parserCode, message) => {
    const code = await sosw(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    const { error } = JSON.parse(stderr) as { error: { code: string; message: string; details: Record<string, unknown> } };
    expect(error).toMatchObject({ code: 'cli.usage', details: { parserCode } });
    expect(error.message).toMatch(message);
  });

  it('without --json the parser error stays text', async () => {
    expect(await sosw('status', '--nope')).toBe(1);
    expect(stderr).toMatch(/^error: unknown option '--nope'/);
    expect(() => JSON.parse(stderr)).toThrow();
  });

  it('--help and --version still succeed', async () => {
    expect(await sosw('--version', '--json')).toBe(0);
    expect(stdout.trim()).toBe('0.1.0');
    expect(stderr).toBe('');
  });
});

describe('aws.config', () => {
  it('recognises the SDK region and credential failures anywhere in the cause chain', () => {
    const region = awsConfigError(new Error('store failed', { cause: new Error('Region is missing') }));
    expect(region).toMatchObject({ code: 'aws.config', details: { missing: 'region' } });
    expect(region?.message).toMatch(/AWS_REGION/);
    expect(awsConfigError(new Error('Could not load credentials from any providers'))?.message).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(awsConfigError(new Error('ECONNREFUSED'))).toBeNull();
  });

  it('SOSW_BACKEND=aws without a region exits 1 with aws.config naming AWS_REGION', async () => {
    vi.stubEnv('SOSW_BACKEND', 'aws');
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/sosw-test-aws-config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/sosw-test-aws-credentials');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const code = await sosw('status', '--json');
    // The last line: the AWS SDK may print a Node version warning first.
    const last = stderr.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toMatchObject({ error: { code: 'aws.config', details: { missing: 'region' } } });
    expect(code).toBe(1);
  }, 30_000);
});
