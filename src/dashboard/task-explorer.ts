/**
 * The task explorer: tasks of every place (queued, running, expired, completed, retrying,
 * succeeded, dead) filtered by labourer, state, job, time window and id prefix, sorted, and paged
 * with a cursor and a total ("25 of 60").
 *
 * It reads through the TaskStore port only, so it works on every backend: each (labourer, state)
 * list is read once, at most `scanLimit` tasks, and kept for `cacheMs` so that paging and sorting
 * cost no further reads. When a list holds more than `scanLimit` tasks the total is a lower bound
 * (`totalExact: false`). An id prefix is looked up through the store's id index when it has one.
 */

import { findTask, listTasks, TASK_STATES, type TaskState, type TaskView } from '../adapters/local/task-listing.js';
import type { LabourerConfig } from '../core/config/task-config.js';
import { DEFAULT_GREENFIELD_INVOCATION_DELTA, invocationTime } from '../core/task/greenfield.js';
import { hasTaskIdSearch } from '../ports/task-id-search.js';
import type { TaskStore } from '../ports/task-store.js';

export const EXPLORER_SORTS = ['updated', 'created', 'id', 'attempts'] as const;
export type ExplorerSort = (typeof EXPLORER_SORTS)[number];

export interface ExplorerQuery {
  readonly labourerId?: string | undefined;
  readonly state?: TaskState | undefined;
  readonly jobId?: string | undefined;
  /** Epoch seconds: only tasks whose last change (`updatedAt`) is at or after it. */
  readonly since?: number | undefined;
  /** Epoch seconds: only tasks whose last change is before it. */
  readonly until?: number | undefined;
  /** First characters of the task id. */
  readonly prefix?: string | undefined;
  readonly sort: ExplorerSort;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  /** From a previous page's `nextCursor` / `prevCursor`. */
  readonly offset: number;
}

export interface ExplorerRow {
  readonly taskId: string;
  readonly labourerId: string;
  readonly state: TaskState;
  readonly attempts: number;
  /** Epoch seconds. */
  readonly createdAt: number;
  /** Epoch seconds of the last change known: closed, completed, invoked, else created. */
  readonly updatedAt: number;
  readonly jobId?: string | undefined;
  /** The last failure's error (`result_error`), when the task failed. */
  readonly error?: string | undefined;
}

export interface ExplorerPage {
  readonly tasks: readonly ExplorerRow[];
  /** Tasks matching the filter (a lower bound when `totalExact` is false). */
  readonly total: number;
  readonly totalExact: boolean;
  /** Position of the first row in the whole result. */
  readonly offset: number;
  readonly nextCursor?: string | undefined;
  readonly prevCursor?: string | undefined;
}

export interface TaskExplorerOptions {
  readonly store: TaskStore;
  readonly labourers: readonly LabourerConfig[];
  /** Epoch seconds now (the injected clock). */
  readonly nowSeconds: () => number;
  readonly delta?: number | undefined;
  /** Tasks read per (labourer, state) list at most. @defaultValue 1000 */
  readonly scanLimit?: number | undefined;
  /** How long a read list is reused (paging, sorting). @defaultValue 1000 */
  readonly cacheMs?: number | undefined;
  /** Epoch ms, for the cache. */
  readonly nowMs: () => number;
}

export const DEFAULT_EXPLORER_SCAN_LIMIT = 1000;

