import { SoswError } from '../../../core/errors.js';
import type { DynamoContext } from './context.js';
import type { Item } from './items.js';
import {
  archiveBatchTransaction,
  type CancelSource,
  cancelBatchTransaction,
  chunkMoves,
  closedItemBytes,
  failedMoves,
  jobOf,
} from './operations/job-moves.js';
import { MOVE_ATTEMPTS, transact } from './reads.js';

/** Live items by id: snapshots where cached, the rest in one consistent BatchGet. */
export async function liveSnapshots(ctx: DynamoContext, operation: string, taskIds: readonly string[]): Promise<Item[]> {
  const { f } = ctx;
  const byId = new Map<string, Item>();
  const missing: string[] = [];
  for (const id of taskIds) {
    const cached = ctx.live.take(id);
    if (cached === undefined) missing.push(id);
    else byId.set(id, cached);
  }
  if (missing.length > 0) {
    const keys = missing.map((id) => ({ [f.taskId]: id }));
    for (const item of await ctx.sender.batchGet(operation, ctx.t.tasks, keys)) byId.set(String(item[f.taskId]), item);
  }
  return taskIds.flatMap((id): Item[] => {
    const item = byId.get(id);
    return item === undefined ? [] : [item];
  });
}

/**
 * Send move transactions chunk by chunk (in order: chunks of one job update the same job item,
 * which concurrent transactions could not). A chunk whose Delete conditions failed for some moves
 * is re-sent without them, after `refresh` gives their current source items (or none: the move is
 * dropped). Returns the moved ids.
 */
async function sendMoves<T>(
  ctx: DynamoContext,
  operation: string,
  moves: readonly T[],
  idOf: (move: T) => string,
  jobOfMove: (move: T) => string | undefined,
  sizeOf: (move: T) => number,
  build: (chunk: readonly T[]) => Parameters<typeof transact>[2],
  refresh: (failed: readonly T[]) => Promise<T[]>,
): Promise<string[]> {
  const moved: string[] = [];
  for (const first of chunkMoves(moves, jobOfMove, sizeOf)) {
    let chunk: readonly T[] = first;
    for (let attempt = 0; chunk.length > 0; attempt++) {
      const codes = await transact(ctx, operation, build(chunk));
      if (codes === null) {
        moved.push(...chunk.map(idOf));
        break;
      }
      const failed = failedMoves(codes);
      if (failed.size === 0 || attempt + 1 >= MOVE_ATTEMPTS) {
        throw new SoswError('store.conflict', `${operation} kept being cancelled (${codes.join(', ')}): retry later.`, {
          details: { operation, codes },
        });
      }
      const kept = chunk.filter((_, i) => !failed.has(i));
      chunk = [...kept, ...(await refresh(chunk.filter((_, i) => failed.has(i))))];
    }
  }
  return moved;
}

/**
 * archiveMany with job counters: transactions of up to ~49 tasks (Put closed + Delete unchanged
 * live each) plus one counter update per job. Tasks that changed meanwhile are re-read and archived
 * as they are now; vanished ones are skipped.
 */
export async function archiveTasksWithCounters(ctx: DynamoContext, taskIds: readonly string[], closedAt: number): Promise<string[]> {
  const { t, f } = ctx;
  const snapshots = await liveSnapshots(ctx, 'archiveMany', taskIds);
  const moved = await sendMoves(
    ctx,
    'archiveMany',
    snapshots,
    (item) => String(item[f.taskId]),
    jobOf,
    closedItemBytes,
    (chunk) => archiveBatchTransaction(t, f, chunk, closedAt, ctx.closedTtl, true).input,
    (failed) =>
      liveSnapshots(
        ctx,
        'archiveMany',
        failed.map((item) => String(item[f.taskId])),
      ),
  );
  for (const id of moved) ctx.live.forget(id);
  return moved;
}

/** Close queued / retrying tasks as cancelled, with the job's `cancelled` counter in the same transactions. */
export async function cancelTasks(ctx: DynamoContext, sources: readonly CancelSource[], at: number): Promise<string[]> {
  const { t, f } = ctx;
  // A source that changed (claimed, returned to the queue, ...) is dropped: the caller looks again.
  return sendMoves(
    ctx,
    'cancelJobTasks',
    sources,
    (s) => String(s.item[f.taskId]),
    (s) => jobOf(s.item),
    (s) => closedItemBytes(s.item),
    (chunk) => cancelBatchTransaction(t, f, chunk, at, ctx.closedTtl, ctx.jobs).input,
    async () => [],
  );
}
