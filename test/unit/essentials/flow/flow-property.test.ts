/** Flow-control invariants under random arrivals, completions, pauses, pins and crashes, on SQLite. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { SqliteControlStore } from '../../../../src/adapters/sqlite/sqlite-control-store.js';
import { ManualClock } from '../../../../src/core/clock.js';
import { createMemoryStore } from '../../../../src/testing.js';
import { runFlowScenario, stepArbitrary } from '../../../helpers/flow-scenario.js';

async function onSqlite(steps: Parameters<typeof runFlowScenario>[1], orchestrators: number): Promise<void> {
  const memory = createMemoryStore();
  const controlStore = new SqliteControlStore();
  try {
    await runFlowScenario(
      { store: memory.store, controls: () => controlStore, clock: new ManualClock(Date.UTC(2026, 11, 5, 12)) },
      steps,
      orchestrators,
    );
  } finally {
    await controlStore.close();
    await memory.close();
  }
}

describe('flow control under random scenarios (SQLite)', () => {
  it('one Orchestrator: every invariant holds at every tick', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 10, maxLength: 60 }), (steps) => onSqlite(steps, 1)),
      { numRuns: 40 },
    );
  }, 120_000);

  it('three racing Orchestrators sharing the dispatch lease: every invariant holds at every tick', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 10, maxLength: 60 }), (steps) => onSqlite(steps, 3)),
      { numRuns: 25 },
    );
  }, 120_000);
});
