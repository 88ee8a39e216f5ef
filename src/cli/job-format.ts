/**
 * Text for the job verbs (`sosw jobs`, `sosw jobs <id>`, `sosw jobs repair`, `sosw cancel`): a
 * progress bar of closed tasks out of planned, ages, the jobs table and the detail of one job.
 * Pure functions of the job records, so the same records always print the same text.
 */
import { closedCount, type JobCounters, type JobRecord } from '../core/job/job.js';
import type { JobTaskCounts } from '../ports/job-store.js';
import { formatCount, renderTable } from './output.js';

export const JOB_BAR_WIDTH = 20;

/**
 * `[#######.............]  35%`: completed, dead and cancelled tasks out of planned. A job that
 * plans nothing yet (waiting, or still counting while it schedules) shows an empty bar and `-`.
 */
export function jobProgressBar(job: Pick<JobRecord, 'planned'> & JobCounters, width = JOB_BAR_WIDTH): string {
  const closed = closedCount(job);
  if (job.planned <= 0) return `[${'.'.repeat(width)}]    -`;
  const share = Math.min(1, closed / job.planned);
  const filled = Math.floor(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${`${Math.floor(share * 100)}%`.padStart(4)}`;
}

/** A job as `--json` prints it: the record plus closed tasks and progress (0..1, null while nothing is planned). */
export function jobJson(job: JobRecord): JobRecord & { readonly closed: number; readonly progress: number | null } {
  const closed = closedCount(job);
  return { ...job, closed, progress: job.planned > 0 ? Math.min(1, closed / job.planned) : null };
}

/** `12s`, `5m`, `3h`, `2d`: how long ago `atSeconds` was (never negative). */
export function formatAge(atSeconds: number, nowSeconds: number): string {
  const seconds = Math.max(0, Math.floor(nowSeconds - atSeconds));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** Epoch seconds as `2024-05-01T10:00:00Z`; undefined stays undefined. */
export function isoSeconds(seconds: number | undefined): string | undefined {
  return seconds === undefined ? undefined : new Date(Math.floor(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `3,400 / 10,000`, with the dead and cancelled shares when there are any. */
export function closedText(job: Pick<JobRecord, 'planned'> & JobCounters): string {
  const extra = [job.dead > 0 ? `${formatCount(job.dead)} dead` : '', job.cancelled > 0 ? `${formatCount(job.cancelled)} cancelled` : '']
    .filter((part) => part !== '')
    .join(', ');
  return `${formatCount(closedCount(job))}/${formatCount(job.planned)}${extra === '' ? '' : ` (${extra})`}`;
}

/** The jobs as a table, one row per job, newest first as given. */
export function jobsTable(jobs: readonly JobRecord[], nowSeconds: number): string {
  return renderTable(jobs, [
    { header: 'JOB ID', value: (j) => j.jobId },
    { header: 'LABOURER', value: (j) => j.labourerId },
    { header: 'STATE', value: (j) => j.state },
    { header: 'PROGRESS', value: (j) => jobProgressBar(j) },
    { header: 'CLOSED', value: (j) => closedText(j), align: 'right' },
    { header: 'AGE', value: (j) => formatAge(j.createdAt, nowSeconds), align: 'right' },
  ]);
}

/** One moment in a job's life, for the timeline of `sosw jobs <id>`. */
export interface JobTimelineEntry {
  readonly event: 'created' | 'scheduled' | 'finished' | 'actions done';
  readonly at: number;
  readonly text: string;
}

/** When the job was created, fully queued, finished (and why), and when its on_complete actions ran. */
export function jobTimeline(job: JobRecord): JobTimelineEntry[] {
  const entries: JobTimelineEntry[] = [{ event: 'created', at: job.createdAt, text: `created by ${job.scheduledBy}` }];
  if (job.scheduledAt !== undefined)
    entries.push({
      event: 'scheduled',
      at: job.scheduledAt,
      text: job.planned === 1 ? 'its 1 task queued' : `all ${formatCount(job.planned)} tasks queued`,
    });
  if (job.finishedAt !== undefined) entries.push({ event: 'finished', at: job.finishedAt, text: finishedText(job.state, job.reason) });
  if (job.actionsDoneAt !== undefined) entries.push({ event: 'actions done', at: job.actionsDoneAt, text: 'on_complete actions done' });
  return entries;
}

/** `failed: parent job a failed`; a reason that starts with the state (`cancelled by ann`) stands alone. */
function finishedText(state: string, reason: string | undefined): string {
  if (reason === undefined) return state;
  return reason.startsWith(state) ? reason : `${state}: ${reason}`;
}

/** Where the job's tasks are now, counted from the task tables, in the order of their life. */
export const TASK_PLACE_ORDER = ['queued', 'running', 'awaitingArchive', 'retrying', 'completed', 'dead', 'cancelled'] as const;

const PLACE_LABELS: Readonly<Record<(typeof TASK_PLACE_ORDER)[number], string>> = {
  queued: 'queued',
  running: 'running',
  awaitingArchive: 'reported',
  retrying: 'retrying',
  completed: 'completed',
  dead: 'dead',
  cancelled: 'cancelled',
};

/** What `sosw jobs <id>` shows besides the record: the recount, a few tasks per place, the chain. */
export interface JobDetail {
  readonly job: JobRecord;
  readonly tasks: JobTaskCounts;
  /** Up to a few task ids per place (only places that hold tasks). */
  readonly sample: Readonly<Partial<Record<(typeof TASK_PLACE_ORDER)[number], readonly string[]>>>;
  readonly chain: JobChain;
}

export interface JobChain {
  /** Parents this job waits for, with their state (`missing` when no record exists). */
  readonly after: ReadonlyArray<{ readonly jobId: string; readonly state: string }>;
  /** Jobs its on_complete schedules, with their state (`not scheduled` until the job ends). */
  readonly followUps: ReadonlyArray<{ readonly jobId: string; readonly state: string }>;
}

function field(name: string, value: string): string {
  return `${name.padEnd(13)}${value}`;
}

/** The detail of one job for humans: summary fields, timeline, tasks by place, chain. */
export function jobDetailText(detail: JobDetail, nowSeconds: number): string {
  const { job, tasks } = detail;
  const head = [
    field('job id', job.jobId),
    field('labourer', job.labourerId),
    field('state', job.state),
    field('progress', `${jobProgressBar(job)}  ${closedText(job)}`),
    field('counters', `${formatCount(job.completed)} completed, ${formatCount(job.dead)} dead, ${formatCount(job.cancelled)} cancelled`),
    field('tolerated', `${job.toleratedFailurePercentage}% dead`),
    field('age', formatAge(job.createdAt, nowSeconds)),
    ...(job.reason === undefined ? [] : [field('reason', job.reason)]),
  ];
  const timeline = renderTable(jobTimeline(job), [
    { header: 'WHEN', value: (e) => isoSeconds(e.at) },
    { header: 'EVENT', value: (e) => e.event },
    { header: 'DETAILS', value: (e) => e.text },
  ]);
  const places = TASK_PLACE_ORDER.map((place) => ({ place, count: tasks[place], sample: detail.sample[place] ?? [] }));
  const taskTable = renderTable(places, [
    { header: 'PLACE', value: (p) => PLACE_LABELS[p.place] },
    { header: 'TASKS', value: (p) => p.count },
    { header: 'SOME TASK IDS', value: (p) => (p.sample.length === 0 ? '' : p.sample.join(' ')) },
  ]);
  const chainLines = [
    ...detail.chain.after.map((p) => `  after      ${p.jobId} (${p.state})`),
    ...detail.chain.followUps.map((f) => `  then       ${f.jobId} (${followUpState(job, f)})`),
  ];
  return [
    ...head,
    '',
    'Timeline:',
    indent(timeline),
    '',
    'Tasks (counted now):',
    indent(taskTable),
    '',
    'Chain:',
    ...(chainLines.length === 0 ? ['  (no parents, no follow-ups)'] : chainLines),
  ].join('\n');
}

/** A follow-up's state; one the job's on_complete failed to schedule says so (the reason has the error). */
function followUpState(job: JobRecord, followUp: { readonly jobId: string; readonly state: string }): string {
  if (followUp.state !== 'not scheduled' || job.reason === undefined) return followUp.state;
  return job.reason.includes(`(job ${followUp.jobId}):`) ? 'not scheduled: on_complete failed, see reason' : followUp.state;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** `completed 10 -> 12, dead 1 -> 1, cancelled 0 -> 0`: what a repair changed. */
export function countersChange(before: JobCounters, after: JobCounters): string {
  return (['completed', 'dead', 'cancelled'] as const)
    .map((name) => `${name} ${formatCount(before[name])} -> ${formatCount(after[name])}${before[name] === after[name] ? '' : ' (fixed)'}`)
    .join(', ');
}
