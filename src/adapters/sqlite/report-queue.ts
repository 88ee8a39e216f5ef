import type { ReportOutcome, ReportRequest } from '../../ports/task-store.js';
import type { SettledReport } from './report.js';

interface Pending {
  readonly request: ReportRequest;
  readonly resolve: (outcome: ReportOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Collects the reports made while the current job queues drain (a burst of workers finishing in one
 * turn) and applies them as one batch: one transaction and one driver call per 64 audit rows instead
 * of a savepoint and two statements each. The batch runs on `process.nextTick`: scheduled from a
 * microtask, that is once the microtask queue is empty, so every report of the burst joins it and
 * each caller's promise still settles within the same turn (before the embedded runtime's group
 * commit at its end).
 */
export class ReportQueue {
  readonly #apply: (requests: readonly ReportRequest[]) => SettledReport[];
  readonly #translate: (error: unknown) => unknown;
  #pending: Pending[] = [];
  #scheduled = false;

  /**
   * @param apply applies a batch in order and settles each report (it throws only when the store cannot
   *   be used at all: then every report of the batch fails with that error)
   * @param translate turns a report's driver error into the error its caller gets
   */
  public constructor(apply: (requests: readonly ReportRequest[]) => SettledReport[], translate: (error: unknown) => unknown) {
    this.#apply = apply;
    this.#translate = translate;
  }

  /** Queue a checked report; the promise settles when its batch has been applied. */
  public submit(request: ReportRequest): Promise<ReportOutcome> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ request, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        process.nextTick(() => this.drain());
      }
    });
  }

  /** Apply every queued report now (also before the store closes). */
  public drain(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    let settled: SettledReport[];
    try {
      settled = this.#apply(batch.map((p) => p.request));
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i] as Pending;
      const result = settled[i] as SettledReport;
      if (result.ok) p.resolve(result.outcome);
      else p.reject(this.#translate(result.error));
    }
  }
}
