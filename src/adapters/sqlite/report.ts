import { RESULT_PREFIX, STAT_PREFIX } from '../../core/task/field-names.js';
import type { ReportOutcome, ReportRequest } from '../../ports/task-store.js';
import { fromTaskRow, type TaskRow } from './rows.js';
import type { StoreContext } from './store-context.js';
import { checkCount, checkFinite, checkId, checkOneOf, checkRecord } from './validate.js';

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

/**
 * Build the report operation: read the row, check the rules of `reportRejection`, update, all in
 * one immediate transaction. Never creates a row (the original upserted phantom items).
 */
export function createReport(ctx: StoreContext): (request: ReportRequest) => ReportOutcome {
  const { tasks } = ctx;
  const apply = ctx.db.transaction((request: ReportRequest): ReportOutcome => {
    const row = tasks.getTask.get(request.taskId);
    const rejection = reportRejection(row, request);
    if (rejection !== null || row === undefined) return { applied: false, reason: rejection ?? 'unknown' };
    const next = reportedColumns(row, request);
    const updated = tasks.applyReport.get(next.completedAt, next.failedAttempts, next.attributes, request.taskId) as TaskRow;
    return { applied: true, task: fromTaskRow(updated) };
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
    return apply.immediate(request);
  };
}
