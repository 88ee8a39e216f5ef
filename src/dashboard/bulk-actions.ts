/**
 * Bulk actions of the task explorer: redrive a selection of tasks (`taskIds`) or every task a
 * filter matches. Without `confirm: true` nothing changes and the answer says how many tasks
 * would be touched (the page asks the operator with that number, then sends `confirm: true`).
 * A confirmed action writes one `bulk_redriven` row (task_id `bulk#<id>`) naming its filter and
 * tasks, and every redriven task gets its own `redriven` row carrying the bulk id.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { epochSecondsFloat, systemClock } from '../core/clock.js';
import { SoswError } from '../core/errors.js';
import { type ExplorerFilter, explorerFilter, explorerFilterSchema, taskIdSchema } from './query.js';
import type { DashboardSource } from './source.js';

/** Most tasks one bulk action touches. */
export const MAX_BULK_TASKS = 1000;
/** Task ids listed in the summary audit row at most (the row stays small). */
const AUDIT_IDS = 100;

export const BULK_ACTIONS = ['redrive'] as const;

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
    by: z.string().min(1).max(200).optional(),
  })
  .refine((b) => (b.taskIds === undefined) !== (b.filter === undefined), {
    message: 'give either taskIds (a selection) or filter (every task it matches), not both',
    path: ['taskIds'],
  });
export type BulkBody = z.infer<typeof bulkBodySchema>;

export interface BulkOutcome {
  readonly action: (typeof BULK_ACTIONS)[number];
  /** False for the preview (no `confirm`). */
  readonly confirmed: boolean;
  /** Tasks the selection or filter names. */
  readonly matched: number;
  /** Ids done (confirmed) or that would be tried (preview), at most MAX_BULK_TASKS. */
  readonly taskIds: readonly string[];
  /** Present once confirmed. */
  readonly bulkId?: string | undefined;
  readonly done?: number | undefined;
  readonly skipped?: ReadonlyArray<{ readonly taskId: string; readonly reason: string }> | undefined;
}

async function selection(source: DashboardSource, body: BulkBody, nowSeconds: number): Promise<{ ids: string[]; filter?: ExplorerFilter }> {
  if (body.taskIds !== undefined) return { ids: [...new Set(body.taskIds)] };
  const filter = body.filter as ExplorerFilter;
  if (filter.labourer !== undefined && !source.labourerIds().includes(filter.labourer)) {
    throw new SoswError('dashboard.invalidQuery', `Invalid filter.labourer: must be one of ${source.labourerIds().join(', ')}.`, {
      details: { param: 'filter.labourer', received: filter.labourer },
    });
  }
  // A redrive applies to dead tasks only: a filter without a state means its dead tasks.
  const query = { ...explorerFilter(filter, nowSeconds), state: filter.state ?? 'dead', sort: 'updated', order: 'asc' } as const;
  source.explorer.invalidate();
  const { rows } = await source.explorer.matching(query);
  return { ids: rows.map((r) => r.taskId), filter };
}

/**
 * @example
 * await runBulk(source, { action: 'redrive', filter: { labourer: 'w', state: 'dead' }, confirm: true });
 */
export async function runBulk(source: DashboardSource, body: BulkBody, clock = systemClock): Promise<BulkOutcome> {
  const now = epochSecondsFloat(clock);
  const { ids, filter } = await selection(source, body, Math.floor(now));
  const taskIds = ids.slice(0, MAX_BULK_TASKS);
  if (body.confirm !== true) return { action: body.action, confirmed: false, matched: ids.length, taskIds };
  const bulkId = randomUUID();
  const by = body.by ?? 'sosw_dashboard';
  const done: string[] = [];
  const skipped: Array<{ taskId: string; reason: string }> = [];
  for (const taskId of taskIds) {
    const outcome = await source.redrive(taskId, { by, extra: { bulk_id: bulkId } });
    if (outcome.redriven) done.push(taskId);
    else skipped.push({ taskId, reason: outcome.reason });
  }
  await source.writeAudit([
    {
      taskId: `bulk#${bulkId}`,
      createdAt: now,
      action: 'bulk_redriven',
      author: by,
      extra: {
        matched: ids.length,
        done: done.length,
        skipped: skipped.length,
        ...(filter === undefined ? {} : { filter }),
        task_ids: done.slice(0, AUDIT_IDS),
      },
    },
  ]);
  return { action: body.action, confirmed: true, matched: ids.length, taskIds: done, bulkId, done: done.length, skipped };
}
