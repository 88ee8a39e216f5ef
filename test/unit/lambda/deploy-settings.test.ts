import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../src/core/errors.js';
import { environmentDocument, essentialConfigRow, readDeploySettings } from '../../../src/lambda/deploy-settings.js';

describe('readDeploySettings', () => {
  it('reads the variables the Sosw construct sets', () => {
    const settings = readDeploySettings({
      SOSW_ESSENTIAL: 'orchestrator',
      AWS_LAMBDA_FUNCTION_NAME: 'prod_sosw_orchestrator',
      SOSW_FUNCTION_CONFIG_NAME: 'prod_sosw_orchestrator_config',
      SOSW_TASKS_TABLE: 'prod_sosw_tasks',
      SOSW_CONFIG_ENV: 'staging',
      SOSW_TICK_SECONDS: '10',
    });
    expect(settings).toMatchObject({
      essential: 'orchestrator',
      functionName: 'prod_sosw_orchestrator',
      configEnv: 'staging',
      essentialConfigName: 'sosw_essential_config',
      tickSeconds: 10,
      tables: { tasks: 'prod_sosw_tasks' },
    });
  });

  it.each([
    [{ SOSW_ESSENTIAL: 'janitor' }, 'SOSW_ESSENTIAL'],
    [{ SOSW_TICK_SECONDS: 'often' }, 'SOSW_TICK_SECONDS'],
  ])('fails with config.invalid naming the variable for %j', (env, variable) => {
    const error = (() => {
      try {
        return readDeploySettings(env);
      } catch (e) {
        return e;
      }
    })();
    expect(SoswError.is(error, 'config.invalid')).toBe(true);
    expect((error as SoswError).message).toContain(variable);
  });
});

describe('essentialConfigRow', () => {
  it("uses the deployment's row name for its own essential and <function>_config otherwise", () => {
    const settings = readDeploySettings({ SOSW_ESSENTIAL: 'scavenger', SOSW_FUNCTION_CONFIG_NAME: 'x_sosw_scavenger_config' });
    expect(essentialConfigRow('scavenger', settings)).toBe('x_sosw_scavenger_config');
    expect(essentialConfigRow('orchestrator', settings)).toBe('sosw_orchestrator_config');
    expect(essentialConfigRow('orchestrator', settings, 'dev_orchestrator')).toBe('dev_orchestrator_config');
  });
});

describe('environmentDocument', () => {
  it('turns tables, queue bucket and tick into config keys', () => {
    const settings = readDeploySettings({
      SOSW_TASKS_TABLE: 't',
      SOSW_CLOSED_TASKS_TABLE: 'c',
      SOSW_RETRY_TASKS_TABLE: 'r',
      SOSW_QUEUE_BUCKET: 'bucket',
      SOSW_QUEUE_PREFIX: 'q',
      SOSW_TICK_SECONDS: '5',
    });
    const task_config = { dynamo_db_config: { table_name: 't' }, sosw_closed_tasks_table: 'c', sosw_retry_tasks_table: 'r' };
    expect(environmentDocument('scheduler', settings)).toEqual({ task_config, queue_bucket: 'bucket', s3_prefix: 'q' });
    expect(environmentDocument('orchestrator', settings)).toEqual({ task_config, tick_interval: 5, dispatch_lease_seconds: 60 });
    expect(environmentDocument('scavenger', settings)).toEqual({ task_config });
  });
});

describe('readDeploySettings retention', () => {
  it('is off when no TTL seconds are set', () => {
    expect(readDeploySettings({ SOSW_TTL_ATTRIBUTE: 'gone_at' }).retention).toEqual({ closedTasks: undefined, meta: undefined });
  });

  it('reads the seconds per table with the default attribute expires_at', () => {
    const { retention } = readDeploySettings({ SOSW_CLOSED_TASKS_TTL_SECONDS: '7776000', SOSW_META_TTL_SECONDS: ' 2592000 ' });
    expect(retention).toEqual({
      closedTasks: { attribute: 'expires_at', seconds: 7_776_000 },
      meta: { attribute: 'expires_at', seconds: 2_592_000 },
    });
  });

  it('uses SOSW_TTL_ATTRIBUTE when set', () => {
    const { retention } = readDeploySettings({ SOSW_TTL_ATTRIBUTE: 'gone_at', SOSW_META_TTL_SECONDS: '3600' });
    expect(retention).toEqual({ closedTasks: undefined, meta: { attribute: 'gone_at', seconds: 3600 } });
  });

  it.each([
    [{ SOSW_CLOSED_TASKS_TTL_SECONDS: 'forever' }, 'SOSW_CLOSED_TASKS_TTL_SECONDS'],
    [{ SOSW_CLOSED_TASKS_TTL_SECONDS: '0' }, 'SOSW_CLOSED_TASKS_TTL_SECONDS'],
    [{ SOSW_META_TTL_SECONDS: '1.5' }, 'SOSW_META_TTL_SECONDS'],
    [{ SOSW_META_TTL_SECONDS: '-60' }, 'SOSW_META_TTL_SECONDS'],
    [{ SOSW_TTL_ATTRIBUTE: 'x'.repeat(256), SOSW_META_TTL_SECONDS: '60' }, 'SOSW_TTL_ATTRIBUTE'],
  ])('fails with config.invalid naming the variable for %j', (env, variable) => {
    let error: unknown;
    try {
      readDeploySettings(env);
    } catch (e) {
      error = e;
    }
    expect(SoswError.is(error, 'config.invalid')).toBe(true);
    expect((error as SoswError).message).toContain(variable);
    expect((error as SoswError).message).toMatch(/Fix it/);
  });
});
