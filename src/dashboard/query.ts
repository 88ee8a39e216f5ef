/**
 * Schemas of the dashboard's query parameters and path ids. A bad value becomes a
 * `dashboard.invalidQuery` error (HTTP 400) that names the parameter and what it accepts.
 */
import { type ZodType, z } from 'zod';
import { SoswError } from '../core/errors.js';

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
