import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SoswError } from '../../../core/errors.js';
import type { ClosedTask } from '../../../core/task/task.js';
import type { MetaEntry } from '../../../ports/meta-log.js';
import { awsErrorName } from '../shared/aws-errors.js';
import type { DynamoContext } from './context.js';
import { fromClosedItem, type Item, toClosedItem } from './items.js';
import { fromMetaItem, metaForTaskQuery, toMetaItem } from './operations/meta-entries.js';
import { closedPutIfAbsent, liveDeleteIfUnchanged, sameLife } from './operations/ordered-archive.js';
import { getClosedItem, getLiveItem } from './reads.js';

/** Tasks of one call handled at once (each step is one request per task). */
const IN_FLIGHT = 16;

/** The audit row of each task moved, built by the caller (the Scavenger's `archived` rows). */
export type ArchiveRow = (taskId: string) => MetaEntry;

interface Placed {
  readonly taskId: string;
  readonly snapshot: Item;
  readonly closed: Item;
  /** The closed copy was already there, of the same life: an earlier archive stopped before its Delete. */
  readonly resumed: boolean;
}

async function eachBounded<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += IN_FLIGHT)
    results.push(...(await Promise.all(items.slice(start, start + IN_FLIGHT).map(fn))));
  return results;
}

/**
 * Step 1: the closed copy, conditional on the id not being closed yet (1 write unit, like a plain Put).
 * Found closed with the same life: resume an archive that stopped before its Delete. Found closed of
 * another life (an older copy): overwrite it, as the original's plain Put did.
 */
async function placeClosed(ctx: DynamoContext, taskId: string, closedAt: number): Promise<Placed | null> {
  const { t, f, sender } = ctx;
  const snapshot = ctx.live.take(taskId) ?? (await getLiveItem(ctx, 'archive', taskId));
  if (snapshot === undefined) return null;
  const closed = toClosedItem(snapshot, f, closedAt, ctx.closedTtl);
  try {
    await sender.run('archive', t.closedTasks, (c) => c.send(new PutCommand(closedPutIfAbsent(t, f, closed))));
    return { taskId, snapshot, closed, resumed: false };
  } catch (error) {
    if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
  }
  const existing = await getClosedItem(ctx, 'archive', taskId);
  if (existing !== undefined && sameLife(f, existing, snapshot)) return { taskId, snapshot, closed: existing, resumed: true };
  await sender.run('archive', t.closedTasks, (c) => c.send(new PutCommand({ TableName: t.closedTasks, Item: closed })));
  return { taskId, snapshot, closed, resumed: false };
}

/** A resumed archive writes its row only if the stopped one did not get that far (one consistent Query of the task's rows). */
async function rowMissing(ctx: DynamoContext, placed: Placed, row: MetaEntry): Promise<boolean> {
  const since = Number(placed.closed[ctx.f.closedAt]);
  const rows = await ctx.sender.query('archive', metaForTaskQuery(ctx.t.meta, placed.taskId));
  return !rows.map((item) => fromMetaItem(item)).some((entry) => entry.action === row.action && entry.createdAt >= since);
}

/**
 * Audit rows into the store's meta table, in BatchWriteItem requests of 25. A missing meta table means
 * no audit trail (the work goes on); any other failure is thrown.
 */
export async function writeMetaRows(ctx: DynamoContext, entries: readonly MetaEntry[]): Promise<void> {
  try {
    await ctx.sender.batchPut(
      'archive',
      ctx.t.meta,
      entries.map((entry) => toMetaItem(entry, ctx.metaTtl)),
    );
  } catch (error) {
    if (SoswError.is(error) && error.details.awsError === 'ResourceNotFoundException') return;
    throw error;
  }
}

/**
 * Step 2: the audit rows, before any live item goes. A failure stops the archive here: the tasks stay
 * in both tables and the next sweep resumes them.
 */
async function writeRows(ctx: DynamoContext, placed: readonly Placed[], row: ArchiveRow): Promise<void> {
  const needed = await eachBounded(placed, async (p) => {
    const entry = row(p.taskId);
    return !p.resumed || (await rowMissing(ctx, p, entry)) ? [entry] : [];
  });
  await writeMetaRows(ctx, needed.flat());
}

/** Step 3: the live item, if unchanged since it was read; false when it changed or is gone (then this call did not move it). */
async function deleteLive(ctx: DynamoContext, placed: Placed): Promise<boolean> {
  try {
    await ctx.sender.run('archive', ctx.t.tasks, (c) => c.send(new DeleteCommand(liveDeleteIfUnchanged(ctx.t, ctx.f, placed.snapshot))));
    ctx.live.forget(placed.taskId);
    return true;
  } catch (error) {
    if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
    ctx.live.forget(placed.taskId);
    return false;
  }
}

/**
 * archive without job counters, as ordered plain writes instead of one transaction (half the write
 * units of the Put and the Delete): (1) Put the closed copy, (2) with `row`, the audit rows,
 * (3) conditional Delete of the unchanged live item. A task is never in neither table; a crash (or a
 * failed request) between the steps leaves it in both until the next archive of it, which finds
 * the closed copy of the same life, writes the audit row only if it is missing, and deletes the
 * live item. Returns the tasks this call moved, in the order of `taskIds`.
 */
export async function archiveOrdered(
  ctx: DynamoContext,
  taskIds: readonly string[],
  closedAt: number,
  row?: ArchiveRow,
): Promise<ClosedTask[]> {
  const placed = (await eachBounded(taskIds, (id) => placeClosed(ctx, id, closedAt))).flatMap((p) => (p === null ? [] : [p]));
  if (row !== undefined && placed.length > 0) await writeRows(ctx, placed, row);
  const deleted = await eachBounded(placed, (p) => deleteLive(ctx, p));
  return placed.flatMap((p, i) => (deleted[i] === true ? [fromClosedItem(p.closed, ctx.f, ctx.closedTtl?.attribute)] : []));
}
