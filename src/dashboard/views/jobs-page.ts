/** The jobs view (`/jobs`): job records from the store with progress, state, chain and cancel. */
import { closedCount, JOB_STATES, type JobRecord, TERMINAL_JOB_STATES } from '../../core/job/job.js';
import { esc, relative } from './html.js';

function progress(job: JobRecord): string {
  const planned = job.planned;
  const pct = (n: number): string => `${planned === 0 ? 0 : Math.min(100, (n / planned) * 100).toFixed(1)}%`;
  const closed = closedCount(job);
  const label = planned === 0 ? 'not planned yet' : `${closed} of ${planned} closed (${Math.floor((closed / planned) * 100)}%)`;
  const bad = job.dead > 0 ? `, ${job.dead} dead` : '';
  const cancelled = job.cancelled > 0 ? `, ${job.cancelled} cancelled` : '';
  return `<div class="progress" role="progressbar" aria-label="${esc(job.jobId)} progress" aria-valuemin="0" aria-valuemax="${planned}" aria-valuenow="${closed}"><span class="ok" style="width:${pct(job.completed)}"></span><span class="bad" style="width:${pct(job.dead + job.cancelled)}"></span></div><small>${esc(label + bad + cancelled)}</small>`;
}

function chain(job: JobRecord): string {
  const after = job.after.map((id) => `after <span class="mono">${esc(id)}</span>`);
  const next = (job.onComplete?.schedule ?? []).map((doc) => {
    const id = typeof doc.job_id === 'string' ? doc.job_id : String(doc.lambda_name ?? 'a job');
    return `then <span class="mono">${esc(id)}</span>`;
  });
  return [...after, ...next].join('<br>') || '<span class="muted">–</span>';
}

/** The filter of a jobs page, kept in its next-page link. */
export interface JobsPageQuery {
  readonly state?: string | undefined;
  readonly labourer?: string | undefined;
  readonly limit?: number | undefined;
}

/** The next page's link: the same filter and page size, and the cursor. */
function nextHref(q: JobsPageQuery, cursor: string): string {
  const params = new URLSearchParams();
  if (q.state !== undefined) params.set('state', q.state);
  if (q.labourer !== undefined) params.set('labourer', q.labourer);
  if (q.limit !== undefined) params.set('limit', String(q.limit));
  params.set('cursor', cursor);
  return `/jobs?${params.toString()}`;
}

/** A job's tasks in the explorer; narrowed to its labourer when that is one of the project's (else the explorer refuses it). */
function tasksHref(job: JobRecord, labourers: readonly string[]): string {
  const params = new URLSearchParams({ job: job.jobId });
  if (labourers.includes(job.labourerId)) params.set('labourer', job.labourerId);
  return `/explore?${params.toString()}`;
}

export function jobsSection(
  jobs: readonly JobRecord[],
  q: JobsPageQuery,
  nextCursor: string | undefined,
  labourers: readonly string[],
  nowMs: number,
): string {
  const state = q.state;
  const options = JOB_STATES.map((s) => `<option value="${s}"${s === state ? ' selected' : ''}>${s}</option>`).join('');
  const form = `<form class="filters" method="get" action="/jobs"><div class="field"><label for="j-state">State</label><select id="j-state" name="state"><option value="">any</option>${options}</select></div><div class="field"><button type="submit">Apply</button></div></form>`;
  if (jobs.length === 0)
    return `${form}<p class="muted" data-testid="jobs-empty">No job records${state === undefined ? '' : ` in state ${esc(state)}`}.</p>`;
  const rows = jobs.map((j) => {
    const cancel = TERMINAL_JOB_STATES.includes(j.state)
      ? ''
      : `<button type="button" class="ghost" data-cancel-job="${esc(j.jobId)}">Cancel</button>`;
    const reason = j.reason === undefined ? '' : `<br><small>${esc(j.reason)}</small>`;
    return `<tr data-testid="job-row" data-job-id="${esc(j.jobId)}" data-state="${esc(j.state)}"><td><a class="mono" href="${esc(tasksHref(j, labourers))}">${esc(j.jobId)}</a></td><td>${esc(j.labourerId)}</td><td><span class="state ${esc(j.state)}" data-testid="job-state">${esc(j.state)}</span>${reason}</td><td class="jobprogress">${progress(j)}</td><td>${chain(j)}</td><td>${esc(relative(j.createdAt * 1000, nowMs))}<br><small>by ${esc(j.scheduledBy)}</small></td><td>${cancel}</td></tr>`;
  });
  const more =
    nextCursor === undefined
      ? ''
      : `<nav class="pager" aria-label="pages"><a rel="next" href="${esc(nextHref(q, nextCursor))}">Older jobs →</a></nav>`;
  return `${form}<div class="tablewrap" tabindex="0" role="region" aria-label="jobs"><table data-testid="jobs-table"><thead><tr><th>job</th><th>labourer</th><th>state</th><th>progress</th><th>chain</th><th>created</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}
<p class="small muted">A job's id opens its tasks in the explorer. Cancel closes its queued and retrying tasks; running ones finish and are not retried.</p>`;
}
