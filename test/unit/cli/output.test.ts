/** CLI rendering: counts with separators and plurals, tables, and progress bars that survive logs and fit the terminal. */
import { afterEach, describe, expect, it } from 'vitest';
import { runCounts } from '../../../src/cli/commands/dev.js';
import { createCliLogger, createProgressView, formatCount, plural, renderTable } from '../../../src/cli/output.js';

describe('counts', () => {
  it('formatCount separates thousands the same everywhere', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(2.5)).toBe('2.5');
  });

  it('plural says 1 task, 2 tasks, 12,000 tasks', () => {
    expect(plural(1, 'task')).toBe('1 task');
    expect(plural(0, 'task')).toBe('0 tasks');
    expect(plural(12000, 'task')).toBe('12,000 tasks');
  });

  it('renderTable separates thousands in number cells and keeps them right-aligned', () => {
    const text = renderTable(
      [
        { id: 'a', n: 1234567 },
        { id: 'b', n: 5 },
      ],
      [
        { header: 'ID', value: (r) => r.id },
        { header: 'N', value: (r) => r.n },
      ],
    );
    expect(text.split('\n')).toEqual(['ID          N', 'a   1,234,567', 'b           5']);
  });

  it('the dev summary counts what this process closed, not the whole database', () => {
    const base = { queued: 10, invoked: 0, retried: 0, open: 0, elapsedMs: 0 };
    const counts = (completed: number, dead: number, cancelled: number) => ({ ...base, completed, dead, cancelled });
    // Another runtime on the same file completed 40 more: they are not this run's.
    expect(runCounts({ completed: 2, dead: 0 }, counts(3, 1, 0), counts(45, 1, 0))).toEqual({ completed: 2, dead: 0, cancelled: 0 });
    // A job cancelled during the run: its tasks are cancelled, not dead.
    expect(runCounts({ completed: 0, dead: 0 }, counts(3, 1, 0), counts(3, 1, 4))).toEqual({ completed: 0, dead: 0, cancelled: 4 });
    expect(runCounts({ completed: 0, dead: 0 }, counts(3, 1, 4), counts(3, 1, 0)).cancelled).toBe(0);
  });
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences
const ANSI = /\x1B\[[0-9;?]*[A-Za-z]|\x1B[78]/g;

interface FakeStream {
  isTTY: boolean;
  columns: number;
  text: string;
  write(chunk: string | Uint8Array, callback?: () => void): boolean;
}

function fakeStream(columns = 70): FakeStream {
  const s: FakeStream = {
    isTTY: true,
    columns,
    text: '',
    write(chunk) {
      s.text += String(chunk);
      return true;
    },
  };
  return s;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('createCliLogger', () => {
  function sink(): { stream: NodeJS.WritableStream; lines: string[] } {
    const lines: string[] = [];
    const stream = { write: (chunk: string) => lines.push(chunk) > 0 } as unknown as NodeJS.WritableStream;
    return { stream, lines };
  }

  it('writes key=value lines from its level up, errors by message', () => {
    const { stream, lines } = sink();
    const logger = createCliLogger('warn', stream);
    logger.info({ a: 1 }, 'hidden');
    logger.warn({ n: 2, s: 'text', o: { x: [1] }, error: new Error('boom') }, 'shown');
    expect(lines).toEqual(['warn  shown n=2 s=text o={"x":[1]} error=boom\n']);
  });

  it('leaves out undefined fields (no attempt=undefined)', () => {
    const { stream, lines } = sink();
    createCliLogger('warn', stream).warn({ taskId: 't1', attempt: undefined, reason: 'unknown' }, 'Report changed nothing');
    expect(lines).toEqual(['warn  Report changed nothing taskId=t1 reason=unknown\n']);
  });

  it('never throws on a circular or BigInt field (it would replace the failure being logged)', () => {
    // Prepare
    const { stream, lines } = sink();
    const result: Record<string, unknown> = { total: 10n };
    result.self = result;

    // Act
    const log = (): void => createCliLogger('warn', stream).error({ report: { result } }, 'LOST REPORT');

    // Assert
    expect(log).not.toThrow();
    expect(lines).toEqual(['error LOST REPORT report={"result":{"total":"10","self":"[Circular]"}}\n']);
  });
});

describe('progress bars on a terminal', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  const row = {
    key: 'prices',
    label: 'fetch_prices',
    done: 1234,
    total: 5000,
    detail: '12 running, 3,700 queued, 4 retrying, 50 dead | health 4 cap 20/20 and a long tail of words',
  };

  it('fit the terminal width with the counts intact (no cut at a fixed 80 columns)', async () => {
    for (const columns of [60, 180]) {
      const out = fakeStream(columns);
      const view = createProgressView({ stream: out as unknown as NodeJS.WritableStream, capture: [] });
      stop = () => view.stop();
      view.update([row], 10);
      await sleep(150);
      view.stop();
      const lines = out.text
        .replace(ANSI, '')
        .split(/[\r\n]/)
        .filter((l) => l.includes('fetch_prices'));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line.length).toBeLessThan(columns);
        expect(line).toContain('1,234/5,000');
      }
      if (columns === 180) expect(lines.at(-1)).toContain('and a long tail of words');
      else expect(lines.at(-1)).toMatch(/…$/);
    }
  });

  it('route logs written while the bars show above the bars, then give the stream back', async () => {
    const out = fakeStream();
    const err = fakeStream();
    const view = createProgressView({
      stream: out as unknown as NodeJS.WritableStream,
      capture: [err as unknown as NodeJS.WritableStream],
    });
    stop = () => view.stop();
    view.update([row], 10);
    await sleep(150);
    err.write('warn  worker says hi\n');
    view.update([{ ...row, done: 1300 }], 20);
    await sleep(150);
    err.write('error late line\n');
    view.stop();
    err.write('after stop\n');

    expect(err.text).toBe('after stop\n');
    const plain = out.text.replace(ANSI, '');
    expect(plain).toContain('warn  worker says hi\n');
    expect(plain).toContain('error late line\n');
    // The bars are drawn again after the log line: the log did not leave a stale bar behind it.
    const afterLog = plain.slice(plain.indexOf('worker says hi'));
    expect(afterLog).toContain('1,300/5,000');
  });
});