/** Opaque page cursor: the offset of the page's first row. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** The offset in a cursor, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : null;
  } catch {
    return null;
  }
}

function rowOf(t: TaskView, delta: number): ExplorerRow {
  const invokedAt = t.state === 'running' || t.state === 'expired' ? invocationTime(t.greenfield, delta) : undefined;
  const error = t.result?.error;
  return {
    taskId: t.taskId,
    labourerId: t.labourerId,
    state: t.state,
    attempts: t.attempts,
    createdAt: t.createdAt,
    updatedAt: t.closedAt ?? t.completedAt ?? invokedAt ?? t.createdAt,
    jobId: t.jobId,
    error: error === undefined || error === null || t.state === 'succeeded' ? undefined : String(error),
  };
}

const SORT_KEYS: Readonly<Record<ExplorerSort, (r: ExplorerRow) => number | string>> = {
  updated: (r) => r.updatedAt,
  created: (r) => r.createdAt,
  id: (r) => r.taskId,
  attempts: (r) => r.attempts,
};

function compareRows(sort: ExplorerSort, order: 'asc' | 'desc'): (a: ExplorerRow, b: ExplorerRow) => number {
  const key = SORT_KEYS[sort];
  const sign = order === 'asc' ? 1 : -1;
  return (a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x !== y) return (x < y ? -1 : 1) * sign;
    return a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0;
  };
}

export class TaskExplorer {
  readonly #options: TaskExplorerOptions;
  readonly #cache = new Map<string, { at: number; rows: Promise<{ rows: ExplorerRow[]; truncated: boolean }> }>();

  public constructor(options: TaskExplorerOptions) {
    this.#options = options;
  }

  /** Drop the cached lists (after a redrive or a cancel). */
  public invalidate(): void {
    this.#cache.clear();
  }

  /** Every task matching the filter, sorted (at most the scan limit per list), and whether that is all of them. */
  public async matching(query: Omit<ExplorerQuery, 'limit' | 'offset'>): Promise<{ rows: ExplorerRow[]; exact: boolean }> {
    const { rows, truncated } = query.prefix !== undefined ? await this.#byPrefix(query.prefix) : await this.#byPlace(query);
    const filtered = rows.filter(
      (r) =>
        (query.labourerId === undefined || r.labourerId === query.labourerId) &&
        (query.state === undefined || r.state === query.state) &&
        (query.jobId === undefined || r.jobId === query.jobId) &&
        (query.prefix === undefined || r.taskId.startsWith(query.prefix)) &&
        (query.since === undefined || r.updatedAt >= query.since) &&
        (query.until === undefined || r.updatedAt < query.until),
    );
    return { rows: filtered.sort(compareRows(query.sort, query.order)), exact: !truncated };
  }

  /** One page of the matching tasks. */
  public async page(query: ExplorerQuery): Promise<ExplorerPage> {
    const { rows, exact } = await this.matching(query);
    const offset = Math.min(query.offset, Math.max(0, rows.length - 1));
    const tasks = rows.slice(offset, offset + query.limit);
    const next = offset + query.limit;
    return {
      tasks,
      total: rows.length,
      totalExact: exact,
      offset,
      nextCursor: next < rows.length ? encodeCursor(next) : undefined,
      prevCursor: offset > 0 ? encodeCursor(Math.max(0, offset - query.limit)) : undefined,
    };
  }

  get #scanLimit(): number {
    return this.#options.scanLimit ?? DEFAULT_EXPLORER_SCAN_LIMIT;
  }

  get #delta(): number {
    return this.#options.delta ?? DEFAULT_GREENFIELD_INVOCATION_DELTA;
  }

  async #byPlace(query: Omit<ExplorerQuery, 'limit' | 'offset'>): Promise<{ rows: ExplorerRow[]; truncated: boolean }> {
    const labourers = this.#options.labourers.filter((l) => query.labourerId === undefined || l.id === query.labourerId);
    const states = query.state === undefined ? TASK_STATES : [query.state];
    const lists = await Promise.all(labourers.flatMap((l) => states.map((state) => this.#list(l, state))));
    return { rows: lists.flatMap((l) => l.rows), truncated: lists.some((l) => l.truncated) };
  }

  #list(labourer: LabourerConfig, state: TaskState): Promise<{ rows: ExplorerRow[]; truncated: boolean }> {
    const key = `${labourer.id}\u0000${state}`;
    const now = this.#options.nowMs();
    const hit = this.#cache.get(key);
    if (hit !== undefined && now - hit.at <= (this.#options.cacheMs ?? 1000)) return hit.rows;
    const limit = this.#scanLimit;
    const rows = listTasks(this.#options.store, labourer, state, this.#options.nowSeconds(), limit + 1, this.#delta).then((tasks) => ({
      rows: tasks.slice(0, limit).map((t) => rowOf(t, this.#delta)),
      truncated: tasks.length > limit,
    }));
    rows.catch(() => this.#cache.delete(key));
    this.#cache.set(key, { at: now, rows });
    return rows;
  }

  async #byPrefix(prefix: string): Promise<{ rows: ExplorerRow[]; truncated: boolean }> {
    const { store, labourers } = this.#options;
    if (!hasTaskIdSearch(store)) {
      const all = await this.#byPlace({ sort: 'id', order: 'asc' });
      return { rows: all.rows.filter((r) => r.taskId.startsWith(prefix)), truncated: all.truncated };
    }
    const limit = this.#scanLimit;
    const ids = await store.taskIdsWithPrefix(prefix, limit + 1);
    const now = this.#options.nowSeconds();
    const found = await Promise.all(ids.slice(0, limit).map((id) => findTask(store, id, labourers, now, this.#delta)));
    return { rows: found.flatMap((t) => (t === null ? [] : [rowOf(t, this.#delta)])), truncated: ids.length > limit };
  }
}
