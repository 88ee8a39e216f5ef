/**
 * A page's error, in the dashboard's layout: what is wrong (the same code and message as the JSON
 * API), the parameters the page takes, and a link to the page without the bad parameter.
 */
import type { PageInfo } from '../pages.js';
import { esc } from './html.js';
import { staticPage } from './page.js';

export interface PageErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
};

function pathAndQuery(pathname: string, params: URLSearchParams): string {
  const query = params.toString();
  return query === '' ? pathname : `${pathname}?${query}`;
}

/** Where to go from here: the page without the bad parameter (and without any it does not take), or a view. */
function retry(url: URL, page: PageInfo | undefined, error: PageErrorBody): { href: string; label: string } {
  const param = typeof error.details.param === 'string' ? error.details.param : undefined;
  const taskList = { href: '/explore', label: 'Find it in the task list' };
  if (page === undefined) return url.pathname.startsWith('/task') ? taskList : { href: '/', label: 'Open the overview' };
  if (error.code === 'task.notFound' || param === 'taskId') return taskList;
  if (error.code === 'dashboard.invalidQuery' && param !== undefined && url.searchParams.has(param)) {
    const kept = new URLSearchParams();
    for (const [name, value] of url.searchParams) if (name !== param && page.params.includes(name)) kept.append(name, value);
    const href = pathAndQuery(url.pathname, kept);
    return { href, label: `Open ${href} without ${param}` };
  }
  return page.nav === '/' ? { href: '/', label: 'Open the overview' } : { href: url.pathname, label: `Open ${url.pathname}` };
}

function paramsLine(url: URL, page: PageInfo | undefined, error: PageErrorBody): string {
  if (page === undefined)
    return '<p>The views are <a href="/">Overview</a>, <a href="/explore">Tasks</a> and <a href="/jobs">Jobs</a>.</p>';
  const param = error.details.param;
  if (error.code !== 'dashboard.invalidQuery' || typeof param !== 'string' || !url.searchParams.has(param)) return '';
  if (page.params.length === 0) return '<p data-testid="error-params">This page takes no query parameters.</p>';
  const names = page.params.map((name) => `<code>${esc(name)}</code>`).join(', ');
  return `<p data-testid="error-params">This page takes ${names}, each at most once.</p>`;
}

/** The error page of a page request (`page` undefined: no page at that path). */
export function errorPage(project: string, url: URL, page: PageInfo | undefined, status: number, error: PageErrorBody): string {
  const param = typeof error.details.param === 'string' ? error.details.param : '';
  const next = retry(url, page, error);
  const html = `<div class="page-error" role="alert" data-testid="page-error" data-code="${esc(error.code)}" data-param="${esc(param)}">
<p class="err" data-testid="error-message">${esc(error.message)}</p>
${paramsLine(url, page, error)}
<p><a data-testid="error-retry" href="${esc(next.href)}">${esc(next.label)}</a></p></div>`;
  const title = TITLES[status] ?? 'Error';
  return staticPage(project, page?.nav ?? '', title, `${status} · ${error.code}`, html);
}
