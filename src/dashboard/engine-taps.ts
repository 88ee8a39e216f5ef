/**
 * Observers the dashboard attaches to engines of an embedded runtime that do not (yet) offer a
 * hook: each wraps one method of one instance, calls the original unchanged and records what it
 * returned. Nothing else of the engine changes; `untap()` restores the method.
 *
 * Proper hooks would replace these: `onRun` for the Scavenger, `onProgress` for the runtime's
 * Scheduler and a tee for the runtime's Metrics (see docs/dashboard.md).
 */
import type { Metrics, ObservationName } from '../ports/metrics.js';

export type Untap = () => void;

interface Runnable<A extends unknown[], R> {
  run(...args: A): Promise<R>;
}

/** Call `observe` with the result of every `run` of `target` (a Scavenger or a Scheduler). */
export function tapRuns<A extends unknown[], R>(target: Runnable<A, R>, observe: (result: R, args: A) => void): Untap {
  const own = Object.hasOwn(target, 'run');
  const original = target.run;
  const wrapped = async (...args: A): Promise<R> => {
    const result = await original.apply(target, args);
    try {
      observe(result, args);
    } catch {
      // An observer must never break the engine.
    }
    return result;
  };
  target.run = wrapped;
  return () => {
    if (target.run !== wrapped) return;
    if (own) target.run = original;
    else delete (target as { run?: unknown }).run;
  };
}

/** Call `observe` with every observation `metrics` records. */
export function tapObservations(metrics: Metrics, observe: (name: ObservationName, labourerId: string, value: number) => void): Untap {
  const own = Object.hasOwn(metrics, 'observe');
  const original = metrics.observe;
  const wrapped = (name: ObservationName, labourerId: string, value: number): void => {
    original.call(metrics, name, labourerId, value);
    try {
      observe(name, labourerId, value);
    } catch {
      // An observer must never break the engine.
    }
  };
  metrics.observe = wrapped;
  return () => {
    if (metrics.observe !== wrapped) return;
    if (own) metrics.observe = original;
    else delete (metrics as { observe?: unknown }).observe;
  };
}
