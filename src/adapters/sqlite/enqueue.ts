import { checkPlacement, type EnqueuePlacement } from '../../core/flow/placement.js';
import { appendPositions } from '../../core/task/greenfield.js';
import { checkArray, checkFinite, checkId, checkString } from '../../core/task/store-arguments.js';
import type { Task, TaskDraft } from '../../core/task/task.js';
import { newTaskIds } from '../../core/task/task-id.js';
import { createPlacement, isPlaced } from './placement.js';
import { toRetryTaskRow, toTaskRow } from './rows.js';
import { ENQUEUE_CHUNK_ROWS } from './statements/task-statements.js';
import type { StoreContext } from './store-context.js';

export type EnqueueFn = (labourerId: string, drafts: readonly TaskDraft[], createdAt: number, placement?: EnqueuePlacement) => Task[];

/**
 * Build the enqueue operation: one transaction per batch, one read of the newest queued position
 * (queued as of `createdAt`), then prepared multi-row inserts (64 tasks per call, the remainder one
 * by one). Drafts whose explicit id exists in any table (or earlier in the same batch) are skipped,
 * so re-processing a batch is idempotent.
 */
export function createEnqueue(ctx: StoreContext): EnqueueFn {
  const { tasks, step } = ctx;
  const chunkParams = new Array<unknown>(ENQUEUE_CHUNK_ROWS * 4 + 1);
  /** Insert fresh queued tasks: full chunks with the multi-row statement, the rest one by one. */
  const insertAll = (written: readonly Task[], labourerId: string, createdAt: number): void => {
    const full = written.length - (written.length % ENQUEUE_CHUNK_ROWS);
    chunkParams[ENQUEUE_CHUNK_ROWS * 4] = { labourer_id: labourerId, created_at: createdAt };
    for (let start = 0; start < full; start += ENQUEUE_CHUNK_ROWS) {
      for (let k = 0; k < ENQUEUE_CHUNK_ROWS; k++) {
        const task = written[start + k] as Task;
        chunkParams[4 * k] = task.taskId;
        chunkParams[4 * k + 1] = task.greenfield;
        chunkParams[4 * k + 2] = task.payload;
        chunkParams[4 * k + 3] = task.jobId ?? null;
      }
      tasks.insertQueuedChunk.run(...chunkParams);
    }
    for (let i = full; i < written.length; i++) tasks.insertTask.run(toTaskRow(written[i] as Task));
  };
  const place = createPlacement(ctx);
  const write = ctx.db.transaction(
    (labourerId: string, drafts: readonly TaskDraft[], createdAt: number, placement: EnqueuePlacement): Task[] => {
      const accepted: TaskDraft[] = [];
      const seen = new Set<string>();
      for (const draft of drafts) {
        const id = draft.taskId;
        if (id !== undefined) {
          if (seen.has(id) || tasks.taskIdTaken.get(id, id, id) !== undefined) continue;
          seen.add(id);
        }
        accepted.push(draft);
      }
      if (accepted.length === 0) return [];
      const positions = isPlaced(accepted, placement)
        ? place(labourerId, accepted, createdAt, placement)
        : appendPositions(tasks.newestQueued.get(labourerId, createdAt) ?? null, accepted.length, step);
      const missing = accepted.reduce((n, d) => (d.taskId === undefined ? n + 1 : n), 0);
      const generated = missing === 0 ? [] : newTaskIds(createdAt * 1000, missing);
      let nextGenerated = 0;
      const written = new Array<Task>(accepted.length);
      for (let i = 0; i < accepted.length; i++) {
        const draft = accepted[i] as TaskDraft;
        const task: Task = {
          taskId: draft.taskId ?? (generated[nextGenerated++] as string),
          labourerId,
          createdAt,
          greenfield: positions[i] as number,
          attempts: 0,
          payload: draft.payload,
        };
        written[i] = draft.jobId === undefined ? task : { ...task, jobId: draft.jobId };
      }
      if (placement.notBefore !== undefined && placement.notBefore > createdAt) {
        const due = placement.notBefore;
        for (const task of written) ctx.retry.insertRetry.run(toRetryTaskRow({ ...task, desiredLaunchTime: due }));
      } else insertAll(written, labourerId, createdAt);
      return written;
    },
  );
  return (labourerId, drafts, createdAt, placement = {}) => {
    const op = 'enqueue';
    checkId(op, 'labourerId', labourerId);
    checkFinite(op, 'createdAt', createdAt);
    checkArray(op, 'drafts', drafts);
    for (let i = 0; i < drafts.length; i++) {
      const draft = drafts[i] as TaskDraft;
      checkString(op, `drafts[${i}].payload`, draft?.payload);
      if (draft.taskId !== undefined) checkId(op, `drafts[${i}].taskId`, draft.taskId);
      if (draft.lane !== undefined) checkString(op, `drafts[${i}].lane`, draft.lane);
      if (draft.jobId !== undefined) checkId(op, `drafts[${i}].jobId`, draft.jobId);
    }
    if (drafts.length === 0) return [];
    return write.immediate(labourerId, drafts, createdAt, checkPlacement(op, placement));
  };
}
