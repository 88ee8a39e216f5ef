import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { censusOf, censusTotal } from '../../../../src/adapters/local/queue-census.js';
import { findTask, listTasks, TASK_STATES } from '../../../../src/adapters/local/task-listing.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { invokedGreenfield } from '../../../../src/core/task/greenfield.js';
import { createMemoryStore, type MemoryStore } from '../../../../src/testing.js';

const NOW = 1_700_000_000;
const labourer = resolveTaskConfig({ labourers: { w: { duration: 10, cooldown: 5 } } }).labourers[0]!;

describe('census and task listing', () => {
  let memory: MemoryStore;
  let ids: Record<string, string>;

  beforeEach(async () => {
    // Prepare: one task in every place a task can be.
    memory = createMemoryStore();
    const { store } = memory;
    const tasks = await store.enqueue(
      'w',
      ['queued', 'running', 'expired', 'completed', 'retrying', 'succeeded', 'dead', 'cancelled'].map((name) => ({
        payload: JSON.stringify({ name }),
      })),
      NOW - 100,
    );
    const delayed = await store.enqueue('w', [{ payload: JSON.stringify({ name: 'delayed' }) }], NOW - 100, { notBefore: NOW + 3600 });
    ids = Object.fromEntries([...tasks, ...delayed].map((t) => [JSON.parse(t.payload).name as string, t.taskId]));
    const claim = (name: string, at: number): Promise<unknown> => store.claim(ids[name]!, NOW - 50, invokedGreenfield(at));
    await claim('running', NOW - 3);
    await claim('expired', NOW - 60);
    for (const name of ['completed', 'retrying', 'succeeded', 'dead']) await claim(name, NOW - 2);
    for (const name of ['completed', 'succeeded']) {
      await store.report({ taskId: ids[name]!, outcome: 'completed', at: NOW - 1, invokedAtLeast: NOW - 10 });
    }
    await store.archive(ids.succeeded!, NOW);
    await store.archive(ids.dead!, NOW);
    await store.moveToRetry(ids.retrying!, NOW + 30);
    // Closed by a job cancel before it ran: closed, not succeeded, with cancelled_at.
    expect(await store.closeCancelled([ids.cancelled!], NOW)).toEqual([ids.cancelled]);
  });
  afterEach(async () => {
    await memory.close();
  });

  it('counts every place exactly once', async () => {
    const census = await censusOf(memory.store, labourer, NOW);
    // A delayed task waits in the retry table: counted there; a cancelled one is closed, not succeeded, but not dead.
    expect(census).toEqual({
      labourerId: 'w',
      queued: 1,
      running: 1,
      expired: 1,
      reported: 1,
      retrying: 2,
      completed: 1,
      dead: 1,
      cancelled: 1,
    });
    expect(censusTotal(census)).toBe(9);
  });

  it.each(TASK_STATES.map((s) => [s]))('lists the %s task', async (state) => {
    const listed = await listTasks(memory.store, labourer, state, NOW, 10);
    expect(listed.map((t) => t.taskId)).toEqual([ids[state]]);
    expect(listed[0]).toMatchObject({ state, labourerId: 'w', payload: { name: state } });
  });

  it.each(TASK_STATES.map((s) => [s]))('finds the %s task by id', async (state) => {
    expect(await findTask(memory.store, ids[state]!, [labourer], NOW)).toMatchObject({ taskId: ids[state], state });
  });

  it('returns null for an unknown task', async () => {
    expect(await findTask(memory.store, 'f'.repeat(32), [labourer], NOW)).toBeNull();
  });
});
