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
  for (let i = 0; i < value.length; i++) checkId(operation, `${field}[${i}]`, value[i]);
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
    if (audit[field] !== undefined) checkString(op, `audit.${field}`, audit[field]);
  }
  checkRecord(op, 'audit.extra', audit.extra);
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
