import { type Clock, epochSecondsFloat } from '../../core/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { MetaAction, MetaEntry, MetaLog } from '../../ports/meta-log.js';

/**
 * The audit trail is keyed by (task_id, created_at), so two rows of one task in the same millisecond
 * (created and invoked at once in embedded mode, or under a manual clock) would collide and one would
 * be dropped. Every engine in the process shares this memory and nudges such a row 1 µs later.
 *
 * The memory is a fixed table of slots, each holding the latest stamp handed out to any task whose id
 * hashes there. A task's earlier stamps are all at or below its slot's value, so a stamp above that
 * value is new for the task: exact for every task ever stamped, with no per-task entries to keep (a map
 * of recent tasks kept thousands of id strings alive through garbage collections). Two tasks sharing
 * a slot in the same instant cost one of them a 1 µs nudge, nothing more.
 */
const STAMP_SLOTS = 16_384;
let slots: Float64Array | undefined;

/** `now`, or 1 µs after the latest stamp of the task's slot if that is not earlier. */
export function uniqueStamp(taskId: string, now: number): number {
  slots ??= new Float64Array(STAMP_SLOTS).fill(Number.NEGATIVE_INFINITY);
  const slot = slotOf(taskId);
  const last = slots[slot] as number;
  const stamp = last >= now ? Math.round((last + 1e-6) * 1e6) / 1e6 : now;
  slots[slot] = stamp;
  return stamp;
}

/** FNV-1a of the id's UTF-16 code units, folded onto the table. */
function slotOf(taskId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < taskId.length; i++) hash = Math.imul(hash ^ taskId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % STAMP_SLOTS;
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
