/**
 * Shared rendering for CLI verbs: aligned text tables, JSON documents, and live progress (bars
 * with cli-progress on a terminal, a plain line every few seconds otherwise).
 */
import cliProgress from 'cli-progress';
import { safeJsonStringify } from '../essentials/worker/json-data.js';
import type { Logger } from '../ports/logger.js';

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string | number | boolean | null | undefined;
  /** @defaultValue 'left' for text, 'right' for numbers */
  readonly align?: 'left' | 'right' | undefined;
}

/**
 * Render rows as an aligned text table with a header line.
 *
 * @example
 * renderTable([{ id: 'a', n: 3 }], [{ header: 'ID', value: (r) => r.id }, { header: 'N', value: (r) => r.n }]);
 */
export function renderTable<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const text = cells.map((line) =>
    line.map((cell) => (cell === undefined || cell === null ? '-' : typeof cell === 'number' ? formatCount(cell) : String(cell))),
  );
  const widths = columns.map((column, i) => Math.max(column.header.length, ...text.map((line) => line[i]?.length ?? 0)));
  const alignOf = (i: number): 'left' | 'right' => columns[i]?.align ?? (typeof cells[0]?.[i] === 'number' ? 'right' : 'left');
  const pad = (value: string, i: number): string =>
    alignOf(i) === 'right' ? value.padStart(widths[i] ?? 0) : value.padEnd(widths[i] ?? 0);
  const lines = [columns.map((column, i) => pad(column.header, i)), ...text.map((line) => line.map((cell, i) => pad(cell, i)))];
  return lines.map((line) => line.join('  ').trimEnd()).join('\n');
}

/** Write one JSON document and a newline. */
export function writeJson(value: unknown, stream: NodeJS.WritableStream = process.stdout): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function writeLine(text: string, stream: NodeJS.WritableStream = process.stdout): void {
  stream.write(`${text}\n`);
}

