import { describe, expect, it } from 'vitest';
import { MemoryConfigSource } from '../../../src/adapters/local/memory-config-source.js';
import { createAwsEssentials } from '../../../src/aws-composition.js';
import { ManualClock } from '../../../src/core/clock.js';
import { resolveOrchestratorConfig } from '../../../src/core/config/essentials-config.js';
import { SoswError } from '../../../src/core/errors.js';

const DOCS = {
  sosw_essential_config: { task_config: { labourers: { w: { max_simultaneous_invocations: 3 } } } },
  prod_sosw_orchestrator_config: { tick_interval: 15, invoke_concurrency: 4 },
  sosw_orchestrator_config: { tick_interval: 99 },
};

describe('createAwsEssentials', () => {
  it('assembles a document: environment < sosw_essential_config < own row < explicit config', async () => {
    const essentials = createAwsEssentials({
      env: {
        SOSW_ESSENTIAL: 'orchestrator',
        SOSW_FUNCTION_CONFIG_NAME: 'prod_sosw_orchestrator_config',
        SOSW_TICK_SECONDS: '5',
        SOSW_TASKS_TABLE: 'prod_tasks',
      },
      configSource: new MemoryConfigSource(DOCS),
      config: { orchestrator: { invoke_concurrency: 2 } },
    });

    const doc = await essentials.document('orchestrator');

    expect(doc).toEqual({
      task_config: { dynamo_db_config: { table_name: 'prod_tasks' }, labourers: { w: { max_simultaneous_invocations: 3 } } },
      tick_interval: 15,
      invoke_concurrency: 2,
      // On AWS the dispatch lease is on unless a config row or explicit document turns it off.
      dispatch_lease_seconds: 60,
    });
    await essentials.close();
  });

  it('turns the dispatch lease on by default, and lets config turn it off', async () => {
    const on = createAwsEssentials({
      env: { AWS_REGION: 'us-west-2' },
      configSource: new MemoryConfigSource({ sosw_essential_config: DOCS.sosw_essential_config }),
    });
    expect(resolveOrchestratorConfig(await on.document('orchestrator')).dispatchLeaseSeconds).toBe(60);
    await on.close();
    const off = createAwsEssentials({
      env: { AWS_REGION: 'us-west-2' },
      configSource: new MemoryConfigSource({ ...DOCS, sosw_orchestrator_config: { dispatch_lease_seconds: 0 } }),
    });
    expect(resolveOrchestratorConfig(await off.document('orchestrator')).dispatchLeaseSeconds).toBe(0);
    await off.close();
  });

  it('builds each engine once, on first use, without contacting AWS', async () => {
    const clock = new ManualClock(0);
    const essentials = createAwsEssentials({ env: {}, configSource: new MemoryConfigSource(DOCS), clock });

    const [a, b] = await Promise.all([essentials.orchestrator(), essentials.orchestrator()]);
    const assistant = await essentials.workerAssistant();

    expect(a).toBe(b);
    expect(assistant).toBe(await essentials.workerAssistant());
    expect(essentials.clock).toBe(clock);
    await essentials.close();
  });

  it('reports an invalid config row with config.invalid; rows are read once per container', async () => {
    const docs: Record<string, Record<string, unknown>> = {
      sosw_essential_config: { task_config: { labourers: { w: { max_attempts: -1 } } } },
    };
    const essentials = createAwsEssentials({ env: {}, configSource: { get: async (name) => docs[name] ?? null } });

    const error = await essentials.scavenger().catch((e: unknown) => e);
    docs.sosw_essential_config = DOCS.sosw_essential_config;

    expect(SoswError.is(error, 'config.invalid')).toBe(true);
    const again = await essentials.scavenger().catch((e: unknown) => e);
    expect(SoswError.is(again, 'config.invalid')).toBe(true);
    await essentials.close();
  });
});
