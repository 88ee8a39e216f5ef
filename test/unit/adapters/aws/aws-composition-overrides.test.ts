/**
 * After a migration, Python-era `task_config.labourers` in an essential's own row win the merge over
 * `sosw_essential_config`: the AWS composition says so at every cold start (and to `sosw status`),
 * naming the row, the labourer, the fields in force and the fix. The original's layout (labourers
 * only in own rows) stays quiet. The shared row's `function_config_names` names the own row to read.
 */
import { describe, expect, it } from 'vitest';
import { MemoryConfigSource } from '../../../../src/adapters/local/memory-config-source.js';
import { createAwsEssentials } from '../../../../src/aws-composition.js';
import type { ConfigDocument } from '../../../../src/core/config/deep-merge.js';
import { resolveOrchestratorConfig } from '../../../../src/core/config/essentials-config.js';
import { labourerOverrides } from '../../../../src/core/config/labourer-overrides.js';
import { SoswError } from '../../../../src/core/errors.js';
import type { Logger } from '../../../../src/ports/logger.js';

const labourers = (l: Record<string, unknown>): ConfigDocument => ({ task_config: { labourers: l } });

function recordingLogger(): Logger & { warnings: Array<{ fields: Record<string, unknown>; message: string }> } {
  const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
  const none = (): void => {};
  return { warnings, debug: none, info: none, error: none, warn: (fields, message) => warnings.push({ fields, message }) };
}

describe('labourerOverrides', () => {
  const rows = (shared: ConfigDocument | null, own: ConfigDocument | null) => ({
    essential: 'sosw_orchestrator',
    shared: { name: 'sosw_essential_config', value: shared },
    own: { name: 'sosw_orchestrator_config', value: own },
  });

  it('names each field whose own-row value wins, with both values and the fix', () => {
    const [found, ...rest] = labourerOverrides(
      rows(
        labourers({ w: { max_simultaneous_invocations: 2, max_attempts: 3 } }),
        labourers({ w: { max_simultaneous_invocations: 5, max_attempts: 3, arn: 'arn:old' } }),
      ),
    );
    expect(rest).toEqual([]);
    expect(found).toMatchObject({
      row: 'sosw_orchestrator_config',
      sharedRow: 'sosw_essential_config',
      labourerId: 'w',
      onlyInOwnRow: false,
      fields: [
        { field: 'max_simultaneous_invocations', own: 5, shared: 2 },
        { field: 'arn', own: 'arn:old', shared: undefined },
      ],
    });
    expect(found?.message).toContain('sosw_orchestrator uses max_simultaneous_invocations = 5 (sosw_essential_config: 2)');
    expect(found?.message).toContain('arn = "arn:old" (sosw_essential_config: not set)');
    expect(found?.message).toContain('Remove task_config.labourers from sosw_orchestrator_config');
  });

  it('names a labourer only the own row defines: the essential still works on it', () => {
    const [found] = labourerOverrides(rows(labourers({ w: {} }), labourers({ removed: { max_simultaneous_invocations: 1 } })));
    expect(found).toMatchObject({ labourerId: 'removed', onlyInOwnRow: true, fields: [] });
    expect(found?.message).toContain('sosw_essential_config does not declare it: sosw_orchestrator still works on it');
  });

  it('is quiet for equal definitions, nested fields compared leaf by leaf, and for the original layout', () => {
    const metric = { health_metrics: { cpu: { feelings: { 3: 50 } } } };
    expect(labourerOverrides(rows(labourers({ w: { ...metric, max_attempts: 3 } }), labourers({ w: metric })))).toEqual([]);
    expect(
      labourerOverrides(rows(labourers({ w: metric }), labourers({ w: { health_metrics: { cpu: { feelings: { 3: 60 } } } } })))[0]?.fields,
    ).toEqual([{ field: 'health_metrics.cpu.feelings.3', own: 60, shared: 50 }]);
    // Labourers only in own rows (the original's layout), or no own row at all.
    expect(labourerOverrides(rows(null, labourers({ w: { max_simultaneous_invocations: 5 } })))).toEqual([]);
    expect(labourerOverrides(rows({ task_config: { labourers: {} } }, labourers({ w: {} })))).toEqual([]);
    expect(labourerOverrides(rows(labourers({ w: {} }), null))).toEqual([]);
  });
});

