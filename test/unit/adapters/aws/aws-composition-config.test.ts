/** The AWS composition refuses a missing, misplaced or empty labourer config with a coded error naming the rows, table and env. */
import { describe, expect, it } from 'vitest';
import { MemoryConfigSource } from '../../../../src/adapters/local/memory-config-source.js';
import { type AwsEssentialsOptions, createAwsEssentials } from '../../../../src/aws-composition.js';
import { SoswError } from '../../../../src/core/errors.js';

const LABOURERS = { task_config: { labourers: { greeter: { max_simultaneous_invocations: 5 } } } };

async function failure(options: AwsEssentialsOptions, build: (e: ReturnType<typeof createAwsEssentials>) => Promise<unknown>) {
  const essentials = createAwsEssentials(options);
  try {
    const error = await build(essentials).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(SoswError.is(error), String(error)).toBe(true);
    return error as SoswError;
  } finally {
    await essentials.close();
  }
}

describe('createAwsEssentials: labourer config', () => {
  it('config.notFound names both rows, the table and the env, and the variables to fix them', async () => {
    const error = await failure(
      { env: { SOSW_CONFIG_ENV: 'prod', SOSW_CONFIG_TABLE: 'my_config' }, configSource: new MemoryConfigSource({}) },
      (e) => e.document('orchestrator'),
    );

    expect(error.code).toBe('config.notFound');
    expect(error.message).toContain('No config row sosw_essential_config nor sosw_orchestrator_config in the configSource given');
    expect(error.message).toContain('env "prod"');
    expect(error.message).toContain('SOSW_CONFIG_ENV');
    expect(error.details).toMatchObject({ rows: ['sosw_essential_config', 'sosw_orchestrator_config'], env: 'prod', table: 'my_config' });
  });

  it('refuses a row with labourers at its root: they belong under task_config', async () => {
    const error = await failure(
      { env: { SOSW_CONFIG_ENV: 'prod' }, configSource: new MemoryConfigSource({ sosw_essential_config: { labourers: { greeter: {} } } }) },
      (e) => e.scheduler(),
    );

    expect(error.code).toBe('config.invalid');
    expect(error.message).toContain('Config row sosw_essential_config');
    expect(error.message).toContain('"labourers" at its root');
    expect(error.message).toContain('it belongs under task_config');
    expect(error.details).toMatchObject({ field: 'labourers', expected: 'task_config.labourers', row: 'sosw_essential_config' });
  });

  it('refuses rows that configure no labourers, for the Scheduler, Orchestrator and Scavenger', async () => {
    for (const build of [
      (e: ReturnType<typeof createAwsEssentials>) => e.scheduler(),
      (e: ReturnType<typeof createAwsEssentials>) => e.scavenger(),
    ]) {
      const error = await failure({ env: {}, configSource: new MemoryConfigSource({ sosw_essential_config: { task_config: {} } }) }, build);
      expect(error.code).toBe('config.invalid');
      expect(error.message).toContain('configure no labourers');
      expect(error.details.field).toBe('task_config.labourers');
    }
  });

  it('accepts labourers from the shared row or the essential own row, and the WorkerAssistant without any row', async () => {
    const shared = createAwsEssentials({ env: {}, configSource: new MemoryConfigSource({ sosw_essential_config: LABOURERS }) });
    const own = createAwsEssentials({ env: {}, configSource: new MemoryConfigSource({ sosw_orchestrator_config: LABOURERS }) });
    const none = createAwsEssentials({ env: {}, configSource: new MemoryConfigSource({}) });

    await expect(shared.document('orchestrator')).resolves.toMatchObject(LABOURERS);
    await expect(own.document('orchestrator')).resolves.toMatchObject(LABOURERS);
    await expect(none.workerAssistant()).resolves.toBeDefined();
    await Promise.all([shared.close(), own.close(), none.close()]);
  });

  it('the Scheduler without a queue bucket is config.invalid naming SOSW_QUEUE_BUCKET and queue_bucket (no test-fixture default)', async () => {
    const error = await failure({ env: {}, configSource: new MemoryConfigSource({ sosw_essential_config: LABOURERS }) }, (e) =>
      e.scheduler(),
    );

    expect(error.code).toBe('config.invalid');
    expect(error.message).toContain('No queue bucket configured');
    expect(error.message).toContain('SOSW_QUEUE_BUCKET');
    expect(error.message).toContain('queue_bucket in the sosw_scheduler_config config row');
    expect(error.message).not.toContain('autotest-bucket');
    expect(error.details).toMatchObject({ field: 'queue_bucket', variable: 'SOSW_QUEUE_BUCKET' });
  });

  it('the Scheduler with SOSW_QUEUE_BUCKET builds', async () => {
    const essentials = createAwsEssentials({
      env: { SOSW_QUEUE_BUCKET: 'my-queue-bucket' },
      configSource: new MemoryConfigSource({ sosw_essential_config: LABOURERS }),
    });
    await expect(essentials.scheduler()).resolves.toBeDefined();
    await essentials.close();
  });
});

describe('createAwsEssentials: retention from the environment', () => {
  // It said "Option ttl.attribute must be ... Fix or omit ttl.", an option a Lambda or CLI user never wrote.
  it('an SOSW_TTL_ATTRIBUTE sosw uses is config.invalid naming the variable', async () => {
    const env = { SOSW_TTL_ATTRIBUTE: 'task_id', SOSW_META_TTL_SECONDS: '3600', SOSW_CLOSED_TASKS_TTL_SECONDS: '3600' };
    expect(() => createAwsEssentials({ env, configSource: new MemoryConfigSource({ sosw_essential_config: LABOURERS }) })).toThrow(
      /Environment variable SOSW_TTL_ATTRIBUTE must name an attribute sosw does not use .*got "task_id".*unset it for expires_at/,
    );
    const closedOnly = { SOSW_TTL_ATTRIBUTE: 'labourer_id', SOSW_CLOSED_TASKS_TTL_SECONDS: '3600' };
    const error = await failure({ env: closedOnly, configSource: new MemoryConfigSource({ sosw_essential_config: LABOURERS }) }, (e) =>
      e.scavenger(),
    );
    expect(error).toMatchObject({ code: 'config.invalid', details: { variable: 'SOSW_TTL_ATTRIBUTE', value: 'labourer_id' } });
  });
});
