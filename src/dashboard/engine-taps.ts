/**
 * What the dashboard records from the engines of an embedded runtime, through the runtime's hooks
 * (`runtime.observe`): Scavenger runs (the Scavenger's `onRun`), job progress (the Scheduler's
 * `onProgress`) and dispatch latencies (the metrics' `onObserve` tee). No engine method is wrapped.
 */
import type { Clock } from '../core/clock.js';
import type { RuntimeObserver } from '../local.js';
import type { JobTracker } from './job-tracker.js';
import type { LatencyHistogram } from './latency-histogram.js';
import type { ScavengerRunLog } from './scavenger-runs.js';

export interface EngineRecorders {
  readonly clock: Clock;
  readonly scavengerRuns: Pick<ScavengerRunLog, 'record'>;
  readonly jobs: Pick<JobTracker, 'record'>;
  /** Dispatch latency histograms by labourer id (seconds). */
  readonly latency: ReadonlyMap<string, Pick<LatencyHistogram, 'observe'>>;
}

/**
 * The runtime observer that feeds the dashboard's recorders.
 *
 * @example
 * const detach = runtime.observe(engineObserver({ clock, scavengerRuns, jobs, latency }));
 */
export function engineObserver(recorders: EngineRecorders): RuntimeObserver {
  const { clock, scavengerRuns, jobs, latency } = recorders;
  return {
    onScavengerRun: (result) => scavengerRuns.record(result, clock.now()),
    onSchedulerProgress: (progress) => jobs.record({ ...progress, done: progress.cursor >= progress.total }, clock.now()),
    onObservation: (name, labourerId, value) => {
      if (name === 'dispatch_latency_ms') latency.get(labourerId)?.observe(value / 1000);
    },
  };
}
