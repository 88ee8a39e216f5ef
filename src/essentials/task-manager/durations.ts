import { type Clock, epochSeconds } from '../../core/clock.js';
import type { LabourerConfig, TaskConfig } from '../../core/config/task-config.js';
import type { Invoker } from '../../ports/invoker.js';
import type { Logger } from '../../ports/logger.js';
import type { TaskArchive } from '../../ports/task-store.js';
import { averageDuration } from './average-duration.js';

export interface LabourerDurationsOptions {
  readonly store: Pick<TaskArchive, 'recentClosed'>;
  readonly config: TaskConfig;
  readonly clock: Clock;
  readonly invoker?: Pick<Invoker, 'timeoutSeconds'> | undefined;
  readonly logger: Logger;
  /** How long values are reused before they are read again (weakness 20). */
  readonly cacheSeconds: number;
}

interface Entry {
  readonly at: number;
  readonly max?: number;
  readonly average?: number;
}

/** A labourer's max and average durations, read at most once per `cacheSeconds`. */
export class LabourerDurations {
  readonly #options: LabourerDurationsOptions;
  readonly #entries = new Map<string, Entry>();

  public constructor(options: LabourerDurationsOptions) {
    this.#options = options;
  }

  /** Seconds: configured `max_duration`, else the function timeout from the invoker, else `duration`. */
  public async maxDuration(labourer: LabourerConfig): Promise<number> {
    if (labourer.maxDuration !== undefined) return labourer.maxDuration;
    const cached = this.#cached(labourer.id);
    if (cached?.max !== undefined) return cached.max;
    let timeout: number | undefined;
    try {
      timeout = await this.#options.invoker?.timeoutSeconds(labourer.arn);
    } catch (error) {
      this.#options.logger.warn({ labourerId: labourer.id, error: String(error) }, 'Could not read the function timeout; using duration');
    }
    const max = timeout ?? labourer.durationSeconds;
    this.#store(labourer.id, { max });
    return max;
  }

  /** Average run time in seconds of the newest `max_closed_to_analyse_for_duration` closed tasks. */
  public async averageDuration(labourer: LabourerConfig): Promise<number> {
    const cached = this.#cached(labourer.id);
    if (cached?.average !== undefined) return cached.average;
    const { store, config } = this.#options;
    const limit = config.maxClosedToAnalyseForDuration;
    const [succeeded, failed] = await Promise.all([
      store.recentClosed(labourer.id, true, limit),
      store.recentClosed(labourer.id, false, limit),
    ]);
    const average = averageDuration([...succeeded, ...failed], {
      limit,
      maxDuration: await this.maxDuration(labourer),
      delta: config.greenfieldInvocationDelta,
    });
    this.#store(labourer.id, { average });
    return average;
  }

  #store(labourerId: string, values: Omit<Entry, 'at'>): void {
    const current = this.#cached(labourerId);
    this.#entries.set(labourerId, { ...current, ...values, at: current?.at ?? epochSeconds(this.#options.clock) });
  }

  #cached(labourerId: string): Entry | undefined {
    const entry = this.#entries.get(labourerId);
    if (entry === undefined) return undefined;
    if (epochSeconds(this.#options.clock) - entry.at >= this.#options.cacheSeconds) {
      this.#entries.delete(labourerId);
      return undefined;
    }
    return entry;
  }
}
