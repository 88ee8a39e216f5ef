import { SoswError } from '../../../core/errors.js';
import { appendPositions, headPositions } from '../../../core/task/greenfield.js';
import type { ClosedTask, RetryTask, Task } from '../../../core/task/task.js';
import type { DynamoContext } from './context.js';
import { archiveOrdered } from './dynamo-ordered-archive.js';
import { fromClosedItem, fromRetryItem, fromTaskItem, type Item, isCompletedItem } from './items.js';
import { counterUpdate, emptyDelta } from './jobs/job-operations.js';
import { archiveOneWithCounter, jobOf, outcomeOf } from './operations/job-moves.js';
import { moveToRetryTransaction, redriveTransaction, returnFromRetryTransaction } from './operations/moves.js';
import { getClosedItem, getLiveItem, MOVE_ATTEMPTS, queueBound, transact } from './reads.js';

function conflict(operation: string, taskId: string): SoswError {
  return new SoswError('store.conflict', `${operation} of task ${taskId} kept losing races with other writers: retry later.`, {
    details: { operation, taskId },
  });
}

/**
 * archive: with job counters, one transaction (Put closed + Delete unchanged live + the job's counter
 * update; re-read on a lost race); without, the ordered plain writes of `archiveOrdered`, tried again
 * while the live item changed under it.
 */
export async function archiveTask(ctx: DynamoContext, taskId: string, closedAt: number): Promise<ClosedTask | null> {
  if (!ctx.jobs) {
    for (let attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
      const [closed] = await archiveOrdered(ctx, [taskId], closedAt);
      if (closed !== undefined) return closed;
      if ((await getLiveItem(ctx, 'archive', taskId)) === undefined) return null;
    }
    throw conflict('archive', taskId);
  }
  let snapshot = ctx.live.take(taskId) ?? (await getLiveItem(ctx, 'archive', taskId));
  for (let attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
    if (snapshot === undefined) return null;
    // With job counters the archive is a batch of one: its job's counter update rides in the transaction.
    const { input, closed } = archiveOneWithCounter(ctx.t, ctx.f, snapshot, closedAt, ctx.closedTtl);
    if ((await transact(ctx, 'archive', input)) === null) {
      ctx.live.forget(taskId);
      return fromClosedItem(closed, ctx.f, ctx.closedTtl?.attribute);
    }
    snapshot = await getLiveItem(ctx, 'archive', taskId);
  }
  throw conflict('archive', taskId);
}

/** moveToRetry: like archive, into the retry table, and never for a completed task. */
export async function moveTaskToRetry(ctx: DynamoContext, taskId: string, desiredLaunchTime: number): Promise<RetryTask | null> {
  let snapshot = ctx.live.take(taskId) ?? (await getLiveItem(ctx, 'moveToRetry', taskId));
  for (let attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
    if (snapshot === undefined || isCompletedItem(snapshot, ctx.f)) return null;
    const { input, retry } = moveToRetryTransaction(ctx.t, ctx.f, snapshot, desiredLaunchTime);
    if ((await transact(ctx, 'moveToRetry', input)) === null) {
      ctx.live.forget(taskId);
      return fromRetryItem(retry, ctx.f);
    }
    snapshot = await getLiveItem(ctx, 'moveToRetry', taskId);
  }
  throw conflict('moveToRetry', taskId);
}

async function retryItems(ctx: DynamoContext, labourerId: string, taskIds: readonly string[]): Promise<Item[]> {
  const { f } = ctx;
  const byId = new Map<string, Item>();
  const missing: string[] = [];
  for (const id of taskIds) {
    const cached = ctx.retry.take(id);
    if (cached !== undefined && cached[f.labourerId] === labourerId) byId.set(id, cached);
    else missing.push(id);
  }
  if (missing.length > 0) {
    const keys = missing.map((id) => ({ [f.labourerId]: labourerId, [f.taskId]: id }));
    for (const item of await ctx.sender.batchGet('returnFromRetry', ctx.t.retryTasks, keys)) byId.set(String(item[f.taskId]), item);
  }
  return taskIds.flatMap((id): Item[] => {
    const item = byId.get(id);
    return item === undefined ? [] : [item];
  });
}

