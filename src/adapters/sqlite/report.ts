import { RESULT_PREFIX, STAT_PREFIX } from '../../core/task/field-names.js';
import { checkReportRequest, nextMicrosecond } from '../../core/task/store-arguments.js';
import type { MetaEntry } from '../../ports/meta-log.js';
import type { ReportOutcome, ReportRequest } from '../../ports/task-store.js';
import { fromTaskRow, type TaskRow } from './rows.js';
import type { MetaStatements } from './statements/meta-statements.js';
import type { StoreContext } from './store-context.js';

type Rejection = Extract<ReportOutcome, { applied: false }>['reason'];

/** Why a report must not touch this row, or null when it applies (checked in this order). */
export function reportRejection(row: TaskRow | undefined, request: ReportRequest): Rejection | null {
  if (row === undefined) return 'unknown';
  if (request.labourerId !== undefined && request.labourerId !== row.labourer_id) return 'otherLabourer';
  if (row.greenfield < request.invokedAtLeast) return 'notInvoked';
  if (request.attempt !== undefined && request.attempt !== row.attempts) return 'otherAttempt';
  if (request.invocation !== undefined && request.invocation !== row.invocations) return 'otherAttempt';
  if (row.completed_at !== null) return 'alreadyCompleted';
  return null;
}

/** The columns a report changes: completion time or failure count, plus merged stat_* / result_* attributes. */
export function reportedColumns(
  row: TaskRow,
  request: ReportRequest,
): { completedAt: number | null; failedAttempts: number | null; attributes: string | null } {
  const flat: Record<string, unknown> = row.attributes === null ? {} : (JSON.parse(row.attributes) as Record<string, unknown>);
  const added = mergePrefixed(flat, STAT_PREFIX, request.stats) + mergePrefixed(flat, RESULT_PREFIX, request.result);
  const completed = request.outcome === 'completed';
  return {
    completedAt: completed ? request.at : row.completed_at,
    failedAttempts: completed ? row.failed_attempts : (row.failed_attempts ?? 0) + 1,
    attributes: added === 0 && (row.attributes === null || isEmpty(flat)) ? null : JSON.stringify(flat),
  };
}

/** The attributes of a report on a row that has none: its stats and result, prefixed (null when both are empty). */
function freshAttributes(request: ReportRequest): string | null {
  const flat: Record<string, unknown> = {};
  const added = mergePrefixed(flat, STAT_PREFIX, request.stats) + mergePrefixed(flat, RESULT_PREFIX, request.result);
  return added === 0 ? null : JSON.stringify(flat);
}

/** Copy the own keys of `values` into `target` under `prefix`; returns how many were copied. */
function mergePrefixed(target: Record<string, unknown>, prefix: string, values: Readonly<Record<string, unknown>> | undefined): number {
  if (values === undefined) return 0;
  let count = 0;
  for (const key of Object.keys(values)) {
    target[prefix + key] = values[key];
    count += 1;
  }
  return count;
}

function isEmpty(record: object): boolean {
  for (const _ in record) return false;
  return true;
}

/** Tries at successive microseconds before an audit row's key counts as unusable (never reached in practice). */
const AUDIT_STAMP_TRIES = 1000;

/**
 * Build the report operation: read the row, check the rules of `reportRejection`, update and
 * insert the audit row (if given) into the meta table of the same database, all in one immediate
 * transaction. A taken audit key moves the row 1 µs later. Never creates a task row (the original
 * upserted phantom items).
 */
export function createReport(ctx: StoreContext, meta: Pick<MetaStatements, 'insertMetaValues'>): (request: ReportRequest) => ReportOutcome {
  const { tasks } = ctx;
  const insert = meta.insertMetaValues;
  // Bound by position, straight from the entry: no row object, no copy per try.
  const insertAudit = (audit: MetaEntry, taskJobId: string | null): boolean => {
    const extra = audit.extra === undefined || isEmpty(audit.extra) ? null : JSON.stringify(audit.extra);
    const labourerId = audit.labourerId ?? null;
    const author = audit.author ?? null;
    const invocationId = audit.invocationId ?? null;
    const logStreamName = audit.logStreamName ?? null;
    // The audit row names the task's job even when the reporter does not know it.
    const jobId = audit.jobId ?? taskJobId;
    let createdAt = audit.createdAt;
    for (let i = 0; i < AUDIT_STAMP_TRIES; i++, createdAt = nextMicrosecond(createdAt)) {
      const { changes } = insert.run(audit.taskId, createdAt, audit.action, labourerId, author, invocationId, logStreamName, extra, jobId);
      if (changes === 1) return true;
    }
    return false;
  };
  const apply = ctx.db.transaction((request: ReportRequest): ReportOutcome => {
    // Common case in one statement: an invoked task of this attempt, not completed, with no attributes to merge.
    const completed = request.outcome === 'completed';
    const fresh = tasks.applyFreshReport.get(
      completed ? request.at : null,
      completed ? 0 : 1,
      freshAttributes(request),
      request.taskId,
      request.invokedAtLeast,
      request.attempt ?? null,
      request.attempt ?? null,
      request.invocation ?? null,
      request.invocation ?? null,
      request.labourerId ?? null,
      request.labourerId ?? null,
    );
    if (fresh !== undefined) {
      if (request.audit === undefined) return { applied: true, task: fromTaskRow(fresh) };
      return { applied: true, task: fromTaskRow(fresh), audited: insertAudit(request.audit, fresh.job_id) };
    }
    // Otherwise read the row: to merge its attributes, or to say why the report does not apply.
    const row = tasks.getTask.get(request.taskId);
    const rejection = reportRejection(row, request);
    if (rejection !== null || row === undefined) return { applied: false, reason: rejection ?? 'unknown' };
    const next = reportedColumns(row, request);
    const updated = tasks.applyReport.get(next.completedAt, next.failedAttempts, next.attributes, request.taskId) as TaskRow;
    if (request.audit === undefined) return { applied: true, task: fromTaskRow(updated) };
    return { applied: true, task: fromTaskRow(updated), audited: insertAudit(request.audit, updated.job_id) };
  });
  return (request) => {
    checkReportRequest(request);
    return apply.immediate(request);
  };
}
