/**
 * The jobs view from the store's job records: `GET /jobs` (the page), `GET /api/jobs/:id` (a job
 * with a recount of its tasks) and `POST /api/jobs/:id/cancel`. `GET /api/jobs` (api-routes.ts)
 * lists the records under `records`. Without a job store these answer 404 `dashboard.notFound`.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { SoswError } from '../core/errors.js';
import { JOB_STATES } from '../core/job/job.js';
import { JOB_ID_PATTERN } from '../core/job/job-controls.js';
import type { JobsApi } from '../essentials/jobs/jobs-api.js';
import { parseJsonBody } from './json-body.js';
import { checkLabourer, invalid, parseQuery, refuseQuery, withoutEmpty } from './query.js';
import type { DashboardSource } from './source.js';
import { jobsSection } from './views/jobs-page.js';
import { staticPage } from './views/page.js';

export const MAX_JOBS_LIMIT = 200;

export const jobsQuerySchema = z.strictObject({
  state: z.enum(JOB_STATES, { error: `must be one of ${JOB_STATES.join(', ')}` }).optional(),
  labourer: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  limit: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_JOBS_LIMIT, `must be at most ${MAX_JOBS_LIMIT}`)
    .default(50),
  cursor: z.string().min(1, 'must not be empty (leave it out for the first page)').max(1000, 'must be at most 1000 characters').optional(),
});

const cancelBodySchema = z.strictObject({
  by: z.string().min(1, 'must not be empty (who cancels)').max(200, 'must be at most 200 characters').optional(),
});

function jobsOf(source: DashboardSource): JobsApi {
  if (source.jobsApi !== undefined) return source.jobsApi;
  throw new SoswError(
    'dashboard.notFound',
    'This store keeps no job records (no jobs table); progress is shown per labourer on the overview.',
    {
      details: { feature: 'jobs' },
    },
  );
}

function parseJobId(value: string): string {
  if (JOB_ID_PATTERN.test(value)) return value;
  throw new SoswError(
    'dashboard.invalidQuery',
    `Invalid jobId: may contain only letters, digits and _ . : # -, 1..200 characters (received ${JSON.stringify(value)}).`,
    {
      details: { param: 'jobId', received: value },
    },
  );
}

/** Empty filters mean no filter (the page's form sends "any" as `state=`); an empty cursor or limit is refused. */
const JOBS_FILTER_PARAMS = ['state', 'labourer'];

/** Parse the list query of `/api/jobs` and `/jobs`; null when it asks for nothing of the records. */
export async function listJobRecords(source: DashboardSource, query: Readonly<Record<string, string>>) {
  const q = parseQuery(jobsQuerySchema, withoutEmpty(query, JOBS_FILTER_PARAMS));
  checkLabourer(q.labourer, source.labourerIds());
  if (source.jobsApi === undefined) return { query: q, page: null };
  try {
    const page = await source.jobsApi.list({
      states: q.state === undefined ? undefined : [q.state],
      labourerId: q.labourer,
      limit: q.limit,
      cursor: q.cursor,
    });
    return { query: q, page };
  } catch (error) {
    // Only the store can tell a cursor it never gave: that is the caller's input, not a server fault.
    if (SoswError.is(error) && error.code === 'store.invalidArgument' && error.details.field === 'cursor') {
      throw invalid('cursor', 'is not a cursor this dashboard gave (use records.cursor of the previous page)', q.cursor);
    }
    throw error;
  }
}

export function registerJobsRoutes(app: Hono, source: DashboardSource): void {
  app.get('/jobs', async (c) => {
    const { query: q, page } = await listJobRecords(source, c.req.query());
    const html =
      page === null
        ? '<p class="muted" data-testid="jobs-none">This store keeps no job records: progress is shown per labourer on the overview.</p>'
        : jobsSection(page.jobs, q, page.cursor, source.labourerIds(), source.clock.now());
    return c.html(staticPage(source.projectName, '/jobs', 'Jobs', 'job records: progress, state, chain and cancel', html));
  });
  app.get('/api/jobs/:id', async (c) => {
    refuseQuery(c.req.query());
    return c.json(await jobsOf(source).get(parseJobId(c.req.param('id'))));
  });
  app.post('/api/jobs/:id/cancel', async (c) => {
    refuseQuery(c.req.query());
    const jobId = parseJobId(c.req.param('id'));
    const body = await parseJsonBody(c.req.raw, cancelBodySchema);
    return c.json(await jobsOf(source).cancel(jobId, body.by ?? 'sosw_dashboard'));
  });
}
