/**
 * `runtime.status()` (hence `sosw status --json` and the heartbeat `sosw dashboard` reads) carries
 * every lifecycle counter, as the embedded /metrics does: docs/adaptive-concurrency.md points users
 * at the `invoke_throttled` counter of `sosw status --json`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../../src/local.js';
import { COUNTER_NAMES } from '../../../src/ports/metrics.js';

let runtime: EmbeddedRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

describe('embedded status counters', () => {
  it('lists every counter name, invoke_throttled included', async () => {
    runtime = await createEmbeddedRuntime({
      project: { name: 'counters', labourers: { w: { max_simultaneous_invocations: 1 } } },
      dbPath: ':memory:',
      heartbeat: false,
      handlers: { w: async () => ({ ok: true }) },
    });
    runtime.metrics.count('invoke_throttled', 'w', 2);
    const [labourer] = (await runtime.status()).labourers;
    expect(Object.keys(labourer?.counters ?? {}).sort()).toEqual([...COUNTER_NAMES].sort());
    expect(labourer?.counters.invoke_throttled).toBe(2);
  });
});
