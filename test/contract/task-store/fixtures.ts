import { expect } from 'vitest';
import { SoswError } from '../../../src/core/errors.js';
import type { Task, TaskDraft } from '../../../src/core/task/task.js';
import type { MetaLog } from '../../../src/ports/meta-log.js';
import type { TaskStore } from '../../../src/ports/task-store.js';

/**
 * What an adapter's runner gives the contract: a fresh, empty store per test and how to drop it,
 * and a MetaLog on the store's own meta table (the report cases read the audit rows through it).
 */
export type TaskStoreFactory = () => Promise<{ store: TaskStore; metaLog?: MetaLog; cleanup(): Promise<void> }>;

/** A realistic "now" (integer epoch seconds) and the default invocation delta. */
export const NOW = 1_700_000_000;
export const DELTA = 31_557_600;
export const LABOURER = 'sosw_sandbox';
export const OTHER = 'other_worker';

/** The greenfield of a task invoked `secondsAgo` before NOW. */
export function invokedAt(secondsAgo = 0): number {
  return NOW - secondsAgo + DELTA;
}

export function drafts(count: number, idPrefix?: string): TaskDraft[] {
  return Array.from({ length: count }, (_, i) => ({
    payload: JSON.stringify({ n: i }),
    ...(idPrefix === undefined ? {} : { taskId: `${idPrefix}${String(i).padStart(4, '0')}` }),
  }));
}

/** Run `body` against a fresh store and always clean up. */
export async function withStore(factory: TaskStoreFactory, body: (store: TaskStore) => Promise<void>): Promise<void> {
  const { store, cleanup } = await factory();
  try {
    await body(store);
  } finally {
    await cleanup();
  }
}

/** Enqueue `count` tasks and claim the first `invoked` of them at `secondsAgo` before NOW. */
export async function seedInvoked(store: TaskStore, count: number, secondsAgo: readonly number[]): Promise<Task[]> {
  const queued = await store.enqueue(LABOURER, drafts(count), NOW);
  const claimed: Task[] = [];
  for (const [i, ago] of secondsAgo.entries()) {
    const task = await store.claim((queued[i] as Task).taskId, NOW, invokedAt(ago));
    if (task === null) throw new Error(`seedInvoked could not claim task ${i}`);
    claimed.push(task);
  }
  return claimed;
}

/** Which tables hold the task: exactly one entry after any operation. */
export async function placesOf(store: TaskStore, taskId: string): Promise<string[]> {
  const places: string[] = [];
  if ((await store.get(taskId)) !== null) places.push('live');
  if ((await store.getRetry(taskId)) !== null) places.push('retry');
  if ((await store.getClosed(taskId)) !== null) places.push('closed');
  return places;
}

/** A task that went invoked -> failed report -> completed report with stats, results and a failure. */
export async function seedReported(store: TaskStore, completed: boolean): Promise<Task> {
  const [task] = await seedInvoked(store, 1, [60]);
  const taskId = (task as Task).taskId;
  const common = { taskId, at: NOW - 30, invokedAtLeast: NOW };
  await store.report({ ...common, outcome: 'failed', stats: { rows: 1 }, result: { error: 'boom' } });
  if (completed) await store.report({ ...common, outcome: 'completed', stats: { rows: 7, pages: 2 }, result: { file: 'a.csv' } });
  return (await store.get(taskId)) as Task;
}

export async function expectInvalid(promise: Promise<unknown>, field: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SoswError);
  expect((error as SoswError).code).toBe('store.invalidArgument');
  expect((error as SoswError).message).toContain(field);
}
