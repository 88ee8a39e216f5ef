import { describe, expect, it } from 'vitest';
import { parseProjectConfig, splitHandlerReference, toEssentialConfigs } from '../../../../src/core/config/project-config.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { SoswError } from '../../../../src/core/errors.js';

describe('parseProjectConfig', () => {
  it('accepts a minimal project and fills the name', () => {
    const project = parseProjectConfig({ labourers: { prices: { handler: './w.ts' } } });
    expect(project.name).toBe('sosw project');
    expect(project.labourers.prices?.handler).toBe('./w.ts');
  });

  it('names every bad field with its path and the fix', () => {
    let error: unknown;
    try {
      parseProjectConfig(
        { labourers: { prices: { handler: 'x#1bad', max_simultaneous_invocations: -1, colour: 'red' } } },
        'demo/sosw.config.json',
      );
    } catch (e) {
      error = e;
    }
    expect(SoswError.is(error, 'config')).toBe(true);
    const message = (error as SoswError).message;
    expect(message).toContain('demo/sosw.config.json');
    expect(message).toContain('labourers.prices.handler');
    expect(message).toContain('labourers.prices.max_simultaneous_invocations');
    expect(message).toContain('colour');
  });

  it('rejects unknown top-level keys', () => {
    expect(() => parseProjectConfig({ labourers: {}, labourer: {} })).toThrow(/labourer/);
  });

  it.each(['rows_to_process', 'max_tasks_per_job', 'shutdown_period'])(
    'refuses the Scheduler key %s at the root, saying it goes under scheduler_config',
    (key) => {
      expect(() => parseProjectConfig({ labourers: {}, [key]: 5 })).toThrow(
        expect.objectContaining({
          code: 'config.invalid',
          details: expect.objectContaining({ field: key }),
          message: expect.stringContaining(`goes under scheduler_config, e.g. "scheduler_config": { "${key}": ... }`),
        }),
      );
      expect(parseProjectConfig({ labourers: {}, scheduler_config: { [key]: 5 } }).scheduler_config).toEqual({ [key]: 5 });
    },
  );

  it('refuses a worker config written under the labourer, saying where that config goes', () => {
    expect(() => parseProjectConfig({ labourers: { pull_tweets: { handler: './w.ts', config: { page_size: 10 } } } })).toThrow(
      expect.objectContaining({
        code: 'config.invalid',
        details: expect.objectContaining({ field: 'labourers.pull_tweets.config' }),
        message: expect.stringMatching(/own config document pull_tweets_config\. Move them to pull_tweets_config\.json .*SOSW_CONFIG_PATH/),
      }),
    );
  });
});

describe('splitHandlerReference', () => {
  it.each([
    ['./w.ts', { modulePath: './w.ts', exportName: 'handler' }],
    ['./w.ts#run', { modulePath: './w.ts', exportName: 'run' }],
  ])('splits %s', (reference, expected) => {
    expect(splitHandlerReference(reference)).toEqual(expected);
  });
});

describe('toEssentialConfigs', () => {
  it('builds the original config documents, readable by resolveTaskConfig', () => {
    const project = parseProjectConfig({
      labourers: { prices: { handler: './w.ts', timeout: 4.5, max_simultaneous_invocations: 3 } },
      job_schema_variants: { default: { chunkable_attrs: [] } },
      task_config: { max_attempts: 5 },
      orchestrator_config: { tick_interval: 1 },
    });
    const docs = toEssentialConfigs(project);
    const taskConfig = resolveTaskConfig((docs.sosw_essential_config as { task_config: unknown }).task_config);
    expect(taskConfig.maxAttempts).toBe(5);
    expect(taskConfig.labourers[0]).toMatchObject({ id: 'prices', maxSimultaneousInvocations: 3, maxDuration: 5 });
    expect(docs.sosw_scheduler_config).toEqual({ job_schema_variants: { default: { chunkable_attrs: [] } } });
    expect(docs.sosw_orchestrator_config).toEqual({ tick_interval: 1 });
  });
});
