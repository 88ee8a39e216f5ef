import type { LabourerConfig } from '../../core/config/task-config.js';
import { laneOf } from '../../core/flow/concurrency-key.js';
import { countByLane, pickUnderKeyCaps } from '../../core/flow/fair-pick.js';
import type { LabourerWindow } from '../../core/task/greenfield.js';
import type { Task } from '../../core/task/task.js';
import type { QueuedRef } from '../../ports/task-store.js';
import type { TaskManager } from '../task-manager/task-manager.js';

/** Most running tasks read to count them per key (far above any sensible cap). */
const MAX_RUNNING_READ = 10_000;
/** How far past `requested` the head is read when keys are capped. */
const LOOKAHEAD_FACTOR = 8;
const MIN_LOOKAHEAD = 200;
const MAX_LOOKAHEAD = 2_000;

export interface PickedTasks {
  /** Ids and queue positions only: the claims read the tasks themselves. */
  readonly tasks: readonly QueuedRef[];
  /** Queued tasks passed over because their key was at `max_per_key` (absent with keys off). */
  readonly keyCapped?: number | undefined;
}

/**
 * The tasks a dispatch starts: the head of the queue, or, for a labourer with a `concurrency_key`,
 * the head read a little further and filtered so no key runs more than `max_per_key`. Running
 * counts per key come from the running tasks themselves (one read per tick, bounded by the cap), so
 * they can never drift from the truth after a crash. With keys off this is the original's one read.
 */
export async function pickTasks(
  taskManager: Pick<TaskManager, 'nextTasks' | 'nextRefs' | 'listRunning'>,
  labourer: LabourerConfig,
  window: LabourerWindow,
  requested: number,
): Promise<PickedTasks> {
  const key = labourer.concurrencyKey;
  if (key === undefined || requested < 1) return { tasks: await taskManager.nextRefs(window, requested) };
  const lane = (task: Task): string => laneOf(task.payload, key.steps);
  const lookahead = Math.min(Math.max(requested * LOOKAHEAD_FACTOR, MIN_LOOKAHEAD), MAX_LOOKAHEAD);
  const [running, head] = await Promise.all([taskManager.listRunning(window, MAX_RUNNING_READ), taskManager.nextTasks(window, lookahead)]);
  const { picked, keyCapped } = pickUnderKeyCaps(head, countByLane(running, lane), key.maxPerKey, requested, lane);
  return { tasks: picked, keyCapped };
}

/** The per-key part of a decision in words ('' when no task waited for its key). */
export function keyCapText(keyCapped: number | undefined, labourer: LabourerConfig): string {
  if (keyCapped === undefined || keyCapped === 0 || labourer.concurrencyKey === undefined) return '';
  const { path, maxPerKey } = labourer.concurrencyKey;
  return `${keyCapped} queued ${keyCapped === 1 ? 'task waits' : 'tasks wait'}: ${keyCapped === 1 ? 'its' : 'their'} ${path} already runs max_per_key ${maxPerKey}.`;
}
