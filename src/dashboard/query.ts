/**
 * Schemas of the dashboard's query parameters and path ids. A bad value becomes a
 * `dashboard.invalidQuery` error (HTTP 400) that names the parameter and what it accepts.
 */
import { type ZodType, z } from 'zod';
import { TASK_STATES } from '../adapters/local/task-listing.js';
import { SoswError } from '../core/errors.js';
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
    .string()
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

function invalid(param: string, problem: string, received: unknown): SoswError {
  return new SoswError('dashboard.invalidQuery', `Invalid ${param}: ${problem} (received ${JSON.stringify(received)}).`, {
    details: { param, problem, received },
  });
}

/** Parse query parameters (the first value of each) with `schema`; unknown parameters are refused. */
export function parseQuery<T>(schema: ZodType<T>, query: Readonly<Record<string, string>>): T {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const name = issue.keys[0] ?? '';
    return throwError(invalid(name, 'is not a known parameter', query[name]));
  }
  const name = String(issue?.path[0] ?? '(query)');
  return throwError(invalid(name, issue?.message ?? 'is invalid', query[name]));
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
const epochSecondsParam = z.coerce
  .number({ error: 'must be epoch seconds' })
  .int('must be whole epoch seconds')
  .min(0, 'must be epoch seconds');

/** The explorer's filter (GET /api/explore, GET /explore, and the `filter` of a bulk action). */
export const explorerFilterSchema = z.strictObject({
  labourer: labourer.optional(),
  state: z.enum(TASK_STATES, { error: `must be one of ${TASK_STATES.join(', ')}` }).optional(),
  job: safeId.optional(),
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
  let offset = 0;
  if (q.cursor !== undefined) {
    const decoded = decodeCursor(q.cursor);
    if (decoded === null) throw invalid('cursor', 'is not a cursor this dashboard gave (use nextCursor or prevCursor of a page)', q.cursor);
    offset = decoded;
  }
  return { ...explorerFilter(q, nowSeconds), sort: q.sort, order: q.order, limit: q.limit, offset };
}
