import { RESULT_PREFIX, STAT_PREFIX } from '../../core/task/field-names.js';
import { nextMicrosecond } from '../../core/task/store-arguments.js';
import type { MetaEntry } from '../../ports/meta-log.js';
import type { ReportOutcome, ReportRequest } from '../../ports/task-store.js';
import { sqliteCode } from './errors.js';
import { putMetaValues } from './meta-rows.js';
import { fromTaskRow, type TaskRow } from './rows.js';
import { META_CHUNK_ROWS, type MetaStatements, type MetaValues } from './statements/meta-statements.js';
import type { FreshReportParams } from './statements/task-statements.js';
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

/** A report's result in a batch: its outcome, or the error it raised (the other reports still apply). */
export type SettledReport = { readonly ok: true; readonly outcome: ReportOutcome } | { readonly ok: false; readonly error: unknown };

/** The report operation on a batch of requests that passed `checkReportRequest`. */
export interface ReportOps {
  /**
   * Several reports with the outcomes they would have one after another in this order, in one
   * immediate transaction. Never throws: a report that fails gets its error; when the batch as a
   * whole fails, it is rolled back and every report is applied on its own instead.
   */
  many(requests: readonly ReportRequest[]): SettledReport[];
}

/** An applied report's audit row, with the task's job for a row that names none. */
interface PendingAudit {
  readonly entry: MetaEntry;
  readonly taskJobId: string | null;
}

/**
 * Build the report operation: per report, read the row, check the rules of `reportRejection`, update
 * and insert the audit row (if given) into the meta table of the same database, atomically (a batch is
 * one immediate transaction, each report of its slow path a savepoint in it). A taken audit key moves
 * the row 1 µs later. Never creates a task row (the original upserted phantom items).
 */