/**
 * returnFromRetry: the retry items (snapshots from dueRetries, else one BatchGet), head positions
 * before the oldest queued task (queued as of the latest desired launch time: they are due), then
 * transactions of up to 50 tasks; items that changed or vanished meanwhile are re-read and skipped.
 */
export async function returnTasksFromRetry(ctx: DynamoContext, labourerId: string, taskIds: readonly string[]): Promise<Task[]> {
  const { f } = ctx;
  const items = await retryItems(ctx, labourerId, [...new Set(taskIds)]);
  if (items.length === 0) return [];
  const queuedBefore = Math.max(...items.map((item) => Number(item[f.desiredLaunchTime])));
  const positions = headPositions(await queueBound(ctx, 'returnFromRetry', labourerId, queuedBefore, 'oldest'), items.length, ctx.step);
  const moved: Task[] = [];
  for (let start = 0; start < items.length; start += 50) {
    let chunk = items.slice(start, start + 50).map((item, i) => ({ item, position: positions[start + i] as number }));
    for (let attempt = 0; chunk.length > 0; attempt++) {
      const { input, live } = returnFromRetryTransaction(
        ctx.t,
        f,
        chunk.map((c) => c.item),
        chunk.map((c) => c.position),
      );
      const codes = await transact(ctx, 'returnFromRetry', input);
      if (codes === null) {
        moved.push(...live.map((item) => fromTaskItem(item, f)));
        break;
      }
      if (attempt + 1 >= MOVE_ATTEMPTS) throw conflict('returnFromRetry', String(chunk[0]?.item[f.taskId]));
      const liveTaken = new Set(
        codes.flatMap((code, action) => (code === 'ConditionalCheckFailed' && action % 2 === 0 ? [Math.floor(action / 2)] : [])),
      );
      const fresh = new Map(
        (
          await retryItems(
            ctx,
            labourerId,
            chunk.map((c) => String(c.item[f.taskId])),
          )
        ).map((item) => [String(item[f.taskId]), item]),
      );
      chunk = chunk.flatMap((c, i) => {
        const item = fresh.get(String(c.item[f.taskId]));
        return item === undefined || liveTaken.has(i) ? [] : [{ item, position: c.position }];
      });
    }
  }
  return moved;
}

/** redrive: a dead closed task back to the end of its queue (queued as of its closing time) with attempts 0. */
export async function redriveTask(ctx: DynamoContext, taskId: string): Promise<Task | null> {
  const { f } = ctx;
  for (let attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
    const closed = await getClosedItem(ctx, 'redrive', taskId);
    if (closed === undefined || !String(closed[f.labourerIdTaskStatus] ?? '').endsWith('_0')) return null;
    const labourerId = String(closed[f.labourerId]);
    const [position] = appendPositions(await queueBound(ctx, 'redrive', labourerId, Number(closed[f.closedAt]), 'newest'), 1, ctx.step);
    const { input, live } = redriveTransaction(ctx.t, f, closed, position as number, ctx.closedTtl?.attribute);
    const jobId = ctx.jobs ? jobOf(closed) : undefined;
    if (jobId !== undefined) {
      // The task leaves the closed table: it no longer counts as dead (or cancelled) for its job.
      const delta = emptyDelta();
      delta[outcomeOf(closed, f)] = -1;
      input.TransactItems?.push({ Update: counterUpdate(ctx.t, jobId, delta) });
    }
    const codes = await transact(ctx, 'redrive', input);
    if (codes === null) return fromTaskItem(live, f);
    if (codes[0] === 'ConditionalCheckFailed') return null;
  }
  throw conflict('redrive', taskId);
}
