/**
 * `processor.died` errors a Worker has already turned into its task's failure report. A `ctx.die()`
 * inside a callback the handler did not await (`promise.then(() => ctx.die())`) still rejects a
 * promise nobody handles; a process that knows the death was reported (the `sosw` command line)
 * can then log it instead of ending on it. Weak: an error is forgotten with its promise.
 */
const recorded = new WeakSet<object>();

export function markRecordedDeath(error: unknown): void {
  if (typeof error === 'object' && error !== null) recorded.add(error);
}

/** Whether `error` is a `processor.died` error whose task was (or is being) reported failed. */
export function isRecordedDeath(error: unknown): boolean {
  return typeof error === 'object' && error !== null && recorded.has(error);
}
