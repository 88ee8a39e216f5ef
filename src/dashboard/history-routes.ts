/**
 * `GET /api/history?range=15m|1h|6h|24h&labourer=<id>`: the minute rollups the essentials stored,
 * one point per minute of the range (see core/history). Answers are reused for HISTORY_CACHE_MS per
 * range and labourer, so any number of open pages costs one store read per labourer and range.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { SoswError } from '../core/errors.js';
import { HISTORY_RANGE_NAMES, type HistoryRange, type HistorySeries, historySeries, rangeMinutes } from '../core/history/history-series.js';
import { checkLabourer, parseQuery } from './query.js';
import type { DashboardSource } from './source.js';
import { historyCharts } from './views/history-section.js';

/** Rollups change once a minute at most: a read is reused this long. */
export const HISTORY_CACHE_MS = 20_000;
export const DEFAULT_HISTORY_RANGE: HistoryRange = '1h';

export const historyQuerySchema = z.strictObject({
  range: z
    .enum(HISTORY_RANGE_NAMES as [HistoryRange, ...HistoryRange[]], { error: `must be one of ${HISTORY_RANGE_NAMES.join(', ')}` })
    .default(DEFAULT_HISTORY_RANGE),
  labourer: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
});

/** `GET /api/history` (the series) and `GET /api/history/section` (the History panel's charts as HTML). */
export function registerHistoryRoutes(app: Hono, source: DashboardSource): void {
  const kept = new Map<string, { at: number; value: Promise<HistorySeries> }>();
  const read = async (query: Record<string, string>): Promise<HistorySeries> => {
    const q = parseQuery(historyQuerySchema, query);
    const known = source.labourerIds();
    checkLabourer(q.labourer, known);
    const history = source.history;
    if (history === undefined) {
      throw new SoswError('dashboard.notFound', 'This backend keeps no minute history; see docs/dashboard.md (History).', {
        details: { path: '/api/history' },
      });
    }
    const key = `${q.range}\u0000${q.labourer ?? ''}`;
    const now = source.clock.now();
    const hit = kept.get(key);
    if (hit !== undefined && now - hit.at <= HISTORY_CACHE_MS) return hit.value;
    const ids = q.labourer === undefined ? known : [q.labourer];
    const window = rangeMinutes(q.range, now);
    const value = history.read(ids, window.from, window.to).then((rollups) => historySeries(q.range, window, ids, rollups));
    value.catch(() => kept.delete(key));
    kept.set(key, { at: now, value });
    return value;
  };
  app.get('/api/history', async (c) => c.json(await read(c.req.query())));
  app.get('/api/history/section', async (c) => {
    const series = await read(c.req.query());
    return c.json({ range: series.range, html: historyCharts(series) });
  });
}
