import { describeValue, SoswError } from '../errors.js';
import { META_ACTIONS, type MetaEntry } from './meta-entry.js';
import type { ReportRequestShape } from './report-request.js';

/**
 * Argument checks shared by every task store and meta log adapter (SQLite, DynamoDB), so they fail
 * with the same code and wording. Every failure is a SoswError with code
 * `store.invalidArgument`, naming the operation, the field and what is expected.
 */
function invalid(operation: string, field: string, expected: string, received: unknown): SoswError {
  return new SoswError(
    'store.invalidArgument',
    `Invalid ${field} for ${operation}: expected ${expected}, received ${describeValue(received)}.`,
    {
      details: { operation, field, received },
    },
  );
}

/** The `store.invalidArgument` error for a value no check above covers (e.g. a malformed page cursor). */
export function invalidArgument(operation: string, field: string, expected: string, received: unknown): SoswError {
  return invalid(operation, field, expected, received);
}

/** A non-empty string (labourer ids, task ids). */
export function checkId(operation: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalid(operation, field, 'a non-empty string', value);
  return value;
}

/** A finite number (epoch seconds, greenfield bounds). */
export function checkFinite(operation: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(operation, field, 'a finite number', value);
  return value;
}

/** A positive integer (page sizes). */
export function checkLimit(operation: string, value: unknown, field = 'limit'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw invalid(operation, field, 'a positive integer', value);
  return value;
}

/** A non-negative integer (attempt numbers). */
export function checkCount(operation: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(operation, field, 'a non-negative integer', value);
  return value;
}

/** A string (payload text). */
export function checkString(operation: string, field: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(operation, field, 'a string', value);
  return value;
}

/** An array. */
export function checkArray<T>(operation: string, field: string, value: readonly T[]): readonly T[] {
  if (!Array.isArray(value)) throw invalid(operation, field, 'an array', value);
  return value;
}

/** An array of task ids (`taskIds[i]` names a bad one). */
export function checkIds(operation: string, value: readonly string[], field = 'taskIds'): readonly string[] {
  checkArray(operation, field, value);
  for (let i = 0; i < value.length; i++) {
    const id = value[i];
    // The field name is built only for a bad id: this runs for every id of every batch.
    if (typeof id !== 'string' || id === '') checkId(operation, `${field}[${i}]`, id);
  }
  return value;
}

/** One of the given values. */
export function checkOneOf<T extends string>(operation: string, field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(operation, field, `one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

/** A plain object or undefined (stats, results, extras). */
export function checkRecord(operation: string, field: string, value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(operation, field, 'an object', value);
  return value as Readonly<Record<string, unknown>>;
}

/** A constructor option that must be a positive integer; `config.invalid` otherwise. */
export function positiveIntegerOption(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new SoswError('config.invalid', `Invalid ${field}: expected a positive integer, received ${describeValue(value)}.`, {
      details: { field, received: value },
    });
  }
  return value;
}

/** A labourer id plus named finite numbers. */
export function checkLabourerAnd(operation: string, labourerId: unknown, numbers: Record<string, unknown> = {}): void {
  checkId(operation, 'labourerId', labourerId);
  for (const [field, value] of Object.entries(numbers)) checkFinite(operation, field, value);
}

/** `stamp` + 1 us, rounded to whole microseconds (float seconds keep us exactly up to year 2255). */
export function nextMicrosecond(stamp: number): number {
  return Math.round(stamp * 1e6 + 1) / 1e6;
}

/** Check a report's audit row: a known action for the same task, string context fields, a record of extras. */
export function checkAudit(op: string, audit: MetaEntry | undefined, taskId: string): void {
  if (audit === undefined) return;
  checkRecord(op, 'audit', audit);
  if (checkId(op, 'audit.taskId', audit.taskId) !== taskId) checkOneOf(op, 'audit.taskId', audit.taskId, [taskId]);
  checkFinite(op, 'audit.createdAt', audit.createdAt);
  checkOneOf(op, 'audit.action', audit.action, META_ACTIONS);
  for (const field of ['labourerId', 'author', 'invocationId', 'logStreamName'] as const) {
    const value = audit[field];
    if (value !== undefined && typeof value !== 'string') checkString(op, `audit.${field}`, value);
  }
  checkRecord(op, 'audit.extra', audit.extra);
}

/**
 * Check one row of a meta log write; `entries[i].<field>` names a bad field. `emptyContext`: the
 * context fields (labourerId, author, invocationId, logStreamName) may be empty strings.
 */
export function checkMetaEntry(entry: MetaEntry, i: number, emptyContext: boolean): void {
  const bad = badMetaField(entry, emptyContext);
  // The field name is built only for a bad row: this runs for every audit row written.
  if (bad !== undefined) throw invalid('write', `entries[${i}].${bad}`, META_EXPECTED[bad], entry?.[bad]);
}

const META_CONTEXT_FIELDS = ['labourerId', 'author', 'invocationId', 'logStreamName'] as const;
type MetaField = 'taskId' | 'createdAt' | 'action' | 'extra' | (typeof META_CONTEXT_FIELDS)[number];

const META_EXPECTED: Record<MetaField, string> = {
  taskId: 'a non-empty string',
  createdAt: 'a finite number',
  action: `one of ${META_ACTIONS.join(', ')}`,
  labourerId: 'a non-empty string',
  author: 'a non-empty string',
  invocationId: 'a non-empty string',
  logStreamName: 'a non-empty string',
  extra: 'an object',
};

/** The first field of a meta row that is wrong, in the order they are checked; undefined when none is. */
function badMetaField(entry: MetaEntry, emptyContext: boolean): MetaField | undefined {
  if (typeof entry?.taskId !== 'string' || entry.taskId === '') return 'taskId';
  if (typeof entry.createdAt !== 'number' || !Number.isFinite(entry.createdAt)) return 'createdAt';
  if (!(META_ACTIONS as readonly string[]).includes(entry.action)) return 'action';
  for (const field of META_CONTEXT_FIELDS) {
    const value = entry[field];
    if (value !== undefined && (typeof value !== 'string' || (value === '' && !emptyContext))) return field;
  }
  const { extra } = entry;
  if (extra !== undefined && (extra === null || typeof extra !== 'object' || Array.isArray(extra))) return 'extra';
  return undefined;
}

/** Check a worker report handed to a store: the same checks and wording in every adapter. */
export function checkReportRequest(request: ReportRequestShape): void {
  const op = 'report';
  checkId(op, 'taskId', request?.taskId);
  checkOneOf(op, 'outcome', request.outcome, ['completed', 'failed'] as const);
  checkFinite(op, 'at', request.at);
  checkFinite(op, 'invokedAtLeast', request.invokedAtLeast);
  if (request.attempt !== undefined) checkCount(op, 'attempt', request.attempt);
  if (request.invocation !== undefined) checkCount(op, 'invocation', request.invocation);
  if (request.labourerId !== undefined) checkString(op, 'labourerId', request.labourerId);
  checkRecord(op, 'stats', request.stats);
  checkRecord(op, 'result', request.result);
  checkAudit(op, request.audit, request.taskId);
}
