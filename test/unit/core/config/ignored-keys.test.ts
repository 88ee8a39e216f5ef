/**
 * Keys the original defines and sosw reads nowhere are accepted (Python documents are reused as
 * they are) but not silently: resolving a config returns them, and the runtimes log one warning per
 * key and load, naming the path as written and what to use instead.
 */
import { describe, expect, it } from 'vitest';
import { MemoryConfigSource } from '../../../../src/adapters/local/memory-config-source.js';
import { createAwsEssentials } from '../../../../src/aws-composition.js';
import { resolveOrchestratorConfig, resolveScavengerConfig } from '../../../../src/core/config/essentials-config.js';
import { inspectProjectConfig } from '../../../../src/core/config/project-config.js';
import { resolveSchedulerConfig } from '../../../../src/core/config/scheduler-config.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { ignoredKeyMessage } from '../../../../src/core/config/unused-keys.js';
import { createEmbeddedRuntime } from '../../../../src/local.js';
import type { Logger } from '../../../../src/ports/logger.js';

const fields = (keys: ReadonlyArray<{ field: string }> | undefined): string[] => (keys ?? []).map((k) => k.field);

function recordingLogger(): Logger & { warnings: Array<{ fields: Record<string, unknown>; message: string }> } {
  const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
  return { warnings, debug: () => {}, info: () => {}, error: () => {}, warn: (f, message) => warnings.push({ fields: f, message }) };
}

describe('resolving a config returns the original keys it ignores', () => {
  it('lists them at their paths in the document, each once, and not the keys another essential reads', () => {
    const config = resolveOrchestratorConfig({
      init_clients: ['Task'],
      default_simultaneous_invocations: 2,
      rows_to_process: 5, // the Scheduler's, from the shared row
      my_team_note: 'a key of our own',
      task_config: {
        test: true,
        dynamo_db_config: { table_name: 'sosw_tasks', row_mapper: {} },
        ecology_config: { default_metric_values: { Period: 60 } },
        labourers: { w: { health: 4 } },
      },
    });

    expect(fields(config.ignoredKeys)).toEqual([
      'init_clients',
      'default_simultaneous_invocations',
      'task_config.test',
      'task_config.ecology_config.default_metric_values',
      'task_config.dynamo_db_config.row_mapper',
      'task_config.labourers.w.health',
    ]);
    expect(config.ignoredKeys?.[0]).toMatchObject({ what: 'orchestrator config', instead: expect.stringContaining('AWS_REGION') });
  });

  it('does so for every essential document', () => {
    expect(fields(resolveSchedulerConfig({ siblings_config: {}, task_operational_overhead_for_ddb: 0.1 }).ignoredKeys)).toEqual([
      'siblings_config',
      'task_operational_overhead_for_ddb',
    ]);
    expect(fields(resolveScavengerConfig({ sns_config: { recipient: 'arn:aws:sns:x', region: 'us-west-2' } }).ignoredKeys)).toEqual([
      'sns_config.region',
    ]);
    expect(fields(resolveTaskConfig({ meta_handler_config: {} }).ignoredKeys)).toEqual(['task_config.meta_handler_config']);
    expect(resolveTaskConfig({ labourers: { w: { max_attempts: 2 } } }).ignoredKeys).toEqual([]);
  });

  it('names the key as written in a project file, says it is ignored and what to use instead', () => {
    const { ignoredKeys } = inspectProjectConfig(
      {
        labourers: { w: {} },
        task_config: { dead_sns_topic: 'arn:aws:sns:eu-west-1:1:dead' },
        orchestrator_config: { default_simultaneous_invocations: 3 },
      },
      '/srv/app/sosw.config.ts',
    );

    expect(fields(ignoredKeys)).toEqual(['task_config.dead_sns_topic', 'orchestrator_config.default_simultaneous_invocations']);
    expect(ignoredKeyMessage(ignoredKeys[0]!)).toBe(
      'project config (/srv/app/sosw.config.ts): task_config.dead_sns_topic is accepted for compatibility with the original sosw but ignored by this implementation: set scavenger_config.sns_config.recipient or SOSW_DEAD_TASKS_TOPIC_ARN.',
    );
  });
});

describe('the runtimes warn through their logger, once per config load', () => {
  it('the embedded runtime warns once per ignored key of the project', async () => {
    const logger = recordingLogger();
    const runtime = await createEmbeddedRuntime({
      project: { labourers: { w: {} }, task_config: { init_clients: ['Task'] }, scheduler_config: { auto_spawning: true } },
      dbPath: ':memory:',
      loadHandlers: false,
      heartbeat: false,
      logger,
    });
    await runtime.stop();

    expect(logger.warnings.map((w) => w.fields.field)).toEqual(['task_config.init_clients', 'scheduler_config.auto_spawning']);
    expect(logger.warnings[0]?.message).toMatch(
      /task_config\.init_clients is accepted for compatibility .* but ignored by this implementation/,
    );

    const quiet = recordingLogger();
    const plain = await createEmbeddedRuntime({
      project: { labourers: { w: {} } },
      dbPath: ':memory:',
      loadHandlers: false,
      logger: quiet,
    });
    await plain.stop();
    expect(quiet.warnings).toEqual([]);
  });

  it('the AWS essentials warn when an engine is built from its rows', async () => {
    const logger = recordingLogger();
    const essentials = createAwsEssentials({
      env: { AWS_REGION: 'eu-west-1' },
      logger,
      configSource: new MemoryConfigSource({
        sosw_essential_config: { init_clients: ['Task'], task_config: { labourers: { w: {} } } },
        sosw_orchestrator_config: { default_simultaneous_invocations: 2 },
      }),
    });
    try {
      await essentials.orchestrator();
      await essentials.orchestrator();
    } finally {
      await essentials.close();
    }

    expect(logger.warnings.map((w) => w.fields.field)).toEqual(['init_clients', 'default_simultaneous_invocations']);
    expect(logger.warnings[1]?.message).toContain('orchestrator config: default_simultaneous_invocations is accepted');
    expect(logger.warnings[1]?.message).toContain('set task_config.max_simultaneous_invocations');
  });
});
