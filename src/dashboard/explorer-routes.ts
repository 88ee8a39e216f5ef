/**
 * The task explorer's routes: `GET /explore` (the page), `GET /api/explore` (the same page as
 * JSON) and `POST /api/tasks/bulk` (bulk redrive, previewed without `confirm: true`).
 */
import type { Hono } from 'hono';
import { epochSeconds } from '../core/clock.js';
import { bulkBodySchema, runBulk } from './bulk-actions.js';
import { parseJsonBody } from './json-body.js';
import { explorerQuerySchema, paramNames, parseExplorerQuery, parseQuery, refuseQuery, withoutEmpty } from './query.js';
import type { DashboardSource } from './source.js';
import { explorerSection } from './views/explorer-page.js';
import { staticPage } from './views/page.js';

/** Empty explorer parameters mean no filter (the form sends "any" empty); an unknown one is refused. */
const EXPLORER_PARAMS = paramNames(explorerQuerySchema);

export function registerExplorerRoutes(app: Hono, source: DashboardSource): void {
  const page = async (query: Record<string, string>) => {
    const parsed = parseExplorerQuery(query, source.labourerIds(), epochSeconds(source.clock));
    return source.explorer.page(parsed);
  };
  app.get('/api/explore', async (c) => c.json(await page(withoutEmpty(c.req.query(), EXPLORER_PARAMS))));
  app.get('/explore', async (c) => {
    const query = withoutEmpty(c.req.query(), EXPLORER_PARAMS);
    const result = await page(query);
    const params = parseQuery(explorerQuerySchema, query);
    const html = explorerSection(result, params, source.labourerIds(), source.clock.now());
    return c.html(staticPage(source.projectName, '/explore', 'Tasks', 'filter, sort, page and redrive', html));
  });
  app.post('/api/tasks/bulk', async (c) => {
    refuseQuery(c.req.query());
    const body = await parseJsonBody(c.req.raw, bulkBodySchema);
    return c.json(await runBulk(source, body, source.clock));
  });
}
