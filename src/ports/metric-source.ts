/** Reads one health metric value. `details` come from the labourer's `health_metrics.<name>.details`. */
export interface MetricSource {
  /**
   * The metric's current value aggregated over its time slice ending at `nowMs`, or null when the
   * source has no data for it. Fails with `metric.unavailable` when the source cannot be reached.
   */
  fetch(details: Readonly<Record<string, unknown>>, nowMs: number): Promise<number | null>;
}
