/**
 * Prometheus text exposition format 0.0.4: per-labourer counters `sosw_tasks_<name>_total`,
 * gauges of where tasks are and of health, and a histogram of dispatch latency.
 */
import { COUNTER_NAMES } from '../ports/metrics.js';
import type { MetricsView } from './source.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const COUNTER_HELP: Readonly<Record<string, string>> = {
  queued: 'Tasks appended to the queue.',
  invoked: 'Tasks invoked.',
  claim_lost: 'Claims lost to another orchestrator.',
  invoke_failed: 'Claimed tasks the invoker refused.',
  invoke_throttled: 'Claimed tasks the invoker refused as throttled (back in the queue, no attempt used).',
  completed: 'Completion reports applied.',
  failed: 'Failure reports applied.',
  report_rejected: 'Worker reports that changed nothing.',
  archived: 'Completed tasks archived.',
  retried: 'Expired or failed tasks moved to the retry queue.',
  returned: 'Retry tasks returned to the head of the queue.',
  dead: 'Tasks closed as dead.',
  notify_failed: 'Dead-task notices that could not be delivered.',
};

const GAUGES = [
  ['sosw_queue_depth', 'Tasks queued, waiting for an invocation.', 'queued'],
  ['sosw_tasks_running', 'Tasks invoked and not finished.', 'running'],
  ['sosw_tasks_retrying', 'Tasks waiting in the retry queue.', 'retrying'],
  ['sosw_tasks_dead', 'Tasks closed as dead (in the store; cancelled ones are not dead).', 'dead'],
  ['sosw_tasks_cancelled', 'Tasks closed by a job cancel (in the store).', 'cancelled'],
  ['sosw_labourer_health', 'Ecology status 0 (Bad) .. 4 (High).', 'health'],
  ['sosw_labourer_cap', 'Invocations allowed at once at the current health.', 'cap'],
] as const;

/** Label value escaping: backslash, double quote and line feed. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** The whole exposition, ending with a line feed. */
export function renderPrometheus(view: MetricsView): string {
  const lines: string[] = [];
  const label = (id: string): string => `labourer="${escapeLabel(id)}"`;
  for (const name of COUNTER_NAMES) {
    const metric = `sosw_tasks_${name}_total`;
    lines.push(`# HELP ${metric} ${COUNTER_HELP[name] ?? name}`, `# TYPE ${metric} counter`);
    for (const l of view.labourers) lines.push(`${metric}{${label(l.labourerId)}} ${number(l.counters[name] ?? 0)}`);
  }
  for (const [metric, help, key] of GAUGES) {
    lines.push(`# HELP ${metric} ${help}`, `# TYPE ${metric} gauge`);
    for (const l of view.labourers) lines.push(`${metric}{${label(l.labourerId)}} ${number(l[key] ?? 0)}`);
  }
  const histogram = 'sosw_dispatch_latency_seconds';
  lines.push(
    `# HELP ${histogram} Seconds from the start of an orchestrator tick to the invoker accepting a task.`,
    `# TYPE ${histogram} histogram`,
  );
  for (const l of view.labourers) {
    const h = l.dispatchLatency;
    h.bounds.forEach((bound, i) => {
      lines.push(`${histogram}_bucket{${label(l.labourerId)},le="${number(bound)}"} ${number(h.buckets[i] ?? 0)}`);
    });
    lines.push(`${histogram}_bucket{${label(l.labourerId)},le="+Inf"} ${number(h.count)}`);
    lines.push(
      `${histogram}_sum{${label(l.labourerId)}} ${number(h.sum)}`,
      `${histogram}_count{${label(l.labourerId)}} ${number(h.count)}`,
    );
  }
  if (view.jobs !== undefined) {
    lines.push('# HELP sosw_jobs Job records by state (counted up to the scan bound per state).', '# TYPE sosw_jobs gauge');
    for (const [state, n] of Object.entries(view.jobs.byState)) lines.push(`sosw_jobs{state="${escapeLabel(state)}"} ${number(n)}`);
    lines.push(
      '# HELP sosw_job_progress_ratio Closed tasks out of planned, per unfinished job (0..1).',
      '# TYPE sosw_job_progress_ratio gauge',
    );
    for (const j of view.jobs.progress) {
      lines.push(`sosw_job_progress_ratio{job_id="${escapeLabel(j.jobId)}",${label(j.labourerId)}} ${number(j.ratio)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
