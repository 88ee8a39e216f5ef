import { type Clock, epochSecondsFloat } from '../../core/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { MetaAction, MetaEntry, MetaLog } from '../../ports/meta-log.js';

/**
 * The audit trail is keyed by (task_id, created_at), so two rows of one task in the same millisecond
 * (created and invoked at once in embedded mode, or under a manual clock) would collide and one would
 * be dropped. Every engine in the process shares this small map and nudges such a row 1 µs later.
 */
let lastStamp = new Map<string, number>();
/** The generation before `lastStamp`: two generations keep the newest 5,000-10,000 tasks without per-call reordering. */
let olderStamp = new Map<string, number>();
const MAX_TRACKED = 10_000;

/** `now`, or 1 µs after the last stamp handed out for this task if that is not earlier. */
export function uniqueStamp(taskId: string, now: number): number {
  const last = lastStamp.get(taskId) ?? olderStamp.get(taskId);
  const stamp = last !== undefined && last >= now ? Math.round((last + 1e-6) * 1e6) / 1e6 : now;
  if (lastStamp.size >= MAX_TRACKED / 2 && !lastStamp.has(taskId)) {
    olderStamp = lastStamp;
    lastStamp = new Map();
  }
  lastStamp.set(taskId, stamp);
  return stamp;
}

/** Who writes audit rows: the function name and, inside Lambda, the request and log stream. */
export interface AuditContext {
  /** e.g. `sosw_orchestrator`. */
  readonly author: string;
  readonly invocationId?: string | undefined;
  readonly logStreamName?: string | undefined;
}

/**
 * Audit rows collected while an engine works on one labourer and written with one `MetaLog.write`
 * (the original wrote one row per action). Only actions that really happened are added.
 */
export class AuditBatch {
  readonly #metaLog: MetaLog | undefined;
  readonly #context: AuditContext;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #entries: MetaEntry[] = [];

  public constructor(metaLog: MetaLog | undefined, context: AuditContext, clock: Clock, logger: Logger) {
    this.#metaLog = metaLog;
    this.#context = context;
    this.#clock = clock;
    this.#logger = logger;
  }

  /** Collect one row; `jobId` names the task's job on the row (`job_id`). */
  public add(action: MetaAction, taskId: string, labourerId: string, extra?: Record<string, unknown>, jobId?: string): void {
    this.#entries.push(this.entry(action, taskId, labourerId, extra, jobId));
  }

  /** One row as `add` would collect it, for a store that writes it itself (see TaskStore.archiveManyAudited). */
  public entry(action: MetaAction, taskId: string, labourerId: string, extra?: Record<string, unknown>, jobId?: string): MetaEntry {
    const entry: { -readonly [K in keyof MetaEntry]: MetaEntry[K] } = {
      taskId,
      createdAt: uniqueStamp(taskId, epochSecondsFloat(this.#clock)),
      action,
      labourerId,
      author: this.#context.author,
      invocationId: this.#context.invocationId,
      logStreamName: this.#context.logStreamName,
      extra,
    };
    // Set only when known (no `jobId: undefined` key), without a spread of a throwaway object per row.
    if (jobId !== undefined) entry.jobId = jobId;
    return entry;
  }

  public get size(): number {
    return this.#entries.length;
  }

  /**
   * Write the collected rows in one call. The audit trail never undoes or blocks the work it
   * records: a failed write is logged with the rows it lost.
   */
  public async flush(): Promise<void> {
    const entries = this.#entries;
    this.#entries = [];
    if (entries.length === 0 || this.#metaLog === undefined) return;
    try {
      await this.#metaLog.write(entries);
    } catch (error) {
      this.#logger.error(
        { error: error instanceof Error ? error.message : String(error), lost: entries.map((e) => `${e.action}:${e.taskId}`) },
        'Could not write the task audit trail',
      );
    }
  }
}
