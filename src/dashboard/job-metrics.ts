/**
 * The job gauges of /metrics, read through the JobsApi: records per state (one bounded list per
 * state) and the progress ratio of unfinished jobs.
 */
import { closedCount, JOB_STATES, TERMINAL_JOB_STATES } from '../core/job/job.js';
import type { JobsApi } from '../essentials/jobs/jobs-api.js';
import type { JobMetricsView } from './source.js';

/** Records read per state at most: a gauge beyond it reads as this bound. */
export const JOB_METRICS_SCAN = 1000;

export async function jobMetrics(jobs: JobsApi): Promise<JobMetricsView> {
  const pages = await Promise.all(JOB_STATES.map((state) => jobs.list({ states: [state], limit: JOB_METRICS_SCAN })));
  const byState: Record<string, number> = {};
  const progress: Array<{ jobId: string; labourerId: string; ratio: number }> = [];
  JOB_STATES.forEach((state, i) => {
    const page = pages[i]?.jobs ?? [];
    byState[state] = page.length;
    if (TERMINAL_JOB_STATES.includes(state)) return;
    for (const job of page) {
      progress.push({
        jobId: job.jobId,
        labourerId: job.labourerId,
        ratio: job.planned === 0 ? 0 : Math.min(1, closedCount(job) / job.planned),
      });
    }
  });
  return { byState, progress };
}
