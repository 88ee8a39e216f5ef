/**
 * Schemas of the dashboard's query parameters and path ids. A bad value becomes a
 * `dashboard.invalidQuery` error (HTTP 400) that names the parameter and what it accepts.
 */
import type { MiddlewareHandler } from 'hono';
import { type ZodType, z } from 'zod';
import { TASK_STATES } from '../adapters/local/task-listing.js';
import { SoswError } from '../core/errors.js';
import { JOB_ID_PATTERN } from '../core/job/job-controls.js';
import { issueMessage } from './issue-text.js';
import { decodeCursor, EXPLORER_SORTS, type ExplorerQuery } from './task-explorer.js';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 500;

const limit = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_LIST_LIMIT, `must be at most ${MAX_LIST_LIMIT}`)
  .default(DEFAULT_LIST_LIMIT);
const labourer = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const listQuerySchema = z.strictObject({ labourer: labourer.optional(), limit });
export type ListQuery = z.infer<typeof listQuerySchema>;

export const seriesQuerySchema = z.strictObject({
  since: z.coerce
    .number({ error: 'must be epoch milliseconds' })
    .int('must be epoch milliseconds')
    .min(0, 'must be epoch milliseconds')
    .optional(),
  labourer: labourer.optional(),
});
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

/** Task ids: 32 hex characters from the Scheduler, or caller-chosen ids of the same safe alphabet. */
export const taskIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -');

/** Largest number of matches `/api/tasks?prefix=` returns. */
export const MAX_SEARCH_LIMIT = 50;

/** `GET /api/tasks?prefix=<first characters of a task id>&limit=<n>`. */
export const searchQuerySchema = z.strictObject({
  prefix: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required: give the first characters of a task id' : undefined) })
    .min(1, 'must not be empty')
    .max(128, 'must be at most 128 characters')
    .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -'),
  limit: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_SEARCH_LIMIT, `must be at most ${MAX_SEARCH_LIMIT}`)
    .default(10),
});

/** The `dashboard.invalidQuery` error naming `param` (`received` is left out of the message when absent). */
export function invalid(param: string, problem: string, received: unknown): SoswError {
  const shown = received === undefined ? '' : ` (received ${JSON.stringify(received)})`;
  return new SoswError('dashboard.invalidQuery', `Invalid ${param}: ${problem}${shown}.`, {
    details: { param, problem, received },
  });
}

/** Parse query parameters with `schema`; unknown parameters are refused by name. */
export function parseQuery<T>(schema: ZodType<T>, query: Readonly<Record<string, string>>): T {
  const parsed = schema.safeParse(query, { error: issueMessage });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const name = issue.keys[0] ?? '';
    return throwError(invalid(name, 'is not a known parameter', query[name]));
  }
  const name = String(issue?.path[0] ?? '(query)');
  return throwError(invalid(name, issue?.message ?? 'is invalid', query[name]));
}

/** The query of routes and pages that take no parameters. */
export const NO_PARAMETERS = z.strictObject({});

/** The parameter names a query schema takes, in its order. */
export function paramNames(schema: z.ZodObject): readonly string[] {
  return Object.keys(schema.shape);
}

/**
 * A submitted filter form sends its empty fields ("any"): an empty value of one of `names` means
 * no filter. Any other parameter is kept, so an unknown one is refused whatever its value.
 */
export function withoutEmpty(query: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([name, value]) => value !== '' || !names.includes(name)));
}

/** Routes that take no query parameters refuse any, by name. */
export function refuseQuery(query: Readonly<Record<string, string>>): void {
  parseQuery(NO_PARAMETERS, query);
}

/**
 * Every parameter may be given once: `?limit=10&limit=20` is refused rather than one value
 * silently winning (routes read the first).
 */
export function refuseRepeatedParams(): MiddlewareHandler {
  return async (c, next) => {
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (values.length > 1) throw invalid(name, `is given ${values.length} times; give it once`, values);
    }
    return next();
  };
}

/** Check a path id; `param` names it in the error. */
export function parseTaskId(value: string, param = 'taskId'): string {
  const parsed = taskIdSchema.safeParse(value);
  if (!parsed.success) throw invalid(param, parsed.error.issues[0]?.message ?? 'is invalid', value);
  return parsed.data;
}

