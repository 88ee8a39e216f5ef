/**
 * The dashboard as a Hono app built from a DashboardSource only, so it runs on Node
 * (`startDashboardServer`) and, through Hono's adapters, on Lambda.
 *
 * Routes: `GET /` (overview page), `GET /tasks/:id` (task page), `GET /assets/*`, the JSON API
 * under `/api/*` (overview, labourers, series, jobs, tasks/:id, dead, retries, decisions,
 * sections, events as Server-Sent Events, `POST tasks/:id/redrive`, explore, `POST tasks/bulk`),
 * `GET /explore` (task explorer page), `GET /api/history` (minute rollups) and `GET /metrics`
 * (Prometheus text format 0.0.4). A page (pages.ts) answers its errors as a page, with the status
 * and code its JSON twin answers.
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, SoswError } from '../core/errors.js';
import { registerApiRoutes, taskNotFound } from './api-routes.js';
import { checkMutation, requireToken } from './auth.js';
import { registerControlRoutes } from './control-routes.js';
import { registerExplorerRoutes } from './explorer-routes.js';
import { registerHistoryRoutes } from './history-routes.js';
import { checkHost } from './host-check.js';
import { registerJobsRoutes } from './jobs-routes.js';
import { pageOf } from './pages.js';
import { parseTaskId, refuseQuery, refuseRepeatedParams } from './query.js';
import { renderTaskUpdate, renderUpdate } from './snapshot.js';
import type { DashboardSource } from './source.js';
import { DASHBOARD_JS } from './views/client-script.js';
import { errorPage } from './views/error-page.js';
import { HISTORY_JS } from './views/history-script.js';
import { HISTORY_CSS } from './views/history-section.js';
import { overviewPage, taskPage } from './views/page.js';
import { DASHBOARD_CSS } from './views/styles.js';

export interface DashboardAppOptions {
  /** When set, every route except /assets needs it (see auth.ts). */
  readonly token?: string | undefined;
  /** Milliseconds between Server-Sent Events updates. @defaultValue 1000 */
  readonly eventIntervalMs?: number | undefined;
  /** Accepted `Host` header values, asked per request (see host-check.ts); null or unset: any. */
  readonly allowedHosts?: (() => ReadonlySet<string> | null) | undefined;
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  'dashboard.invalidQuery': 400,
  'dashboard.unauthorized': 401,
  'dashboard.forbidden': 403,
  'dashboard.notFound': 404,
  'task.notFound': 404,
  'task.notDead': 409,
  'control.invalid': 400,
  'labourer.unknown': 404,
  'job.notFound': 404,
  'job.finished': 409,
};

/** A browser's navigation (GET asking for HTML) outside the JSON API. */
function wantsHtml(method: string, url: URL, accept: string | undefined): boolean {
  return method === 'GET' && !url.pathname.startsWith('/api/') && (accept ?? '').includes('text/html');
}

/**
 * @example
 * const app = createDashboardApp(embeddedDashboardSource(runtime), { token: process.env.SOSW_DASHBOARD_TOKEN });
 * const res = await app.request('/api/overview');
 */
export function createDashboardApp(source: DashboardSource, options: DashboardAppOptions = {}): Hono {
  const app = new Hono();
  const token = options.token === '' ? undefined : options.token;
  // A page's error is a page (in the layout, naming the parameter); any other route's is JSON. The
  // Host and token refusals stay JSON: they come before the checks passed, and a page shows the project.
  app.onError((error, c) => {
    const status = SoswError.is(error) ? (STATUS_BY_CODE[error.code] ?? 500) : 500;
    const body = SoswError.is(error)
      ? error.toJSON()
      : { code: 'internal', message: error instanceof Error ? error.message : String(error), details: {} };
    const url = new URL(c.req.url);
    const guard = body.code === 'dashboard.forbidden' || body.code === 'dashboard.unauthorized';
    const page = c.req.method === 'GET' && !guard ? pageOf(url.pathname) : undefined;
    if (page !== undefined) return c.html(errorPage(source.projectName, url, page, status, body), status);
    return c.json({ error: body }, status);
  });
  app.notFound((c) => {
    const url = new URL(c.req.url);
    // A browser that followed a wrong address gets a page it can leave by a link.
    const html = wantsHtml(c.req.method, url, c.req.header('accept'));
    const error = new SoswError(
      'dashboard.notFound',
      html
        ? `No page ${url.pathname} on this dashboard.`
        : `No route ${c.req.method} ${url.pathname}; see docs/dashboard.md for the routes.`,
      { details: { method: c.req.method, path: url.pathname } },
    );
    if (html) return c.html(errorPage(source.projectName, url, undefined, 404, error.toJSON()), 404);
    return c.json({ error: error.toJSON() }, 404);
  });
  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    // Everything is served from here: no CDN, no inline script.
    c.header(
      'content-security-policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
    );
  });
  const allowedHosts = options.allowedHosts;
  if (allowedHosts !== undefined) app.use('*', checkHost(allowedHosts));
  app.use('*', requireToken(token));
  app.use('*', checkMutation());
  app.use('*', refuseRepeatedParams());

  app.get('/assets/dashboard.css', (c) =>
    c.body(DASHBOARD_CSS + HISTORY_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }),
  );
  app.get('/assets/dashboard.js', (c) =>
    c.body(DASHBOARD_JS + HISTORY_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }),
  );
  // The pages take the queries of their JSON twins: `/` that of /api/overview, a task that of /api/tasks/:id.
  app.get('/', async (c) => {
    refuseQuery(c.req.query());
    const update = await renderUpdate(source, undefined);
    return c.html(overviewPage(source.projectName, update.sections));
  });
  app.get('/tasks/:id', async (c) => {
    refuseQuery(c.req.query());
    const taskId = parseTaskId(c.req.param('id'));
    const { found, ...update } = await renderTaskUpdate(source, taskId);
    if (!found) throw taskNotFound(taskId);
    return c.html(taskPage(source.projectName, taskId, update.sections));
  });
  app.get('/healthz', (c) => {
    refuseQuery(c.req.query());
    return c.json({ ok: true });
  });
  registerApiRoutes(app, source, options.eventIntervalMs ?? 1000);
  registerControlRoutes(app, source.controls, source.clock);
  registerExplorerRoutes(app, source);
  registerJobsRoutes(app, source);
  registerHistoryRoutes(app, source);
  return app;
}
