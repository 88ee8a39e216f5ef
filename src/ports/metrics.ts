/**
 * Lifecycle counters and observations of the engines, per labourer. The dashboard reads them
 * from the in-memory adapter; on AWS they become CloudWatch embedded-metric-format lines.
 */

/** Counters, one increment per task unless noted. */
export const COUNTER_NAMES = [
  /** Tasks appended to a queue (TaskManager.createTask). */
  'queued',
  /** Tasks invoked (claimed and accepted by the invoker). */
  'invoked',
  /** Claims lost to another orchestrator (no invocation). */
  'claim_lost',
  /** Claimed tasks the invoker refused (sent to retry at once). */
  'invoke_failed',
  /** Claimed tasks the invoker refused as throttled (put back in the queue, no attempt used). */
  'invoke_throttled',
  /** Completion reports applied. */
  'completed',
  /** Failure reports applied. */
  'failed',
  /** Reports that changed nothing (unknown, archived, re-queued task or another attempt). */
  'report_rejected',
  /** Completed tasks archived. */
  'archived',
  /** Expired or failed tasks moved to the retry table. */
  'retried',
  /** Retry tasks returned to the head of the queue. */
  'returned',
  /** Tasks closed as dead (no attempts left, or an invalid payload). */
  'dead',
  /** Dead-task notices that could not be delivered. */
  'notify_failed',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

/** Observed values (one sample each). */
export const OBSERVATION_NAMES = [
  /** Milliseconds from the start of an orchestrator tick to the invoker accepting a task. */
  'dispatch_latency_ms',
  /** Seconds a task waited in the queue before its first invocation. */
  'queue_wait_seconds',
  /** Milliseconds one orchestrator tick took for a labourer. */
  'tick_duration_ms',
] as const;
export type ObservationName = (typeof OBSERVATION_NAMES)[number];

/** Where engines report what they did. Calls are synchronous and must not throw. */
export interface Metrics {
  count(name: CounterName, labourerId: string, n?: number): void;
  observe(name: ObservationName, labourerId: string, value: number): void;
}

/** Metrics that go nowhere (the engines' default). */
export const noopMetrics: Metrics = Object.freeze({
  count: (): void => {},
  observe: (): void => {},
});
