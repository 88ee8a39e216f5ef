import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SoswError } from '../../../core/errors.js';
import { checkReportRequest, nextMicrosecond } from '../../../core/task/store-arguments.js';
import type { MetaEntry } from '../../../ports/meta-log.js';
import type { ReportOutcome, ReportRequest } from '../../../ports/task-store.js';
import { awsErrorName } from '../shared/aws-errors.js';
import type { DynamoContext } from './context.js';
import { transactionTables } from './dynamo-sender.js';
import { fromTaskItem, type Item } from './items.js';
import { toMetaItem } from './operations/meta-entries.js';
import { reportRejection, reportTaskUpdate, reportTransaction } from './operations/report-task.js';

/** Transactions tried with a later audit key before the report goes without its row (the caller then writes it). */
const AUDIT_KEY_TRIES = 3;

type RawItem = Record<string, Record<string, unknown>>;

/** A raw AttributeValue map (as errors carry it: the DocumentClient does not unmarshall errors) -> the few fields needed. */
function plainOld(raw: RawItem | undefined): Item | undefined {
  if (raw === undefined) return undefined;
  const item: Item = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value?.N === 'string') item[key] = Number(value.N);
    else if (typeof value?.S === 'string') item[key] = value.S;
    else item[key] = true;
  }
  return item;
}

/** Why the condition failed, from the old item (returned with the failure, or read consistently). */
async function rejection(ctx: DynamoContext, request: ReportRequest, raw: RawItem | undefined): Promise<ReportOutcome> {
  let old = plainOld(raw);
  if (old === undefined) {
    const read = await ctx.sender.run('report', ctx.t.tasks, (c) =>
      c.send(new GetCommand({ TableName: ctx.t.tasks, Key: { [ctx.f.taskId]: request.taskId }, ConsistentRead: true })),
    );
    old = read.Item;
  }
  return { applied: false, reason: reportRejection(old, request, ctx.f) };
}

/**
 * report: one conditional UpdateItem; with an audit row, one TransactWriteItems of that update and
 * the row's conditional Put. When the task's condition fails, the rejection reason is read from the
 * old item DynamoDB returns with the failure (one consistent read if it returned none).
 */
export async function applyReport(ctx: DynamoContext, request: ReportRequest): Promise<ReportOutcome> {
  const op = 'report';
  checkReportRequest(request);
  if (request.audit !== undefined) {
    const audited = await applyAuditedReport(ctx, request, request.audit);
    if (audited !== null) return audited;
  }
  const { t, f, sender } = ctx;
  try {
    const response = await sender.run(op, t.tasks, (c) => c.send(new UpdateCommand(reportTaskUpdate(t, f, request))));
    const item = response.Attributes as Item;
    ctx.live.remember(request.taskId, item);
    return { applied: true, task: fromTaskItem(item, f) };
  } catch (error) {
    if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
    return rejection(ctx, request, (error as { Item?: RawItem }).Item);
  }
}

/**
 * The report and its audit row in one transaction. A taken meta key is tried again 1 µs later;
 * null (the caller sends the plain update and writes the row itself) when the key stays taken or
 * the meta table does not exist: the audit trail never blocks a report.
 */
async function applyAuditedReport(ctx: DynamoContext, request: ReportRequest, audit: MetaEntry): Promise<ReportOutcome | null> {
  const { t, f, sender } = ctx;
  let createdAt = audit.createdAt;
  for (let attempt = 0; attempt < AUDIT_KEY_TRIES; attempt++, createdAt = nextMicrosecond(createdAt)) {
    const input = reportTransaction(t, f, request, toMetaItem({ ...audit, createdAt }, ctx.metaTtl));
    try {
      await sender.run('report', transactionTables(input), (c) => c.send(new TransactWriteCommand(input)));
      // The cached snapshot predates the report: a later move must not be conditional on it.
      ctx.live.forget(request.taskId);
      return { applied: true, audited: true };
    } catch (error) {
      if (SoswError.is(error) && error.details.awsError === 'ResourceNotFoundException') return null;
      if (awsErrorName(error) !== 'TransactionCanceledException') throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string; Item?: RawItem }[] }).CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return rejection(ctx, request, reasons[0].Item);
      if (reasons[1]?.Code !== 'ConditionalCheckFailed') {
        throw new SoswError(
          'store.conflict',
          `Reporting task ${request.taskId} was cancelled (${reasons.map((r) => r.Code ?? 'None').join(', ')}): retry.`,
          {
            details: { operation: 'report', table: t.tasks, taskId: request.taskId },
            cause: error,
          },
        );
      }
    }
  }
  return null;
}