/** A count with thousands separators, the same on every machine: `1,234,567`. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 3 }) : String(n);
}

/** `1 task`, `2 tasks`, `12,000 tasks` (`plural` defaults to `<word>s`). */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : pluralWord}`;
}

/** `1.2 s`, `850 ms`, `2 min 5 s`. */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** One line of live progress: a bar of `done` out of `total`, with a detail text. */
export interface ProgressRow {
  readonly key: string;
  readonly label: string;
  readonly done: number;
  readonly total: number;
  readonly detail: string;
}

export interface ProgressView {
  update(rows: readonly ProgressRow[], elapsedMs: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** @defaultValue process.stdout */
  readonly stream?: (NodeJS.WritableStream & { isTTY?: boolean; columns?: number }) | undefined;
  /** No output at all (e.g. with --json). */
  readonly quiet?: boolean | undefined;
  /** Milliseconds between plain lines when the stream is not a terminal. @defaultValue 1000 */
  readonly plainIntervalMs?: number | undefined;
  /**
   * Streams whose writes are routed above the bars while they show, so logs (workers, engines,
   * console.log) never leave stale bar lines behind. @defaultValue process.stdout and process.stderr
   * when they are terminals (only when `stream` is process.stdout)
   */
  readonly capture?: readonly NodeJS.WritableStream[] | undefined;
}

/** Bars on a terminal, periodic plain lines elsewhere, nothing when quiet. */
export function createProgressView(options: ProgressOptions = {}): ProgressView {
  const stream = options.stream ?? process.stdout;
  if (options.quiet === true) return { update: (): void => {}, stop: (): void => {} };
  if (stream.isTTY === true) {
    const capture = options.capture ?? (stream === process.stdout ? [process.stdout, process.stderr].filter((s) => s.isTTY === true) : []);
    return barView(stream, capture);
  }
  return plainView(stream, options.plainIntervalMs ?? 1000);
}

const BAR_SIZE = 20;

/** Cut `text` to `max` characters, with an ellipsis when cut; empty below 4. */
function ellipsize(text: string, max: number): string {
  if (text.length <= max) return text;
  return max < 4 ? '' : `${text.slice(0, max - 1)}…`;
}

type WriteFunction = NodeJS.WritableStream['write'];

function barView(stream: NodeJS.WritableStream & { columns?: number }, capture: readonly NodeJS.WritableStream[]): ProgressView {
  // The bars write through the original write, captured streams through multibar.log (above the bars).
  const originalWrite = stream.write.bind(stream) as WriteFunction;
  const target = {
    isTTY: true,
    get columns(): number | undefined {
      return stream.columns;
    },
    write: originalWrite,
  } as unknown as NodeJS.WritableStream;
  const multibar = new cliProgress.MultiBar(
    {
      stream: target,
      format: ' {label} [{bar}] {count}{detail}',
      hideCursor: true,
      clearOnComplete: false,
      barsize: BAR_SIZE,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const restores: Array<() => void> = [];
  for (const captured of capture) {
    const write = captured.write;
    captured.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      multibar.log(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as WriteFunction;
    restores.push(() => {
      captured.write = write;
    });
  }
  const bars = new Map<string, cliProgress.SingleBar>();
  let width = 0;
  let stopped = false;
  return {
    update(rows): void {
      if (stopped) return;
      width = Math.max(width, ...rows.map((row) => row.label.length));
      const columns = (stream.columns ?? 80) - 1;
      for (const row of rows) {
        const count = `${formatCount(row.done)}/${formatCount(row.total)}`;
        const room = columns - (1 + width + 2 + BAR_SIZE + 2 + count.length + 3);
        const detail = ellipsize(row.detail, room);
        const payload = { label: row.label.padEnd(width), count, detail: detail === '' ? '' : ` | ${detail}` };
        const bar = bars.get(row.key);
        if (bar === undefined) bars.set(row.key, multibar.create(Math.max(row.total, 1), row.done, payload));
        else {
          bar.setTotal(Math.max(row.total, 1));
          bar.update(row.done, payload);
        }
      }
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      multibar.stop();
      for (const restore of restores) restore();
      // Logs that arrived after the last redraw.
      const pending = (multibar as unknown as { loggingBuffer?: string[] }).loggingBuffer ?? [];
      for (const text of pending.splice(0)) originalWrite(text);
    },
  };
}

function plainView(stream: NodeJS.WritableStream, intervalMs: number): ProgressView {
  let last = Number.NEGATIVE_INFINITY;
  let latest: { rows: readonly ProgressRow[]; elapsedMs: number } | undefined;
  let printed: { rows: readonly ProgressRow[]; elapsedMs: number } | undefined;
  const print = (rows: readonly ProgressRow[], elapsedMs: number): void => {
    const parts = rows.map((row) => `${row.label} ${formatCount(row.done)}/${formatCount(row.total)} (${row.detail})`);
    stream.write(`[${(elapsedMs / 1000).toFixed(1).padStart(5)} s] ${parts.join('; ')}\n`);
    printed = latest;
  };
  return {
    update(rows, elapsedMs): void {
      latest = { rows, elapsedMs };
      if (elapsedMs - last < intervalMs) return;
      last = elapsedMs;
      print(rows, elapsedMs);
    },
    stop(): void {
      if (latest !== undefined && printed !== latest) print(latest.rows, latest.elapsedMs);
    },
  };
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * A human-readable logger for CLI verbs: `warn  message key=value ...` lines on stderr, from
 * `level` up. It never throws: BigInts are written as digits, circular references as `"[Circular]"`.
 */
export function createCliLogger(level: (typeof LOG_LEVELS)[number] = 'warn', stream: NodeJS.WritableStream = process.stderr): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const at =
    (name: (typeof LOG_LEVELS)[number]) =>
    (fields: Record<string, unknown>, message: string): void => {
      if (LOG_LEVELS.indexOf(name) < min) return;
      // safeJsonStringify: a field that JSON cannot hold (BigInt, a cycle) must not make logging throw.
      // An undefined field says nothing (JSON leaves it out too): `attempt=undefined` would only confuse.
      const details = Object.entries(fields)
        .filter(([, value]) => value !== undefined)
        .map(
          ([key, value]) =>
            `${key}=${value instanceof Error ? value.message : typeof value === 'string' ? value : safeJsonStringify(value)}`,
        )
        .join(' ');
      stream.write(`${name.padEnd(5)} ${message}${details === '' ? '' : ` ${details}`}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
