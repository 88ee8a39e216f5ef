import { ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_GREENFIELD_INVOCATION_DELTA } from '../../../core/task/greenfield.js';
import type { Task } from '../../../core/task/task.js';
import type { JobTaskCounts, JobTaskPlace, TaskRef } from '../../../ports/job-store.js';
import type { DynamoContext } from './context.js';
import { cancelTasks, liveSnapshots } from './dynamo-job-moves.js';
import { fromClosedItem, fromRetryItem, fromTaskItem, type Item, isCompletedItem } from './items.js';
import { type CancelSource, outcomeOf } from './operations/job-moves.js';
import { closedJobTasksScan, liveJobTasksQuery, retryJobTasksQuery } from './operations/job-task-queries.js';

export const JOB_TASK_PLACES: readonly JobTaskPlace[] = [
  'queued',
  'running',
  'awaitingArchive',
  'retrying',
  'completed',
  'dead',
  'cancelled',
];

/** Cancel passes: a task returned from retry to the queue during one pass is found by the next. */
const CANCEL_PASSES = 3;

function floorOf(ctx: DynamoContext): number {
  return ctx.invokedFloor ?? DEFAULT_GREENFIELD_INVOCATION_DELTA;
}

/** Where a live item is: queued below the floor, else awaiting archive (completed) or running. */
function livePlace(ctx: DynamoContext, item: Item): 'queued' | 'running' | 'awaitingArchive' {
  if (isCompletedItem(item, ctx.f)) return 'awaitingArchive';
  return Number(item[ctx.f.greenfield]) < floorOf(ctx) ? 'queued' : 'running';
}

async function scanAll(ctx: DynamoContext, input: ScanCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ctx.sender.run('jobTasks', ctx.t.closedTasks, (c) =>
      c.send(new ScanCommand({ ...input, ExclusiveStartKey: start })),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

function liveItems(ctx: DynamoContext, labourerId: string, jobId: string, part: 'queued' | 'invoked' | 'all'): Promise<Item[]> {
  return ctx.sender.query('jobTasks', liveJobTasksQuery(ctx.t, ctx.f, labourerId, jobId, floorOf(ctx), part));
}

function retryItems(ctx: DynamoContext, labourerId: string, jobId: string): Promise<Item[]> {
  return ctx.sender.query('jobTasks', retryJobTasksQuery(ctx.t, ctx.f, labourerId, jobId));
}

function closedItems(ctx: DynamoContext, labourerId: string, jobId: string): Promise<Item[]> {
  return scanAll(ctx, closedJobTasksScan(ctx.t, ctx.f, labourerId, jobId));
}

/** The recount: the labourer's live and retry partitions (filtered on job_id) and a filtered Scan of the closed table. */
export async function countJobTasks(ctx: DynamoContext, labourerId: string, jobId: string): Promise<JobTaskCounts> {
  const [live, retry, closed] = await Promise.all([
    liveItems(ctx, labourerId, jobId, 'all'),
    retryItems(ctx, labourerId, jobId),
    closedItems(ctx, labourerId, jobId),
  ]);
  const counts = { queued: 0, running: 0, awaitingArchive: 0, retrying: retry.length, completed: 0, dead: 0, cancelled: 0 };
  for (const item of live) counts[livePlace(ctx, item)] += 1;
  for (const item of closed) counts[outcomeOf(item, ctx.f)] += 1;
  return counts;
}

export async function listJobTasks(
  ctx: DynamoContext,
  labourerId: string,
  jobId: string,
  place: JobTaskPlace,
  limit: number,
): Promise<Task[]> {
  const { f } = ctx;
  switch (place) {
    case 'queued':
    case 'running':
    case 'awaitingArchive': {
      const items = await liveItems(ctx, labourerId, jobId, place === 'queued' ? 'queued' : 'invoked');
      return items
        .filter((item) => livePlace(ctx, item) === place)
        .slice(0, limit)
        .map((item) => fromTaskItem(item, f));
    }
    case 'retrying':
      return (await retryItems(ctx, labourerId, jobId)).slice(0, limit).map((item) => fromRetryItem(item, f));
    default: {
      const items = await closedItems(ctx, labourerId, jobId);
      return items
        .filter((item) => outcomeOf(item, f) === place)
        .sort((a, b) => Number(b[f.closedAt]) - Number(a[f.closedAt]))
        .slice(0, limit)
        .map((item) => fromClosedItem(item, f, ctx.closedTtl?.attribute));
    }
  }
}

/**
 * Close the job's queued and retrying tasks as cancelled (running ones are left to finish). A task
 * claimed meanwhile is left running; one returned from retry to the queue is found by the next pass.
 */
export async function cancelJobTasks(ctx: DynamoContext, labourerId: string, jobId: string, at: number): Promise<string[]> {
  const cancelled: string[] = [];
  for (let pass = 0; pass < CANCEL_PASSES; pass++) {
    const [queued, retry] = await Promise.all([liveItems(ctx, labourerId, jobId, 'queued'), retryItems(ctx, labourerId, jobId)]);
    const sources: CancelSource[] = [
      ...queued.filter((item) => !isCompletedItem(item, ctx.f)).map((item) => ({ item, from: 'live' as const })),
      ...retry.map((item) => ({ item, from: 'retry' as const })),
    ];
    if (sources.length === 0) break;
    const closed = await cancelTasks(ctx, sources, at);
    for (const id of closed) ctx.live.forget(id);
    cancelled.push(...closed);
    if (closed.length === sources.length) break;
  }
  return cancelled;
}

/** Close these live, not completed tasks as cancelled (the Scavenger's move for a task of a cancelled job). */
export async function closeCancelled(ctx: DynamoContext, taskIds: readonly string[], at: number): Promise<string[]> {
  const items = await liveSnapshots(ctx, 'closeCancelled', taskIds);
  const sources = items.filter((item) => !isCompletedItem(item, ctx.f)).map((item) => ({ item, from: 'live' as const }));
  if (sources.length === 0) return [];
  const closed = await cancelTasks(ctx, sources, at);
  for (const id of closed) ctx.live.forget(id);
  return closed;
}

/**
 * Close those of these tasks that are queued or in the retry table as cancelled: one consistent
 * BatchGet of the live items, one of the retry items for the rest, then the cancel transactions
 * (each Delete conditional on the item being unchanged, so a task claimed meanwhile stays running).
 */
export async function cancelTaskRefs(ctx: DynamoContext, tasks: readonly TaskRef[], at: number): Promise<string[]> {
  const { f } = ctx;
  const unique = [...new Map(tasks.map((t) => [t.taskId, t])).values()];
  if (unique.length === 0) return [];
  const live = await liveSnapshots(
    ctx,
    'cancelTasks',
    unique.map((t) => t.taskId),
  );
  const inLive = new Set(live.map((item) => String(item[f.taskId])));
  const sources: CancelSource[] = live.filter((item) => livePlace(ctx, item) === 'queued').map((item) => ({ item, from: 'live' as const }));
  const elsewhere = unique.filter((t) => !inLive.has(t.taskId));
  if (elsewhere.length > 0) {
    const keys = elsewhere.map((t) => ({ [f.labourerId]: t.labourerId, [f.taskId]: t.taskId }));
    for (const item of await ctx.sender.batchGet('cancelTasks', ctx.t.retryTasks, keys)) sources.push({ item, from: 'retry' });
  }
  if (sources.length === 0) return [];
  const closed = await cancelTasks(ctx, sources, at);
  for (const id of closed) ctx.live.forget(id);
  return closed;
}
