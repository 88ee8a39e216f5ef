/** The Scavenger's recent runs in words, for "why did this happen" on the dashboard. */
import type { ScavengerRunResult } from '../essentials/scavenger/scavenger.js';
import { RingBuffer } from './ring-buffer.js';
import type { ScavengerRunView } from './source.js';

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** One run in words, e.g. `fetch_prices: archived 3 completed tasks, sent 1 expired task to retry`. */
export function describeScavengerRun(result: Pick<ScavengerRunResult, 'labourers' | 'notified' | 'notifyError'>): string {
  const parts: string[] = [];
  for (const l of result.labourers) {
    const did: string[] = [];
    if (l.archived > 0) did.push(`archived ${plural(l.archived, 'completed task')}`);
    if (l.retried > 0) did.push(`sent ${plural(l.retried, 'expired or failed task')} to retry`);
    if (l.returned > 0) did.push(`returned ${plural(l.returned, 'due retry', 'due retries')} to the head of the queue`);
    if (l.dead.length > 0) did.push(`closed ${plural(l.dead.length, 'task')} as dead (attempts used up)`);
    if (l.error !== undefined) did.push(`failed: ${l.error}`);
    if (did.length > 0) parts.push(`${l.labourerId}: ${did.join(', ')}`);
  }
  if (result.notifyError !== undefined) parts.push(`the dead-task notice was not delivered (${result.notifyError})`);
  return parts.length === 0 ? 'nothing to do' : `${parts.join('; ')}.`;
}

/** Keeps the runs that changed something (the others are only counted). */
export class ScavengerRunLog {
  readonly #ring: RingBuffer<ScavengerRunView>;
  #lastRunAt: number | null = null;
  #runs = 0;

  public constructor(keep = 100) {
    this.#ring = new RingBuffer(keep);
  }

  public record(result: ScavengerRunResult, atMs: number): void {
    this.#lastRunAt = atMs;
    this.#runs += 1;
    const busy = result.labourers.some((l) => l.archived + l.retried + l.returned + l.dead.length > 0 || l.error !== undefined);
    if (!busy && result.notifyError === undefined) return;
    this.#ring.push({
      at: atMs,
      labourers: result.labourers.map((l) => ({
        labourerId: l.labourerId,
        archived: l.archived,
        retried: l.retried,
        returned: l.returned,
        dead: l.dead.length,
        error: l.error,
      })),
      summary: describeScavengerRun(result),
    });
  }

  /** Kept runs, newest first; with `labourerId`, only runs that touched it. */
  public list(labourerId: string | undefined, limit: number): ScavengerRunView[] {
    const runs = this.#ring.toArray().reverse();
    const touched =
      labourerId === undefined ? runs : runs.filter((r) => r.labourers.some((l) => l.labourerId === labourerId && busyRow(l)));
    return touched.slice(0, limit);
  }

  public get lastRunAt(): number | null {
    return this.#lastRunAt;
  }

  public get runs(): number {
    return this.#runs;
  }
}

function busyRow(l: ScavengerRunView['labourers'][number]): boolean {
  return l.archived + l.retried + l.returned + l.dead > 0 || l.error !== undefined;
}
