import { SoswError } from '../../../core/errors.js';
import { checkPlacement, type EnqueuePlacement } from '../../../core/flow/placement.js';
import type { TaskFieldNames } from '../../../core/task/field-names.js';
import { appendPositions } from '../../../core/task/greenfield.js';
import { checkArray, checkFinite, checkId, checkString } from '../../../core/task/store-arguments.js';
import type { Task, TaskDraft } from '../../../core/task/task.js';
import { newTaskId } from '../../../core/task/task-id.js';
import type { TaskSizeLimit } from '../../../ports/task-store.js';
import type { DynamoContext } from './context.js';
import { isPlaced, placedPositions } from './dynamo-placement.js';
import { DYNAMO_MAX_ITEM_BYTES, dynamoItemBytes } from './item-size.js';
import { type Item, toRetryItem, toTaskItem } from './items.js';
import { approximateItemBytes, chunkForTransactions, enqueueCheckedTransaction, rejectedItemIndexes } from './operations/enqueue-tasks.js';
import { queueBound, transact } from './reads.js';

/**
 * The 400 KB item limit for new tasks, measured on the item enqueue writes (a 32-character id and
 * the longest numbers, so the measure never undercounts).
 */
export function taskSizeLimit(f: TaskFieldNames): TaskSizeLimit {
  return {
    maxBytes: DYNAMO_MAX_ITEM_BYTES,
    taskBytes: (labourerId, payload) =>
      dynamoItemBytes(
        toTaskItem(
          { taskId: 'f'.repeat(32), labourerId, createdAt: 1_234_567_890.123_456, greenfield: 99_999_999_999, attempts: 0, payload },
          f,
        ),
      ),
  };
}

function validate(labourerId: string, drafts: readonly TaskDraft[], createdAt: number, limit: TaskSizeLimit): void {
  const op = 'enqueue';
  checkId(op, 'labourerId', labourerId);
  checkFinite(op, 'createdAt', createdAt);
  checkArray(op, 'drafts', drafts);
  drafts.forEach((draft, i) => {
    checkString(op, `drafts[${i}].payload`, draft?.payload);
    if (draft.taskId !== undefined) checkId(op, `drafts[${i}].taskId`, draft.taskId);
    if (draft.lane !== undefined) checkString(op, `drafts[${i}].lane`, draft.lane);
    const bytes = limit.taskBytes(labourerId, draft.payload);
    if (bytes > limit.maxBytes) {
      throw new SoswError(
        'task.tooLarge',
        `Task drafts[${i}] of labourer ${labourerId} would be a ${bytes}-byte DynamoDB item, over the ${limit.maxBytes}-byte (400 KB) limit: nothing of this batch was written. Keep payloads small (put large data in S3 and pass its key).`,
        { details: { field: `drafts[${i}].payload`, bytes, maxBytes: limit.maxBytes } },
      );
    }
  });
}

/**
 * enqueue: one read of the newest queued position per batch, then
 * - drafts without ids (fresh UUIDv7 ids cannot exist yet): BatchWriteItem of 25;
 * - any caller-chosen id: transactions of up to 33 tasks, each Put conditional on the id being in
 *   none of the three tables; rejected ids are dropped and the rest re-sent at the same positions,
 *   so positions stay consecutive and concurrent enqueues of one id write it once.
 */
export async function enqueueTasks(
  ctx: DynamoContext,
  labourerId: string,
  drafts: readonly TaskDraft[],
  createdAt: number,
  placement: EnqueuePlacement = {},
): Promise<Task[]> {
  validate(labourerId, drafts, createdAt, taskSizeLimit(ctx.f));
  checkPlacement('enqueue', placement);
  const seen = new Set<string>();
  const accepted = drafts.filter((d) => d.taskId === undefined || (!seen.has(d.taskId) && seen.add(d.taskId) !== undefined));
  if (accepted.length === 0) return [];
  const placed = isPlaced(accepted, placement);
  let newest = placed ? null : await queueBound(ctx, 'enqueue', labourerId, createdAt, 'newest');
  // Delayed tasks wait in the retry table, due at `notBefore` (the original's Scavenger also returns them).
  const delayedUntil = placement.notBefore !== undefined && placement.notBefore > createdAt ? placement.notBefore : undefined;
  const table = delayedUntil === undefined ? ctx.t.tasks : ctx.t.retryTasks;
  const toItem = (task: Task): Item =>
    delayedUntil === undefined ? toTaskItem(task, ctx.f) : toRetryItem(toTaskItem(task, ctx.f), ctx.f, delayedUntil);
  const makeTask = (draft: TaskDraft, greenfield: number): Task => ({
    taskId: draft.taskId ?? newTaskId(createdAt * 1000),
    labourerId,
    createdAt,
    greenfield,
    attempts: 0,
    payload: draft.payload,
  });

  if (accepted.every((d) => d.taskId === undefined)) {
    const positions = placed
      ? await placedPositions(ctx, labourerId, accepted, createdAt, placement)
      : appendPositions(newest, accepted.length, ctx.step);
    const tasks = accepted.map((d, i) => makeTask(d, positions[i] as number));
    await ctx.sender.batchPut('enqueue', table, tasks.map(toItem));
    return tasks;
  }

  const written: Task[] = [];
  const withIds = accepted.map((d) => ({ ...d, taskId: d.taskId ?? newTaskId(createdAt * 1000) }));
  // Placed positions are computed once for the batch; a rejected id just leaves its position unused.
  const placedAt = placed ? await placedPositions(ctx, labourerId, withIds, createdAt, placement) : [];
  const positionOf = new Map(placedAt.map((position, i) => [(withIds[i] as TaskDraft).taskId as string, position]));
  const sizeOf = (d: TaskDraft): number => approximateItemBytes(toTaskItem(makeTask(d, 0), ctx.f));
  for (const chunk of chunkForTransactions(withIds, sizeOf)) {
    let pending: TaskDraft[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const positions = placed
        ? pending.map((d) => positionOf.get(d.taskId as string) as number)
        : appendPositions(newest, pending.length, ctx.step);
      const tasks = pending.map((d, i) => makeTask(d, positions[i] as number));
      const target = delayedUntil === undefined ? 'tasks' : 'retry';
      const codes = await transact(ctx, 'enqueue', enqueueCheckedTransaction(ctx.t, ctx.f, tasks.map(toItem), target));
      if (codes === null) {
        written.push(...tasks);
        if (!placed) newest = positions[positions.length - 1] ?? newest;
        break;
      }
      const rejected = rejectedItemIndexes(codes);
      if (rejected.size === 0 || attempt >= 3) {
        throw new SoswError('store.conflict', `enqueue for ${labourerId} kept being cancelled (${codes.join(', ')}): retry the batch.`, {
          details: { labourerId, codes },
        });
      }
      pending = pending.filter((_, i) => !rejected.has(i));
    }
  }
  return written;
}
