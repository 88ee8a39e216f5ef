/**
 * Blocks of planned tasks: the chunker yields either one finished task or a run of tasks that
 * differ only in one chunked key (`base` + `key: values[i .. i + size]`). Runs are counted,
 * skipped and serialised without building every task object, which keeps planning and resuming
 * a million-task job cheap.
 */
import type { JobObject } from './values.js';

export type TaskBlock =
  | { readonly kind: 'one'; readonly task: JobObject }
  | { readonly kind: 'run'; readonly base: JobObject; readonly key: string; readonly values: readonly unknown[]; readonly size: number };

export function oneTask(task: JobObject): TaskBlock {
  return { kind: 'one', task };
}

/** A run of `ceil(values.length / size)` tasks `{...base, [key]: chunk}`. */
export function taskRun(base: JobObject, key: string, values: readonly unknown[], size: number): TaskBlock {
  return { kind: 'run', base, key, values, size: Math.max(1, Math.min(size, values.length)) };
}

/** Number of tasks in a block. */
export function blockSize(block: TaskBlock): number {
  return block.kind === 'one' ? 1 : Math.ceil(block.values.length / block.size);
}

/** The `i`-th task of a block. */
export function blockTask(block: TaskBlock, i: number): JobObject {
  if (block.kind === 'one') return { ...block.task };
  const start = i * block.size;
  return { ...block.base, [block.key]: block.values.slice(start, start + block.size) };
}

/** The tasks of a block, from its `from`-th on. */
export function* blockTasks(block: TaskBlock, from = 0): Generator<JobObject> {
  const n = blockSize(block);
  for (let i = from; i < n; i++) yield blockTask(block, i);
}
