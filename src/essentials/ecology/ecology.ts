import { type Clock, systemClock } from '../../core/clock.js';
import { DEFAULT_NO_DATA_STATUS } from '../../core/config/essentials-config.js';
import type { HealthMetricConfig, LabourerConfig } from '../../core/config/task-config.js';
import { detailsKey } from '../../core/ecology/details-hash.js';
import { compileHealthRule, type HealthRule } from '../../core/ecology/feelings.js';
import { SoswError } from '../../core/errors.js';
import { ECO_STATUS, ECO_STATUS_NAMES, type EcoStatus } from '../../core/labourer/labourer.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { MetricSource } from '../../ports/metric-source.js';

/** One metric's part in a labourer's health. */
export interface MetricReading {
  readonly name: string;
  /** The value read, or null when there was no data or the read failed. */
  readonly value: number | null;
  readonly status: EcoStatus;
  /** Why the value is null: `noData`, or the error code of a failed read. */
  readonly problem?: string | undefined;
  /** The failed read's message (what the source said), when there was one. */
  readonly detail?: string | undefined;
}

export interface HealthReport {
  readonly labourerId: string;
  /** 0..4; the worst metric wins; 4 (High) without metrics. */
  readonly status: EcoStatus;
  readonly readings: readonly MetricReading[];
}

export interface EcologyOptions {
  /** Where metric values come from; required when any labourer has `health_metrics`. */
  readonly metricSource?: MetricSource | undefined;
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
  /** Status of a metric without data unless it sets `no_data_status`. @defaultValue 0 (Bad) */
  readonly noDataStatus?: EcoStatus | undefined;
}

type Fetched = { readonly value: number } | { readonly value: null; readonly problem: string; readonly detail?: string };

/**
 * Health of labourers from their metrics (the original's EcologyManager, without the back-pointer
 * to the TaskManager). Values are cached per tick by an order-insensitive key of `details`, so a
 * metric is read once per tick however many labourers share it; `beginTick()` clears the cache.
 *
 * @example
 * const ecology = new Ecology({ metricSource });
 * ecology.beginTick();
 * (await ecology.health(labourer)).status; // 0..4
 */
export class Ecology {
  readonly #source: MetricSource | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #noDataStatus: EcoStatus;
  readonly #rules = new WeakMap<HealthMetricConfig, HealthRule>();
  #values = new Map<string, Promise<Fetched>>();

  public constructor(options: EcologyOptions = {}) {
    this.#source = options.metricSource;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#noDataStatus = options.noDataStatus ?? DEFAULT_NO_DATA_STATUS;
  }

  /** Check every labourer's feelings and operators now; throws `ecology.invalidFeelings` / `ecology.invalidOperator`. */
  public validate(labourers: readonly LabourerConfig[]): void {
    for (const labourer of labourers) for (const metric of labourer.healthMetrics) this.#rule(metric);
  }

  /** Forget the metric values of the previous tick. */
  public beginTick(): void {
    this.#values = new Map();
  }

  /** The labourer's status and the readings behind it. A missing value is a defined status, never a crash. */
  public async health(labourer: LabourerConfig): Promise<HealthReport> {
    const readings = await Promise.all(labourer.healthMetrics.map((metric) => this.#read(metric)));
    let status: EcoStatus = ECO_STATUS.high;
    for (const r of readings) status = Math.min(status, r.status) as EcoStatus;
    return { labourerId: labourer.id, status, readings };
  }

  async #read(metric: HealthMetricConfig): Promise<MetricReading> {
    const rule = this.#rule(metric);
    const fetched = await this.#fetch(metric);
    if (fetched.value === null) {
      return {
        name: metric.name,
        value: null,
        status: (metric.noDataStatus ?? this.#noDataStatus) as EcoStatus,
        problem: fetched.problem,
        ...(fetched.detail === undefined ? {} : { detail: fetched.detail }),
      };
    }
    return { name: metric.name, value: fetched.value, status: rule.evaluate(fetched.value) };
  }

  #fetch(metric: HealthMetricConfig): Promise<Fetched> {
    const key = detailsKey(metric.details);
    let pending = this.#values.get(key);
    if (pending === undefined) {
      pending = this.#fetchNow(metric);
      this.#values.set(key, pending);
    }
    return pending;
  }

  async #fetchNow(metric: HealthMetricConfig): Promise<Fetched> {
    if (this.#source === undefined) {
      this.#logger.warn({ metric: metric.name }, 'A health metric is configured but no metric source was given');
      return { value: null, problem: 'metric.unavailable' };
    }
    try {
      const value = await this.#source.fetch(metric.details, this.#clock.now());
      if (value === null || value === undefined || !Number.isFinite(value)) return { value: null, problem: 'noData' };
      return { value };
    } catch (error) {
      const problem = SoswError.is(error) ? error.code : 'metric.unavailable';
      const detail = error instanceof Error ? error.message : String(error);
      this.#logger.warn({ metric: metric.name, error: detail }, 'Could not read a health metric');
      return { value: null, problem, detail };
    }
  }

  #rule(metric: HealthMetricConfig): HealthRule {
    let rule = this.#rules.get(metric);
    if (rule === undefined) {
      rule = compileHealthRule({ name: metric.name, feelings: metric.feelings, operator: metric.operator });
      this.#rules.set(metric, rule);
    }
    return rule;
  }
}

/**
 * Why a labourer's health is what it is when a metric gave no value, in words (`sosw status` prints
 * it under a fresh reading), or undefined when every metric gave one.
 */
export function healthNote(report: HealthReport): string | undefined {
  const missing = report.readings.filter((r) => r.value === null);
  if (missing.length === 0) return undefined;
  const counts = (status: number): string =>
    `which counts as ${status} (${ECO_STATUS_NAMES[status as EcoStatus] ?? '?'}; the metric's no_data_status sets it)`;
  return missing
    .map((r) =>
      r.problem === 'noData' || r.problem === undefined
        ? `${JSON.stringify(r.name)} gave no data (a missing or empty file, or no datapoint), ${counts(r.status)}`
        : `${JSON.stringify(r.name)} could not be read (${r.problem}${r.detail === undefined ? '' : `: ${r.detail}`}), ${counts(r.status)}`,
    )
    .join('; ');
}
