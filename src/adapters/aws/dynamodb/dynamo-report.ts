import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReportOutcome, ReportRequest } from '../../../ports/task-store.js';
import { awsErrorName } from '../shared/aws-errors.js';
import type { DynamoContext } from './context.js';
import { fromTaskItem, type Item } from './items.js';
import { reportRejection, reportTaskUpdate } from './operations/report-task.js';
import { checkCount, checkFinite, checkId, checkOneOf, checkRecord } from './validate.js';

/** A raw AttributeValue map (as errors carry it: the DocumentClient does not unmarshall errors) -> the few fields needed. */
function plainOld(raw: Record<string, Record<string, unknown>> | undefined): Item | undefined {
  if (raw === undefined) return undefined;
  const item: Item = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value?.N === 'string') item[key] = Number(value.N);
    else if (typeof value?.S === 'string') item[key] = value.S;
    else item[key] = true;
  }
  return item;
}

/**
 * report: one conditional UpdateItem. When the condition fails, the rejection reason is read from
 * the old item DynamoDB returns with the failure (one consistent read if it returned none).
 */
export async function applyReport(ctx: DynamoContext, request: ReportRequest): Promise<ReportOutcome> {
  const op = 'report';
  checkId(op, 'taskId', request?.taskId);
  checkOneOf(op, 'outcome', request.outcome, ['completed', 'failed'] as const);
  checkFinite(op, 'at', request.at);
  checkFinite(op, 'invokedAtLeast', request.invokedAtLeast);
  if (request.attempt !== undefined) checkCount(op, 'attempt', request.attempt);
  checkRecord(op, 'stats', request.stats);
  checkRecord(op, 'result', request.result);
  const { t, f, sender } = ctx;
  try {
    const response = await sender.run(op, t.tasks, (c) => c.send(new UpdateCommand(reportTaskUpdate(t, f, request))));
    const item = response.Attributes as Item;
    ctx.live.remember(request.taskId, item);
    return { applied: true, task: fromTaskItem(item, f) };
  } catch (error) {
    if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
    let old = plainOld((error as { Item?: Record<string, Record<string, unknown>> }).Item);
    if (old === undefined) {
      const read = await sender.run(op, t.tasks, (c) =>
        c.send(new GetCommand({ TableName: t.tasks, Key: { [f.taskId]: request.taskId }, ConsistentRead: true })),
      );
      old = read.Item;
    }
    return { applied: false, reason: reportRejection(old, request, f) };
  }
}
