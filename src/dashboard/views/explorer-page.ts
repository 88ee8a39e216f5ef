/**
 * The task explorer page (`/explore`): a filter form (plain GET, so it works from the keyboard
 * and without script), the page of tasks with "1–25 of 60", previous / next links, and the bulk
 * redrive or cancel of the selection or of every match (the script asks for confirmation first).
 */
import { TASK_STATES } from '../../adapters/local/task-listing.js';
import { EXPLORER_WINDOWS, type ExplorerQueryParams, MAX_EXPLORER_LIMIT } from '../query.js';
import { EXPLORER_SORTS, type ExplorerPage } from '../task-explorer.js';
import { esc, relative } from './html.js';

function options(values: readonly string[], selected: string | undefined, any: string | null): string {
  const first = any === null ? '' : `<option value=""${selected === undefined ? ' selected' : ''}>${esc(any)}</option>`;
  return first + values.map((v) => `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${esc(v)}</option>`).join('');
}

function field(id: string, label: string, control: string): string {
  return `<div class="field"><label for="${id}">${esc(label)}</label>${control}</div>`;
}

function filterForm(q: ExplorerQueryParams, labourers: readonly string[]): string {
  const text = (name: 'job' | 'prefix', placeholder: string): string =>
    `<input id="f-${name}" name="${name}" value="${esc(q[name] ?? '')}" placeholder="${esc(placeholder)}" autocomplete="off">`;
  const limits = ['10', '25', '50', '100', String(MAX_EXPLORER_LIMIT)];
  return `<form class="filters" method="get" action="/explore" data-testid="explorer-filters">
${field('f-labourer', 'Labourer', `<select id="f-labourer" name="labourer">${options(labourers, q.labourer, 'any')}</select>`)}
${field('f-state', 'State', `<select id="f-state" name="state">${options(TASK_STATES, q.state, 'any')}</select>`)}
${field('f-job', 'Job', text('job', 'job id'))}
${field('f-prefix', 'Task id starts with', text('prefix', 'e.g. 3fa9'))}
${field('f-window', 'Changed within', `<select id="f-window" name="window">${options(Object.keys(EXPLORER_WINDOWS), q.window, 'any time')}</select>`)}
${field('f-sort', 'Sort by', `<select id="f-sort" name="sort">${options(EXPLORER_SORTS, q.sort, null)}</select>`)}
${field('f-order', 'Order', `<select id="f-order" name="order">${options(['desc', 'asc'], q.order, null)}</select>`)}
${field('f-limit', 'Per page', `<select id="f-limit" name="limit">${options(limits, String(q.limit), null)}</select>`)}
<div class="field"><button type="submit">Apply</button> <a href="/explore">Clear</a></div>
</form>`;
}

/** The query string of the filter (without cursor), for page links and the bulk filter. */
export function filterParams(q: ExplorerQueryParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['labourer', 'state', 'job', 'prefix', 'window', 'since', 'until', 'sort', 'order', 'limit'] as const) {
    const value = q[key];
    if (value !== undefined) params.set(key, String(value));
  }
  return params;
}

function pageLink(q: ExplorerQueryParams, cursor: string | undefined, label: string, rel: string): string {
  if (cursor === undefined) return `<span class="muted">${esc(label)}</span>`;
  const params = filterParams(q);
  params.set('cursor', cursor);
  return `<a href="/explore?${esc(params.toString())}" rel="${rel}" data-testid="page-${rel}">${esc(label)}</a>`;
}

function rowsTable(page: ExplorerPage, nowMs: number): string {
  if (page.tasks.length === 0) return '<p class="muted" data-testid="explorer-empty">No task matches this filter.</p>';
  const rows = page.tasks.map(
    (t) => `<tr data-testid="explorer-row" data-task-id="${esc(t.taskId)}" data-state="${esc(t.state)}">
<td><input type="checkbox" class="pick" value="${esc(t.taskId)}" aria-label="select task ${esc(t.taskId)}"></td>
<td><a class="mono" href="/tasks/${encodeURIComponent(t.taskId)}">${esc(t.taskId)}</a></td><td>${esc(t.labourerId)}</td>
<td><span class="state ${esc(t.state)}">${esc(t.state)}</span></td><td class="num">${t.attempts}</td>
<td>${esc(relative(t.updatedAt * 1000, nowMs))}</td><td class="mono">${esc(t.jobId ?? '')}</td><td class="err">${esc(t.error ?? '')}</td></tr>`,
  );
  return `<div class="tablewrap" tabindex="0" role="region" aria-label="tasks"><table data-testid="explorer-table"><thead><tr>
<th><input type="checkbox" id="pick-all" aria-label="select every task on this page"></th><th>task</th><th>labourer</th><th>state</th>
<th class="num">attempts</th><th>last change</th><th>job</th><th>last error</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The explorer's section: counts, the table, paging and bulk buttons. */
export function explorerSection(page: ExplorerPage, q: ExplorerQueryParams, labourers: readonly string[], nowMs: number): string {
  const first = page.tasks.length === 0 ? 0 : page.offset + 1;
  const last = page.offset + page.tasks.length;
  const total = page.totalExact ? String(page.total) : `at least ${page.total}`;
  const filter = filterParams(q);
  filter.delete('sort');
  filter.delete('order');
  filter.delete('limit');
  return `${filterForm(q, labourers)}
<p class="count" data-testid="explorer-count" aria-live="polite">${first}–${last} of ${esc(total)} tasks</p>
<div class="bulk" data-filter="${esc(filter.toString())}">
<button type="button" data-bulk="selection" data-action="redrive" disabled>Redrive selected</button>
<button type="button" data-bulk="filter" data-action="redrive"${page.total === 0 ? ' disabled' : ''}>Redrive every dead task matching</button>
<button type="button" data-bulk="selection" data-action="cancel" disabled>Cancel selected</button>
<button type="button" data-bulk="filter" data-action="cancel"${page.total === 0 ? ' disabled' : ''}>Cancel every queued or retrying task matching</button>
<span class="small muted">Redrive puts dead tasks back in their queue with attempts reset. Cancel closes queued and retrying tasks as cancelled; running ones finish and are not retried. Other tasks are skipped. You confirm first.</span></div>
${rowsTable(page, nowMs)}
<nav class="pager" aria-label="pages">${pageLink(q, page.prevCursor, '← Previous', 'prev')} ${pageLink(q, page.nextCursor, 'Next →', 'next')}</nav>`;
}
