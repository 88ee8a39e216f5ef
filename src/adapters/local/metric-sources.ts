import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { SoswError } from '../../core/errors.js';
import type { MetricSource } from '../../ports/metric-source.js';

type Details = Readonly<Record<string, unknown>>;

function unavailable(message: string, details: Record<string, unknown>, cause?: unknown): SoswError {
  return new SoswError('metric.unavailable', message, { details, cause });
}

/** The metric's name in `details`: `MetricName` (CloudWatch), `Name`, `name` or `metric`. */
export function metricNameOf(details: Details): string | undefined {
  for (const key of ['MetricName', 'Name', 'name', 'metric']) {
    const value = details[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * Fixed values: one value for every metric, or one per metric name (see `metricNameOf`). A name
 * without a value has no data. `set()` changes a value while the engines run.
 *
 * @example
 * const source = new StaticMetricSource({ CPUUtilization: 30 });
 * source.set('CPUUtilization', 80);
 */
export class StaticMetricSource implements MetricSource {
  #single: number | null | undefined;
  readonly #byName = new Map<string, number | null>();

  public constructor(values: number | null | Readonly<Record<string, number | null>>) {
    if (values === null || typeof values === 'number') this.#single = values;
    else for (const [name, value] of Object.entries(values)) this.#byName.set(name, value);
  }

  /** Set the value of one metric name, or of every metric when `name` is omitted. */
  public set(nameOrValue: string | number | null, value?: number | null): void {
    if (typeof nameOrValue === 'string') this.#byName.set(nameOrValue, value ?? null);
    else this.#single = nameOrValue;
  }

  public async fetch(details: Details): Promise<number | null> {
    const name = metricNameOf(details);
    if (name !== undefined && this.#byName.has(name)) return this.#byName.get(name) ?? null;
    return this.#single ?? null;
  }
}

/** A metric read by a user function; its failures become `metric.unavailable`. */
export class FunctionMetricSource implements MetricSource {
  readonly #read: (details: Details, nowMs: number) => number | null | Promise<number | null>;

  public constructor(read: (details: Details, nowMs: number) => number | null | Promise<number | null>) {
    this.#read = read;
  }

  public async fetch(details: Details, nowMs: number): Promise<number | null> {
    try {
      return await this.#read(details, nowMs);
    } catch (error) {
      if (SoswError.is(error)) throw error;
      throw unavailable(
        `The metric function failed: ${error instanceof Error ? error.message : String(error)}`,
        { metric: metricNameOf(details) },
        error,
      );
    }
  }
}

export interface FileMetricSourceOptions {
  /** Relative `details.file` paths start here. @defaultValue the working directory */
  readonly baseDir?: string | undefined;
}

function pick(value: unknown, key: string | undefined): unknown {
  if (key === undefined)
    return value !== null && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
  let current = value;
  for (const part of key.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * A value read from a file on every fetch, so a test or the demo can change it while the engines run.
 * `details.file` names the file; its content is a number (`42.5`), JSON (`42.5`, `{"value": 42.5}`,
 * or an object read at `details.key`, a dot path). A missing file, an empty file or `null` is "no
 * data"; anything unreadable is `metric.unavailable`.
 *
 * @example
 * // health_metrics.cpu.details = { "file": "cpu.json", "key": "db.cpu" }
 * new FileMetricSource({ baseDir: '/tmp/metrics' });
 */
export class FileMetricSource implements MetricSource {
  readonly #baseDir: string;

  public constructor(options: FileMetricSourceOptions = {}) {
    this.#baseDir = options.baseDir ?? process.cwd();
  }

  public async fetch(details: Details): Promise<number | null> {
    const file = details.file ?? details.path;
    if (typeof file !== 'string' || file === '') {
      throw unavailable('A file metric needs details.file (the path of the file holding the value).', {
        field: 'details.file',
        received: file,
      });
    }
    const path = isAbsolute(file) ? file : resolve(this.#baseDir, file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw unavailable(`Cannot read metric file ${path}: ${(error as Error).message}`, { path }, error);
    }
    const trimmed = text.trim();
    if (trimmed === '') return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = trimmed;
    }
    const key = typeof details.key === 'string' ? details.key : undefined;
    const value = pick(parsed, key);
    if (value === null || value === undefined) return null;
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(n))
      throw unavailable(`Metric file ${path} does not hold a number${key === undefined ? '' : ` at ${key}`}.`, { path, key });
    return n;
  }
}
