/** The JSON API under /api, Server-Sent Events and /metrics. */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { SoswError } from '../core/errors.js';
import { listJobRecords } from './jobs-routes.js';
import { parseBodyText } from './json-body.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './prometheus.js';
import {
  checkLabourer,
  listQuerySchema,
  parseQuery,
  parseTaskId,
  refuseQuery,
  searchQuerySchema,
  seriesQuerySchema,
  taskIdSchema,
} from './query.js';
import { renderUpdate } from './snapshot.js';
import type { DashboardSource } from './source.js';

export const DEFAULT_EVENT_INTERVAL_MS = 1000;

const sectionsQuerySchema = z.strictObject({ task: taskIdSchema.optional() });
const eventsQuerySchema = z.strictObject({
  task: taskIdSchema.optional(),
  interval: z.coerce
    .number({ error: 'must be whole milliseconds (250..60000)' })
    .int('must be whole milliseconds')
    .min(250, 'must be at least 250')
    .max(60_000, 'must be at most 60000')
    .optional(),
});

/** The 404 of a task id that is in no table (the API's and the task page's). */
/** `POST /api/tasks/:id/redrive`: an empty body, or who acts (the audit row's author). */
const redriveBodySchema = z.strictObject({
  by: z.string().min(1, 'must not be empty (who acts)').max(200, 'must be at most 200 characters').optional(),
});

export function taskNotFound(taskId: string): SoswError {
  return new SoswError('task.notFound', `No task ${taskId} in the queue, the retry queue or the archive.`, { details: { taskId } });
}

export function registerApiRoutes(app: Hono, source: DashboardSource, eventIntervalMs: number): void {
  const list = (query: Record<string, string>) => {
    const parsed = parseQuery(listQuerySchema, query);
    checkLabourer(parsed.labourer, source.labourerIds());
    return { labourerId: parsed.labourer, limit: parsed.limit };
  };

  app.get('/api/overview', async (c) => {
    refuseQuery(c.req.query());
    return c.json(await source.overview());
  });
  app.get('/api/labourers', async (c) => {
    refuseQuery(c.req.query());
    return c.json({ labourers: (await source.overview()).labourers });
  });
  app.get('/api/series', (c) => {
    const q = parseQuery(seriesQuerySchema, c.req.query());
    checkLabourer(q.labourer, source.labourerIds());
    const points = source.series(q.since);
    const only = q.labourer;
    const shaped = only === undefined ? points : points.map((p) => ({ at: p.at, labourers: { [only]: p.labourers[only] } }));
    return c.json({ points: shaped });
  });
  app.get('/api/jobs', async (c) => {
    const { page } = await listJobRecords(source, c.req.query());
    return c.json({ ...(await source.jobs()), ...(page === null ? {} : { records: page }) });
  });
  app.get('/api/tasks', async (c) => {
    const q = parseQuery(searchQuerySchema, c.req.query());
    return c.json({ prefix: q.prefix, tasks: await source.searchTasks(q.prefix, q.limit) });
  });
  app.get('/api/tasks/:id', async (c) => {
    refuseQuery(c.req.query());
    const taskId = parseTaskId(c.req.param('id'));
    const task = await source.task(taskId);
    if (task === null) throw taskNotFound(taskId);
    return c.json(task);
  });
  app.post('/api/tasks/:id/redrive', async (c) => {
    refuseQuery(c.req.query());
    const taskId = parseTaskId(c.req.param('id'));
    // The body was never read: 'nope' or {"x": 1} redrove, and {"by": "alice"} was not the audit's author.
    const body = parseBodyText(await c.req.text(), redriveBodySchema);
    const outcome = await source.redrive(taskId, body.by === undefined ? undefined : { by: body.by });
    if (outcome.redriven) return c.json(outcome);
    if (outcome.reason === 'unknown') throw taskNotFound(taskId);
    throw new SoswError('task.notDead', `Task ${taskId} is not dead, so there is nothing to redrive (only dead tasks can be redriven).`, {
      details: { taskId },
    });
  });
  app.get('/api/dead', async (c) => c.json({ tasks: await source.deadTasks(list(c.req.query())) }));
  app.get('/api/retries', async (c) => c.json({ tasks: await source.retries(list(c.req.query())) }));
  app.get('/api/decisions', (c) => c.json(source.decisions(list(c.req.query()))));
  app.get('/api/sections', async (c) => {
    const q = parseQuery(sectionsQuerySchema, c.req.query());
    return c.json(await renderUpdate(source, q.task));
  });
  app.get('/api/events', (c) => {
    const q = parseQuery(eventsQuerySchema, c.req.query());
    const interval = q.interval ?? eventIntervalMs;
    return streamSSE(c, async (stream) => {
      let id = 0;
      while (!stream.aborted && !stream.closed) {
        const update = await renderUpdate(source, q.task);
        await stream.writeSSE({ event: 'update', id: String(id++), data: JSON.stringify(update), retry: 2000 });
        await stream.sleep(interval);
      }
    });
  });
  app.get('/metrics', async (c) => {
    refuseQuery(c.req.query());
    const text = renderPrometheus(await source.metrics());
    return c.body(text, 200, { 'content-type': PROMETHEUS_CONTENT_TYPE });
  });
}
