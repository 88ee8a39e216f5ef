import { bandAppendPositions, type EnqueuePlacement, inBand, lanePositions, priorityBand } from '../../../core/flow/placement.js';
import type { TaskDraft } from '../../../core/task/task.js';
import type { DynamoContext } from './context.js';
import { LANE_CURSOR, laneItem, laneKey, laneOfKey, oldestInBandQuery } from './operations/lanes.js';
import { queueBound } from './reads.js';

/** True when a batch needs more than the original's append (a priority band or lanes). */
export function isPlaced(drafts: readonly TaskDraft[], placement: EnqueuePlacement): boolean {
  return (placement.priority ?? 0) > 0 || drafts.some((d) => d.lane !== undefined);
}

/**
 * Queue positions for a placed batch. A priority band costs the same one read as a plain append.
 * Lanes cost, per batch, one BatchGetItem of the lanes' cursors (100 lanes a request), one Query for
 * the band's head and one BatchWriteItem of the new cursors (25 lanes a request). Cursors are
 * ordering hints: two racing enqueues may give equal positions, never lose a task.
 */
export async function placedPositions(
  ctx: DynamoContext,
  labourerId: string,
  drafts: readonly TaskDraft[],
  createdAt: number,
  placement: EnqueuePlacement,
): Promise<number[]> {
  const priority = placement.priority ?? 0;
  const band = priorityBand(priority);
  const before = Math.min(band.high, createdAt);
  if (drafts.every((d) => d.lane === undefined)) {
    return bandAppendPositions(
      inBand(await queueBound(ctx, 'enqueue', labourerId, before, 'newest'), priority),
      drafts.length,
      ctx.step,
      priority,
    );
  }
  const { f, t } = ctx;
  const lanes = drafts.map((d) => d.lane ?? '');
  const [items, [head]] = await Promise.all([
    ctx.sender.batchGet(
      'enqueue',
      t.tasks,
      [...new Set(lanes)].map((lane) => laneKey(f, labourerId, priority, lane)),
    ),
    ctx.sender.query('enqueue', oldestInBandQuery(t, f, labourerId, band.low, before), 1),
  ]);
  const cursors = new Map(items.map((item) => [laneOfKey(f, item, labourerId, priority), Number(item[LANE_CURSOR])]));
  const headPosition = head === undefined ? null : Number(head[f.greenfield]);
  const placed = lanePositions(lanes, cursors, headPosition !== null && headPosition < before ? headPosition : null, ctx.step, priority);
  await ctx.sender.batchPut(
    'enqueue',
    t.tasks,
    [...placed.cursors].map(([lane, cursor]) => laneItem(f, labourerId, priority, lane, cursor)),
  );
  return placed.positions;
}
