import { RESULT_PREFIX, STAT_PREFIX } from '../../core/task/field-names.js';
import { META_ACTIONS, type MetaEntry } from '../../ports/meta-log.js';
import type { ReportOutcome, ReportRequest } from '../../ports/task-store.js';
import { toMetaRow } from './meta-rows.js';
import { fromTaskRow, type TaskRow } from './rows.js';
import type { MetaStatements } from './statements/meta-statements.js';
import type { StoreContext } from './store-context.js';
import { checkCount, checkFinite, checkId, checkOneOf, checkRecord, checkString } from './validate.js';

type Rejection = Extract<ReportOutcome, { applied: false }>['reason'];

/** Why a report must not touch this row, or null when it applies (checked in this order). */
export function reportRejection(row: TaskRow | undefined, request: ReportRequest): Rejection | null {
  if (row === undefined) return 'unknown';
  if (row.greenfield < request.invokedAtLeast) return 'notInvoked';
  if (request.attempt !== undefined && request.attempt !== row.attempts) return 'otherAttempt';
  if (row.completed_at !== null) return 'alreadyCompleted';
  return null;
}

/** The columns a report changes: completion time or failure count, plus merged stat_* / result_* attributes. */
export function reportedColumns(
  row: TaskRow,
  request: ReportRequest,
): { completedAt: number | null; failedAttempts: number | null; attributes: string | null } {
  const flat: Record<string, unknown> = row.attributes === null ? {} : (JSON.parse(row.attributes) as Record<string, unknown>);
  for (const [key, value] of Object.entries(request.stats ?? {})) flat[`${STAT_PREFIX}${key}`] = value;
  for (const [key, value] of Object.entries(request.result ?? {})) flat[`${RESULT_PREFIX}${key}`] = value;
  const completed = request.outcome === 'completed';
  return {
    completedAt: completed ? request.at : row.completed_at,
    failedAttempts: completed ? row.failed_attempts : (row.failed_attempts ?? 0) + 1,
    attributes: Object.keys(flat).length === 0 ? null : JSON.stringify(flat),
  };
}

/** Tries at successive microseconds before an audit row's key counts as unusable (never reached in practice). */
const AUDIT_STAMP_TRIES = 1000;

/** `stamp` + 1 µs, rounded to whole microseconds (float seconds keep µs exactly up to year 2255). */
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

/**
 * Build the report operation: read the row, check the rules of `reportRejection`, update and
 * insert the audit row (if given) into the meta table of the same database, all in one immediate
 * transaction. A taken audit key moves the row 1 µs later. Never creates a task row (the original
 * upserted phantom items).
 */
export function createReport(ctx: StoreContext, meta: Pick<MetaStatements, 'insertMeta'>): (request: ReportRequest) => ReportOutcome {
  const { tasks } = ctx;
  const insertAudit = (audit: MetaEntry): boolean => {
    let createdAt = audit.createdAt;
    for (let i = 0; i < AUDIT_STAMP_TRIES; i++, createdAt = nextMicrosecond(createdAt)) {
      if (meta.insertMeta.run(toMetaRow({ ...audit, createdAt })).changes === 1) return true;
    }
    return false;
  };
  const apply = ctx.db.transaction((request: ReportRequest): ReportOutcome => {
    const row = tasks.getTask.get(request.taskId);
    const rejection = reportRejection(row, request);
    if (rejection !== null || row === undefined) return { applied: false, reason: rejection ?? 'unknown' };
    const next = reportedColumns(row, request);
    const updated = tasks.applyReport.get(next.completedAt, next.failedAttempts, next.attributes, request.taskId) as TaskRow;
    if (request.audit === undefined) return { applied: true, task: fromTaskRow(updated) };
    return { applied: true, task: fromTaskRow(updated), audited: insertAudit(request.audit) };
  });
  return (request) => {
    const op = 'report';
    checkId(op, 'taskId', request?.taskId);
    checkOneOf(op, 'outcome', request.outcome, ['completed', 'failed'] as const);
    checkFinite(op, 'at', request.at);
    checkFinite(op, 'invokedAtLeast', request.invokedAtLeast);
    if (request.attempt !== undefined) checkCount(op, 'attempt', request.attempt);
    checkRecord(op, 'stats', request.stats);
    checkRecord(op, 'result', request.result);
    checkAudit(op, request.audit, request.taskId);
    return apply.immediate(request);
  };
}
