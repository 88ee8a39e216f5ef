/**
 * countCancelled on DynamoDB. The original's closed index projects only completed_at, greenfield
 * and attempts, so telling a cancelled task (`cancelled_at`) from a dead one takes the item: query
 * the `<labourer>_0` index partition for task ids (newest first, at most `limit`), then read only
 * `cancelled_at` of each in eventually consistent BatchGetItem requests of 100 (0.5 read unit an item).
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { SoswError } from '../../../core/errors.js';
import { TASK_CANCELLED_AT_FIELD } from '../../../core/job/job-fields.js';
import type { DynamoContext } from './context.js';
import { Expression, projection } from './expression.js';
import type { Item } from './items.js';
import { recentClosedQuery } from './operations/closed-retry-queries.js';

/** Rounds of retries for keys BatchGetItem leaves unprocessed. */
const UNPROCESSED_ROUNDS = 8;

export async function countCancelledTasks(ctx: DynamoContext, labourerId: string, limit: number): Promise<number> {
  const { t, f, sender } = ctx;
  const query = recentClosedQuery(t, f, labourerId, false);
  const ids = await sender.query(
    'countCancelled',
    {
      ...query,
      ProjectionExpression: '#countCancelledId',
      ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#countCancelledId': f.taskId },
    },
    limit,
  );
  const e = new Expression();
  const attributes = projection(e, [f.taskId, TASK_CANCELLED_AT_FIELD]);
  let cancelled = 0;
  for (let i = 0; i < ids.length; i += 100) {
    let pending: Item[] = ids.slice(i, i + 100).map((item) => ({ [f.taskId]: item[f.taskId] }));
    for (let round = 0; pending.length > 0; round++) {
      if (round > UNPROCESSED_ROUNDS) {
        throw new SoswError(
          'store.throttled',
          `DynamoDB kept throttling countCancelled on ${t.closedTasks} (${pending.length} keys stayed unprocessed): raise the table's capacity or use on-demand billing, then retry.`,
          { details: { operation: 'countCancelled', table: t.closedTasks } },
        );
      }
      const keys = pending;
      const response = await sender.run('countCancelled', t.closedTasks, (c) =>
        c.send(
          new BatchGetCommand({
            RequestItems: { [t.closedTasks]: { Keys: keys, ProjectionExpression: attributes, ...e.attributes() } },
          }),
        ),
      );
      for (const item of response.Responses?.[t.closedTasks] ?? []) if (item[TASK_CANCELLED_AT_FIELD] !== undefined) cancelled += 1;
      pending = (response.UnprocessedKeys?.[t.closedTasks]?.Keys ?? []) as Item[];
    }
  }
  return cancelled;
}
