import { bandAppendPositions, type EnqueuePlacement, inBand, lanePositions, priorityBand } from '../../core/flow/placement.js';
import type { TaskDraft } from '../../core/task/task.js';
import type { StoreContext } from './store-context.js';

/** True when a batch needs more than the original's append (a priority band or lanes). */
export function isPlaced(drafts: readonly TaskDraft[], placement: EnqueuePlacement): boolean {
  return (placement.priority ?? 0) > 0 || drafts.some((d) => d.lane !== undefined);
}

/**
 * Queue positions for a placed batch, inside the caller's transaction: the newest position of the
 * priority band, or, for drafts with lanes, fair positions from the lane cursors (which it updates).
 */
export function createPlacement(
  ctx: StoreContext,
): (labourerId: string, drafts: readonly TaskDraft[], createdAt: number, placement: EnqueuePlacement) => number[] {
  const { tasks, lanes, step } = ctx;
  return (labourerId, drafts, createdAt, placement) => {
    const priority = placement.priority ?? 0;
    const band = priorityBand(priority);
    const before = Math.min(band.high, createdAt);
    if (drafts.every((d) => d.lane === undefined)) {
      return bandAppendPositions(inBand(tasks.newestQueued.get(labourerId, before) ?? null, priority), drafts.length, step, priority);
    }
    const keys = drafts.map((d) => d.lane ?? '');
    const cursors = new Map(lanes.laneCursors.all(labourerId, priority, JSON.stringify([...new Set(keys)])).map((r) => [r.lane, r.cursor]));
    const head = lanes.oldestQueuedFrom.get(labourerId, band.low, before) ?? null;
    const placed = lanePositions(keys, cursors, head, step, priority);
    for (const [lane, cursor] of placed.cursors) lanes.setLaneCursor.run({ labourerId, band: priority, lane, cursor });
    return placed.positions;
  };
}