describe('createAwsEssentials: labourers an own row redefines', () => {
  it('keeps the merge (own row wins) but warns once per cold start and reports it to configWarnings', async () => {
    const logger = recordingLogger();
    const source = new MemoryConfigSource({
      sosw_essential_config: labourers({ w: { max_simultaneous_invocations: 2 } }),
      sosw_orchestrator_config: labourers({ w: { max_simultaneous_invocations: 5 }, gone: { max_simultaneous_invocations: 1 } }),
    });
    const essentials = createAwsEssentials({ env: {}, configSource: source, logger });
    try {
      const config = resolveOrchestratorConfig(await essentials.document('orchestrator'));
      await essentials.document('orchestrator');
      expect(config.task.labourers.map((l) => [l.id, l.maxSimultaneousInvocations])).toEqual([
        ['w', 5],
        ['gone', 1],
      ]);
      expect(logger.warnings.map((w) => w.fields.labourer)).toEqual(['w', 'gone']);
      expect(logger.warnings[0]?.fields).toMatchObject({
        row: 'sosw_orchestrator_config',
        fields: [{ field: 'max_simultaneous_invocations' }],
      });
      const warnings = await essentials.configWarnings('orchestrator');
      expect(warnings.map((w) => w.message)).toEqual(logger.warnings.map((w) => w.message));
      // Another essential without an own row has nothing to say.
      await expect(essentials.configWarnings('scavenger')).resolves.toEqual([]);
    } finally {
      await essentials.close();
    }
  });

  it('the original layout (labourers only in own rows) still works, without a warning', async () => {
    const logger = recordingLogger();
    const source = new MemoryConfigSource({ sosw_orchestrator_config: labourers({ w: { max_simultaneous_invocations: 5 } }) });
    const essentials = createAwsEssentials({ env: {}, configSource: source, logger });
    try {
      expect(resolveOrchestratorConfig(await essentials.document('orchestrator')).task.labourers[0]?.maxSimultaneousInvocations).toBe(5);
      expect(logger.warnings).toEqual([]);
    } finally {
      await essentials.close();
    }
  });
});

describe('createAwsEssentials: function_config_names of the shared row', () => {
  const source = () =>
    new MemoryConfigSource({
      sosw_essential_config: {
        ...labourers({ w: { max_simultaneous_invocations: 2 } }),
        function_config_names: { scheduler: 'sosw_scheduler_stack_config' },
      },
      // The original's row, kept for a rollback: not read once the shared row names another.
      sosw_scheduler_config: { queue_bucket: 'sosw-s3-old', ...labourers({ w: { max_simultaneous_invocations: 9 } }) },
      sosw_scheduler_stack_config: { job_schema_variants: { default: { chunkable_attrs: [['topic', {}]] } } },
    });

  it('reads the named row instead of <function>_config, and the key configures nothing', async () => {
    const logger = recordingLogger();
    const essentials = createAwsEssentials({ env: { SOSW_QUEUE_BUCKET: 'stack-bucket' }, configSource: source(), logger });
    try {
      const doc = await essentials.document('scheduler');
      expect(doc).toMatchObject({ queue_bucket: 'stack-bucket', job_schema_variants: { default: {} } });
      expect(doc).not.toHaveProperty('function_config_names');
      expect(logger.warnings).toEqual([]);
      // Essentials the key does not name read their <function>_config as before.
      expect(await essentials.document('orchestrator')).not.toHaveProperty('function_config_names');
    } finally {
      await essentials.close();
    }
  });

  it('SOSW_FUNCTION_CONFIG_NAME of the function itself, and a given function name, come first', async () => {
    const fromEnv = createAwsEssentials({
      env: { SOSW_ESSENTIAL: 'scheduler', SOSW_FUNCTION_CONFIG_NAME: 'sosw_scheduler_config' },
      configSource: source(),
    });
    const named = createAwsEssentials({ env: {}, configSource: source(), functionNames: { scheduler: 'sosw_scheduler' } });
    try {
      expect(await fromEnv.document('scheduler')).toMatchObject({ queue_bucket: 'sosw-s3-old' });
      expect(await named.document('scheduler')).toMatchObject({ queue_bucket: 'sosw-s3-old' });
    } finally {
      await Promise.all([fromEnv.close(), named.close()]);
    }
  });

  it('refuses a key that names no row, with config.invalid naming the field and row', async () => {
    const bad = new MemoryConfigSource({ sosw_essential_config: { ...labourers({ w: {} }), function_config_names: { orchestrator: 7 } } });
    const essentials = createAwsEssentials({ env: {}, configSource: bad });
    try {
      const error = await essentials.document('orchestrator').catch((e: unknown) => e);
      expect(SoswError.is(error, 'config.invalid'), String(error)).toBe(true);
      expect((error as SoswError).details).toMatchObject({ field: 'function_config_names.orchestrator', row: 'sosw_essential_config' });
    } finally {
      await essentials.close();
    }
  });
});
