import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { awsErrorName } from '../shared/aws-errors.js';
import type { DynamoContext } from './context.js';
import { cancellationCodes, transactionTables } from './dynamo-sender.js';
import type { Item } from './items.js';
import { queueBoundQuery } from './operations/queue-queries.js';

/** The live item by id (consistent read), remembered as the task's snapshot. */
export async function getLiveItem(ctx: DynamoContext, operation: string, taskId: string): Promise<Item | undefined> {
  const { t, f } = ctx;
  const response = await ctx.sender.run(operation, t.tasks, (c) =>
    c.send(new GetCommand({ TableName: t.tasks, Key: { [f.taskId]: taskId }, ConsistentRead: true })),
  );
  if (response.Item === undefined) ctx.live.forget(taskId);
  else ctx.live.remember(taskId, response.Item);
  return response.Item;
}

/** A closed item by id (consistent read). */
export async function getClosedItem(ctx: DynamoContext, operation: string, taskId: string): Promise<Item | undefined> {
  const { t, f } = ctx;
  const response = await ctx.sender.run(operation, t.closedTasks, (c) =>
    c.send(new GetCommand({ TableName: t.closedTasks, Key: { [f.taskId]: taskId }, ConsistentRead: true })),
  );
  return response.Item;
}

/** The oldest or newest queued greenfield below `before`, or null for an empty queue (one item read). */
export async function queueBound(
  ctx: DynamoContext,
  operation: string,
  labourerId: string,
  before: number,
  end: 'oldest' | 'newest',
): Promise<number | null> {
  const [item] = await ctx.sender.query(operation, queueBoundQuery(ctx.t, ctx.f, labourerId, before, end), 1);
  return item === undefined ? null : Number(item[ctx.f.greenfield]);
}

/**
 * Send a transaction; resolves to the cancellation reason codes when a condition failed (the
 * caller re-reads and decides), or null when it was applied.
 */
export async function transact(ctx: DynamoContext, operation: string, input: TransactWriteCommandInput): Promise<string[] | null> {
  try {
    await ctx.sender.run(operation, transactionTables(input), (c) => c.send(new TransactWriteCommand(input)));
    return null;
  } catch (error) {
    if (awsErrorName(error) === 'TransactionCanceledException') return cancellationCodes(error);
    throw error;
  }
}

/** How many times a move re-reads and tries again after losing a race. */
export const MOVE_ATTEMPTS = 4;
