import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ClosedTask, RetryTask } from '../../../core/task/task.js';
import type { DynamoContext } from './context.js';
import { fromClosedItem, fromRetryItem, type Item } from './items.js';
import { recentClosedQuery, retryByIdScan } from './operations/closed-retry-queries.js';

/**
 * recentClosed: the closed index, newest first. The original's index projects only completed_at,
 * greenfield and attempts, so when items lack the payload one BatchGetItem fetches them whole.
 */
export async function recentClosedTasks(ctx: DynamoContext, labourerId: string, succeeded: boolean, limit: number): Promise<ClosedTask[]> {
  const { t, f, sender } = ctx;
  let items = await sender.query('recentClosed', recentClosedQuery(t, f, labourerId, succeeded), limit);
  if (items.some((item) => item[f.payload] === undefined)) {
    const full = await sender.batchGet(
      'recentClosed',
      t.closedTasks,
      items.map((item) => ({ [f.taskId]: item[f.taskId] })),
    );
    const byId = new Map(full.map((item) => [String(item[f.taskId]), item]));
    items = items.flatMap((item): Item[] => {
      const one = byId.get(String(item[f.taskId]));
      return one === undefined ? [] : [one];
    });
  }
  return items.map((item) => fromClosedItem(item, f, ctx.closedTtl?.attribute));
}

/** getRetry: a filtered Scan of the retry table (keyed by labourer_id + task_id), stopping at the first match. */
export async function findRetryTask(ctx: DynamoContext, taskId: string): Promise<RetryTask | null> {
  const { t, f, sender } = ctx;
  const input = retryByIdScan(t, f, taskId);
  let start: Record<string, unknown> | undefined;
  do {
    const page = await sender.run('getRetry', t.retryTasks, (c) => c.send(new ScanCommand({ ...input, ExclusiveStartKey: start })));
    const item = page.Items?.[0];
    if (item !== undefined) return fromRetryItem(item, f);
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return null;
}