export function createReport(ctx: StoreContext, meta: Pick<MetaStatements, 'insertMetaValues' | 'insertMetaChunk'>): ReportOps {
  const { tasks } = ctx;
  const insert = meta.insertMetaValues;
  // Bound by position: no row object; only the stamp changes between tries.
  const insertAudit = (audit: MetaEntry, taskJobId: string | null): boolean => {
    const values = new Array(9) as MetaValues;
    putMetaValues(values, 0, audit, taskJobId);
    for (let i = 0; i < AUDIT_STAMP_TRIES; i++, values[1] = nextMicrosecond(values[1])) {
      if (insert.run(...values).changes === 1) return true;
    }
    return false;
  };
  const apply = ctx.db.transaction((request: ReportRequest): ReportOutcome => {
    // Common case in one statement: an invoked task of this attempt, not completed, with no attributes to merge.
    const fresh = tasks.applyFreshReport.get(...freshReportParams(request));
    if (fresh !== undefined) {
      if (request.audit === undefined) return { applied: true, task: fromTaskRow(fresh) };
      return { applied: true, task: fromTaskRow(fresh), audited: insertAudit(request.audit, fresh.job_id) };
    }
    return applyRead(request);
  });
  // Otherwise read the row: to merge its attributes, or to say why the report does not apply.
  const applyRead = (request: ReportRequest): ReportOutcome => {
    const row = tasks.getTask.get(request.taskId);
    const rejection = reportRejection(row, request);
    if (rejection !== null || row === undefined) return { applied: false, reason: rejection ?? 'unknown' };
    const next = reportedColumns(row, request);
    const updated = tasks.applyReport.get(next.completedAt, next.failedAttempts, next.attributes, request.taskId) as TaskRow;
    if (request.audit === undefined) return { applied: true, task: fromTaskRow(updated) };
    return { applied: true, task: fromTaskRow(updated), audited: insertAudit(request.audit, updated.job_id) };
  };

  // Audit rows of the batch's applied reports, META_CHUNK_ROWS per statement; a chunk with a taken
  // key writes nothing (the statement aborts) and its rows go one by one, moved past the taken keys.
  // Returns the indexes (into `rows`) of rows that found no free key.
  const chunk: unknown[] = new Array(META_CHUNK_ROWS * 9);
  const insertAudits = (rows: readonly PendingAudit[]): number[] => {
    const unwritten: number[] = [];
    let start = 0;
    for (; start + META_CHUNK_ROWS <= rows.length; start += META_CHUNK_ROWS) {
      for (let r = 0; r < META_CHUNK_ROWS; r++) {
        const { entry, taskJobId } = rows[start + r] as PendingAudit;
        putMetaValues(chunk, r * 9, entry, taskJobId);
      }
      try {
        meta.insertMetaChunk.run(...chunk);
      } catch (error) {
        if (!isConstraintError(error)) throw error;
        insertEach(rows, start, start + META_CHUNK_ROWS, unwritten);
      }
    }
    insertEach(rows, start, rows.length, unwritten);
    return unwritten;
  };
  const insertEach = (rows: readonly PendingAudit[], from: number, to: number, unwritten: number[]): void => {
    for (let i = from; i < to; i++) {
      const { entry, taskJobId } = rows[i] as PendingAudit;
      if (!insertAudit(entry, taskJobId)) unwritten.push(i);
    }
  };

  const applyMany = ctx.db.transaction((requests: readonly ReportRequest[]): SettledReport[] => {
    const settled: SettledReport[] = new Array(requests.length);
    // The first report of each task tries the one-statement path; the rest (second reports of a
    // task, reports to merge or reject, reports without an audit row) follow in their order.
    const tried = new Set<string>();
    const later: number[] = [];
    const audits: PendingAudit[] = [];
    const audited: number[] = [];
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i] as ReportRequest;
      // Only a task's first report may go ahead of the others: every later one keeps its place.
      const first = !tried.has(request.taskId);
      tried.add(request.taskId);
      if (!first || request.audit === undefined) {
        later.push(i);
        continue;
      }
      const fresh = tasks.applyFreshReportBrief.get(...freshReportParams(request));
      if (fresh === undefined) {
        later.push(i);
        continue;
      }
      audits.push({ entry: request.audit, taskJobId: fresh.job_id });
      audited.push(i);
      settled[i] = { ok: true, outcome: { applied: true, audited: true, labourerId: fresh.labourer_id } };
    }
    for (const k of insertAudits(audits)) {
      // No free key for the row (never seen): the caller writes it, and needs the task for that.
      const i = audited[k] as number;
      const row = tasks.getTask.get((requests[i] as ReportRequest).taskId) as TaskRow;
      settled[i] = { ok: true, outcome: { applied: true, task: fromTaskRow(row), audited: false } };
    }
    for (const i of later) settled[i] = settle(() => apply(requests[i] as ReportRequest));
    return settled;
  });

  return {
    many: (requests) => {
      try {
        return applyMany.immediate(requests);
      } catch (error) {
        // The database is locked by another process: each report alone would wait for it again.
        if (isLockError(error)) return requests.map(() => ({ ok: false, error }));
        // Rolled back as a whole (e.g. the disk filled up): each report on its own, with its own error.
        return requests.map((request) => settle(() => apply.immediate(request)));
      }
    },
  };
}

/** The parameters of applyFreshReport(Brief) for `request`. */
function freshReportParams(request: ReportRequest): FreshReportParams {
  const completed = request.outcome === 'completed';
  const attempt = request.attempt ?? null;
  const invocation = request.invocation ?? null;
  const labourerId = request.labourerId ?? null;
  return [
    completed ? request.at : null,
    completed ? 0 : 1,
    freshAttributes(request),
    request.taskId,
    request.invokedAtLeast,
    attempt,
    attempt,
    invocation,
    invocation,
    labourerId,
    labourerId,
  ];
}

function settle(run: () => ReportOutcome): SettledReport {
  try {
    return { ok: true, outcome: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

function isConstraintError(error: unknown): boolean {
  return sqliteCode(error)?.startsWith('SQLITE_CONSTRAINT') === true;
}

function isLockError(error: unknown): boolean {
  const code = sqliteCode(error) ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}
