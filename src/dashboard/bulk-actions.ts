/**
 * Bulk actions of the task explorer: redrive or cancel a selection of tasks (`taskIds`) or every
 * task a filter matches. Without `confirm: true` nothing changes and the answer says how many
 * tasks would be touched (the page asks the operator with that number, then sends `confirm: true`).
 * A confirmed action writes one summary row (`bulk_redriven` / `bulk_cancelled`, task_id
 * `bulk#<id>`) naming its filter and tasks, and every task touched gets its own `redriven` /
 * `cancelled` row carrying the bulk id.
 *
 * Cancel has the semantics of a job cancel: queued and retry-table tasks (retrying, delayed)
 * close as cancelled; running ones finish and are never retried; closed ones are skipped.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { epochSecondsFloat, systemClock } from '../core/clock.js';
import { SoswError } from '../core/errors.js';
import { CANCELLABLE_STATES } from '../essentials/jobs/cancel-tasks.js';
import { checkSinceUntil, type ExplorerFilter, explorerFilter, explorerFilterSchema, taskIdSchema } from './query.js';
import type { CancelTarget, DashboardSource } from './source.js';

/** Most tasks one bulk action touches. */
export const MAX_BULK_TASKS = 1000;
/** Task ids listed in the summary audit row at most (the row stays small). */
const AUDIT_IDS = 100;

export const BULK_ACTIONS = ['redrive', 'cancel'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

const cancellable = (state: string): boolean => (CANCELLABLE_STATES as readonly string[]).includes(state);

export const bulkBodySchema = z
  .strictObject({
    action: z.enum(BULK_ACTIONS, { error: `must be one of ${BULK_ACTIONS.join(', ')}` }),
    taskIds: z
      .array(taskIdSchema)
      .min(1, 'must name at least one task')
      .max(MAX_BULK_TASKS, `must name at most ${MAX_BULK_TASKS} tasks`)
      .optional(),
    filter: explorerFilterSchema.optional(),
    confirm: z.boolean().optional(),
    by: z.string().min(1, 'must not be empty (who acts)').max(200, 'must be at most 200 characters').optional(),
  })
  .superRefine((b, ctx) => {
    // Say which mistake it is: a body with neither is as common as one with both.
    if (b.taskIds === undefined && b.filter === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['taskIds'],
        message: 'is missing: give taskIds (a selection) or filter (every task it matches)',
      });
    } else if (b.taskIds !== undefined && b.filter !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['taskIds'],
        message: 'cannot go with filter: give either taskIds (a selection) or filter (every task it matches), not both',
      });
    }
  });
export type BulkBody = z.infer<typeof bulkBodySchema>;

export interface BulkOutcome {
  readonly action: BulkAction;
  /** False for the preview (no `confirm`). */
  readonly confirmed: boolean;
  /** Tasks the selection or filter names. */
  readonly matched: number;
  /** Cancel only: of those, the tasks queued or in the retry table now (the ones a confirm closes). */
  readonly eligible?: number | undefined;
  /** Ids done (confirmed) or that would be tried (preview), at most MAX_BULK_TASKS. */
  readonly taskIds: readonly string[];
  /** Present once confirmed. */
  readonly bulkId?: string | undefined;
  readonly done?: number | undefined;
  readonly skipped?: ReadonlyArray<{ readonly taskId: string; readonly reason: string }> | undefined;
}

function checkFilterLabourer(source: DashboardSource, filter: ExplorerFilter): void {
  checkSinceUntil(filter, true);
  if (filter.labourer !== undefined && !source.labourerIds().includes(filter.labourer)) {
    throw new SoswError('dashboard.invalidQuery', `Invalid filter.labourer: must be one of ${source.labourerIds().join(', ')}.`, {
      details: { field: 'filter.labourer', param: 'filter.labourer', received: filter.labourer },
    });
  }
}

/** Redrive: the ids named, or the tasks the filter matches (its dead tasks when it names no state). */
async function redriveSelection(source: DashboardSource, body: BulkBody, nowSeconds: number): Promise<string[]> {
  if (body.taskIds !== undefined) return [...new Set(body.taskIds)];
  const filter = body.filter as ExplorerFilter;
  checkFilterLabourer(source, filter);
  const query = { ...explorerFilter(filter, nowSeconds), state: filter.state ?? 'dead', sort: 'updated', order: 'asc' } as const;
  source.explorer.invalidate();
  const { rows } = await source.explorer.matching(query);
  return rows.map((r) => r.taskId);
}

/**
 * Cancel: the tasks named (located, to know their place) or those the filter matches in a
 * cancellable state (all three when it names none). `matched` counts every task named.
 */