/** A `labourer` value must name a labourer of the project. */
export function checkLabourer(value: string | undefined, known: readonly string[]): void {
  if (value !== undefined && !known.includes(value)) throw invalid('labourer', `must be one of ${known.join(', ')}`, value);
}

function throwError(error: SoswError): never {
  throw error;
}

/** Time windows the explorer offers (the task's last change within it). */
export const EXPLORER_WINDOWS = { '15m': 900, '1h': 3600, '6h': 21_600, '24h': 86_400, '7d': 604_800 } as const;
export const DEFAULT_EXPLORER_LIMIT = 25;
export const MAX_EXPLORER_LIMIT = 200;

const safeId = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9_.:#-]+$/, 'may contain only letters, digits and _ . : # -');
/** A job id as the job store takes it (JOB_ID_PATTERN), so every job's link to its tasks parses. */
const jobIdParam = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(JOB_ID_PATTERN, 'may contain only letters, digits and _ . : # -');
const epochSecondsParam = z.coerce
  .number({ error: 'must be epoch seconds' })
  .int('must be whole epoch seconds')
  .min(0, 'must be epoch seconds');

/** The explorer's filter (GET /api/explore, GET /explore, and the `filter` of a bulk action). */
export const explorerFilterSchema = z.strictObject({
  labourer: labourer.optional(),
  state: z.enum(TASK_STATES, { error: `must be one of ${TASK_STATES.join(', ')}` }).optional(),
  job: jobIdParam.optional(),
  prefix: safeId.optional(),
  window: z
    .enum(Object.keys(EXPLORER_WINDOWS) as [keyof typeof EXPLORER_WINDOWS], {
      error: `must be one of ${Object.keys(EXPLORER_WINDOWS).join(', ')}`,
    })
    .optional(),
  since: epochSecondsParam.optional(),
  until: epochSecondsParam.optional(),
});
export type ExplorerFilter = z.infer<typeof explorerFilterSchema>;

export const explorerQuerySchema = explorerFilterSchema.extend({
  sort: z.enum(EXPLORER_SORTS, { error: `must be one of ${EXPLORER_SORTS.join(', ')}` }).default('updated'),
  order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).default('desc'),
  limit: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_EXPLORER_LIMIT, `must be at most ${MAX_EXPLORER_LIMIT}`)
    .default(DEFAULT_EXPLORER_LIMIT),
  cursor: z.string().max(200, 'must be at most 200 characters').optional(),
});
export type ExplorerQueryParams = z.infer<typeof explorerQuerySchema>;

/** `since` after `until` matches nothing: refused, naming `since` (in a body, under `filter.`). */
export function checkSinceUntil(f: ExplorerFilter, inBody = false): void {
  if (f.since === undefined || f.until === undefined || f.since <= f.until) return;
  const name = inBody ? 'filter.since' : 'since';
  const error = invalid(name, `must not be after ${inBody ? 'filter.until' : 'until'} (${f.until}); swap them or drop one`, f.since);
  if (inBody) error.details.field = name;
  throw error;
}

/** A parsed filter as the explorer's query (the window counted back from `nowSeconds`). */
export function explorerFilter(f: ExplorerFilter, nowSeconds: number): Omit<ExplorerQuery, 'sort' | 'order' | 'limit' | 'offset'> {
  const fromWindow = f.window === undefined ? undefined : nowSeconds - EXPLORER_WINDOWS[f.window];
  const since = f.since === undefined ? fromWindow : Math.max(f.since, fromWindow ?? 0);
  return { labourerId: f.labourer, state: f.state, jobId: f.job, prefix: f.prefix, since, until: f.until };
}

/** Parse GET /api/explore's query into the explorer's. */
export function parseExplorerQuery(
  query: Readonly<Record<string, string>>,
  labourers: readonly string[],
  nowSeconds: number,
): ExplorerQuery {
  const q = parseQuery(explorerQuerySchema, query);
  checkLabourer(q.labourer, labourers);
  checkSinceUntil(q);
  let offset = 0;
  if (q.cursor !== undefined) {
    const decoded = decodeCursor(q.cursor);
    if (decoded === null) throw invalid('cursor', 'is not a cursor this dashboard gave (use nextCursor or prevCursor of a page)', q.cursor);
    offset = decoded;
  }
  return { ...explorerFilter(q, nowSeconds), sort: q.sort, order: q.order, limit: q.limit, offset };
}
