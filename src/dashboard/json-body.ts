/**
 * JSON bodies of the dashboard's POST routes, checked against a strict schema. Every problem is a
 * `dashboard.invalidQuery` (HTTP 400) whose `details.field` names the body field (`body` for the
 * body as a whole); `details.param` carries the same name, as query errors do.
 */
import type { ZodType } from 'zod';
import { describeValue, SoswError } from '../core/errors.js';
import { issueMessage } from './issue-text.js';

function bodyError(field: string, message: string, received?: unknown): SoswError {
  return new SoswError('dashboard.invalidQuery', message, {
    details: { field, param: field, ...(received === undefined ? {} : { received }) },
  });
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** The field names a strict object schema takes (for the "known fields" hint), or empty. */
function knownFields(schema: ZodType): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape === undefined ? [] : Object.keys(shape);
}

/** Parse `text` (an empty body is `{}`) with `schema`. */
export function parseBodyText<T>(text: string, schema: ZodType<T>): T {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw bodyError('body', `Invalid body: it is not valid JSON (${why}); send a JSON object such as {"by": "alice"}.`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw bodyError('body', `Invalid body: expected a JSON object, received ${kindOf(raw)}; send a JSON object such as {"by": "alice"}.`);
  }
  const parsed = schema.safeParse(raw, { error: issueMessage });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const prefix = issue.path.length === 0 ? '' : `${issue.path.join('.')}.`;
    const field = `${prefix}${issue.keys[0] ?? ''}`;
    const known = issue.path.length === 0 ? knownFields(schema) : [];
    const hint = known.length === 0 ? 'remove it' : `remove it (this route takes ${known.join(', ')})`;
    throw bodyError(field, `Invalid body field ${field}: is not a known field; ${hint}.`);
  }
  const field = issue?.path.join('.') || 'body';
  const received = issue?.path.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key], raw);
  const shown = received === undefined ? '' : `, received ${describeValue(received)}`;
  throw bodyError(field, `Invalid body field ${field}: ${issue?.message ?? 'is invalid'}${shown}.`, received);
}

/** Read and parse a request's JSON body (see {@link parseBodyText}). */
export async function parseJsonBody<T>(request: Request, schema: ZodType<T>): Promise<T> {
  return parseBodyText(await request.text(), schema);
}
