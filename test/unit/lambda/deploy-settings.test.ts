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
    expect(environmentDocument('orchestrator', settings)).toEqual({ task_config, tick_interval: 5 });
    expect(environmentDocument('scavenger', settings)).toEqual({ task_config });
  });
});