async function cancelSelection(
  source: DashboardSource,
  body: BulkBody,
  nowSeconds: number,
): Promise<{ matched: string[]; eligible: CancelTarget[]; stateOf: Map<string, string> }> {
  if (body.taskIds !== undefined) {
    const ids = [...new Set(body.taskIds)];
    const found = await source.locateTasks(ids);
    return { matched: ids, eligible: found.filter((t) => cancellable(t.state)), stateOf: new Map(found.map((t) => [t.taskId, t.state])) };
  }
  const filter = body.filter as ExplorerFilter;
  checkFilterLabourer(source, filter);
  if (filter.state !== undefined && !cancellable(filter.state)) {
    throw new SoswError(
      'dashboard.invalidQuery',
      `Invalid filter.state: a cancel closes only ${CANCELLABLE_STATES.join(', ')} tasks (running ones finish); received ${filter.state}.`,
      { details: { field: 'filter.state', param: 'filter.state', received: filter.state } },
    );
  }
  source.explorer.invalidate();
  const states = filter.state === undefined ? CANCELLABLE_STATES : [filter.state];
  const lists = await Promise.all(
    states.map((state) => source.explorer.matching({ ...explorerFilter(filter, nowSeconds), state, sort: 'created', order: 'asc' })),
  );
  const rows = lists.flatMap((l) => l.rows);
  return { matched: rows.map((r) => r.taskId), eligible: rows, stateOf: new Map(rows.map((r) => [r.taskId, r.state])) };
}

function summaryRow(
  action: BulkAction,
  bulkId: string,
  at: number,
  by: string,
  counts: Record<string, number>,
  filter?: ExplorerFilter,
  done: readonly string[] = [],
) {
  return {
    taskId: `bulk#${bulkId}`,
    createdAt: at,
    action: action === 'redrive' ? ('bulk_redriven' as const) : ('bulk_cancelled' as const),
    author: by,
    extra: { ...counts, ...(filter === undefined ? {} : { filter }), task_ids: done.slice(0, AUDIT_IDS) },
  };
}

async function runRedrive(source: DashboardSource, body: BulkBody, now: number): Promise<BulkOutcome> {
  const ids = await redriveSelection(source, body, Math.floor(now));
  const taskIds = ids.slice(0, MAX_BULK_TASKS);
  if (body.confirm !== true) return { action: 'redrive', confirmed: false, matched: ids.length, taskIds };
  const bulkId = randomUUID();
  const by = body.by ?? 'sosw_dashboard';
  const done: string[] = [];
  const skipped: Array<{ taskId: string; reason: string }> = [];
  for (const taskId of taskIds) {
    const outcome = await source.redrive(taskId, { by, extra: { bulk_id: bulkId } });
    if (outcome.redriven) done.push(taskId);
    else skipped.push({ taskId, reason: outcome.reason });
  }
  const counts = { matched: ids.length, done: done.length, skipped: skipped.length };
  await source.writeAudit([summaryRow('redrive', bulkId, now, by, counts, body.filter, done)]);
  return { action: 'redrive', confirmed: true, matched: ids.length, taskIds: done, bulkId, done: done.length, skipped };
}

async function runCancel(source: DashboardSource, body: BulkBody, now: number): Promise<BulkOutcome> {
  const cancel = source.cancelTasks;
  if (cancel === undefined) {
    throw new SoswError('dashboard.notFound', 'This store cannot cancel tasks.', { details: { feature: 'cancel' } });
  }
  const { matched, eligible: all, stateOf } = await cancelSelection(source, body, Math.floor(now));
  const eligible = all.slice(0, MAX_BULK_TASKS);
  const preview = { action: 'cancel' as const, matched: matched.length, eligible: all.length };
  if (body.confirm !== true) return { ...preview, confirmed: false, taskIds: eligible.map((t) => t.taskId) };
  const bulkId = randomUUID();
  const by = body.by ?? 'sosw_dashboard';
  const closed = new Set(eligible.length === 0 ? [] : await cancel(eligible, { by, extra: { bulk_id: bulkId } }));
  const done = eligible.filter((t) => closed.has(t.taskId)).map((t) => t.taskId);
  // Not closed, with why: `unknown`, the state it was in (`running`: it finishes), or `changed` (claimed or moved meanwhile).
  const skipped = matched
    .filter((id) => !closed.has(id))
    .slice(0, MAX_BULK_TASKS)
    .map((taskId) => {
      const state = stateOf.get(taskId);
      return { taskId, reason: state === undefined ? 'unknown' : cancellable(state) ? 'changed' : state };
    });
  const counts = { matched: matched.length, done: done.length, skipped: matched.length - done.length };
  await source.writeAudit([summaryRow('cancel', bulkId, now, by, counts, body.filter, done)]);
  return { ...preview, confirmed: true, taskIds: done, bulkId, done: done.length, skipped };
}

/**
 * @example
 * await runBulk(source, { action: 'redrive', filter: { labourer: 'w', state: 'dead' }, confirm: true });
 * await runBulk(source, { action: 'cancel', filter: { labourer: 'w', job: 'daily' } }); // preview: how many
 */
export async function runBulk(source: DashboardSource, body: BulkBody, clock = systemClock): Promise<BulkOutcome> {
  const now = epochSecondsFloat(clock);
  return body.action === 'redrive' ? runRedrive(source, body, now) : runCancel(source, body, now);
}
