import { describe, expect, it } from 'vitest';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { SoswError } from '../../../../src/core/errors.js';
import { laneOf, parseKeyPath } from '../../../../src/core/flow/concurrency-key.js';
import { pickUnderKeyCaps } from '../../../../src/core/flow/fair-pick.js';
import {
  bandAppendPositions,
  jobPlacement,
  lanePositions,
  parseNotBefore,
  parsePriority,
  priorityOfPosition,
} from '../../../../src/core/flow/placement.js';
import { selectRedrive } from '../../../../src/core/flow/redrive-filter.js';
import type { ClosedTask } from '../../../../src/core/task/task.js';

const NOW = 1_764_936_000;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return SoswError.is(error) ? `${error.code} ${String(error.details?.field)}` : 'not coded';
  }
  return undefined;
}

describe('placement', () => {
  it('parsePriority accepts 0..9 and refuses anything else with job.invalid naming the field', () => {
    expect(parsePriority(undefined)).toBe(0);
    expect(parsePriority(9)).toBe(9);
    for (const bad of [-1, 10, 1.5, '5']) expect(codeOf(() => parsePriority(bad))).toBe('job.invalid job.priority');
  });

  it('parseNotBefore reads delays, ISO times with a zone and epoch seconds', () => {
    expect(parseNotBefore('2h', NOW)).toBe(NOW + 7200);
    expect(parseNotBefore('2026-12-05T22:00:00Z', NOW)).toBe(Date.UTC(2026, 11, 5, 22) / 1000);
    expect(parseNotBefore(NOW + 5, NOW)).toBe(NOW + 5);
    for (const bad of ['tonight', '2026-12-05T22:00:00', '400d', -3])
      expect(codeOf(() => parseNotBefore(bad, NOW))).toBe('job.invalid job.not_before');
  });

  it('parseNotBefore says an ISO time too far ahead is too far (it said "expected an ISO time")', () => {
    expect(() => parseNotBefore('2030-01-01T00:00:00Z', NOW)).toThrow(/not_before: is more than 366 days ahead \(latest \d{4}-/);
    expect(() => parseNotBefore('400d', NOW)).toThrow(/more than 366 days ahead/);
  });

  it('jobPlacement drops the defaults and a not_before already past', () => {
    expect(jobPlacement({ a: 1 }, NOW)).toEqual({});
    expect(jobPlacement({ priority: 3, not_before: '30m' }, NOW)).toEqual({ priority: 3, notBefore: NOW + 1800 });
    expect(jobPlacement({ not_before: NOW - 10 }, NOW)).toEqual({});
  });

  it('band 0 keeps the original positions; higher bands sort first, each in its own order', () => {
    expect(bandAppendPositions(null, 2, 1000, 0)).toEqual([2000, 3000]);
    const nine = bandAppendPositions(null, 2, 1000, 9);
    const one = bandAppendPositions(null, 1, 1000, 1);
    expect(nine[1]).toBeLessThan(one[0] as number);
    expect(one[0]).toBeLessThan(0);
    expect([priorityOfPosition(nine[0] as number), priorityOfPosition(one[0] as number), priorityOfPosition(2000)]).toEqual([9, 1, 0]);
  });

  it('lanePositions starts a new lane at the head and continues a lane after its cursor', () => {
    const { positions, cursors } = lanePositions(['a', 'b', 'a'], new Map([['a', 90_000]]), 5000, 1000, 0);
    expect(positions).toEqual([91_000, 6000, 92_000]);
    expect([...cursors]).toEqual([
      ['a', 92_000],
      ['b', 6000],
    ]);
  });
});

describe('concurrency keys', () => {
  it('parseKeyPath reads properties and indexes, and refuses bad paths naming the field', () => {
    expect(parseKeyPath('stores[0]', 'f')).toEqual(['stores', 0]);
    expect(parseKeyPath('customer.region', 'f')).toEqual(['customer', 'region']);
    for (const bad of ['', 'a..b', '[0]', 'a[x]', 7]) expect(codeOf(() => parseKeyPath(bad, 'f'))).toBe('config.invalid f');
  });

  it('laneOf reads the value as text, or the empty lane when it is missing', () => {
    const payload = JSON.stringify({ tenant: 'acme', stores: [42], deep: { x: null } });
    expect(laneOf(payload, ['tenant'])).toBe('acme');
    expect(laneOf(payload, ['stores', 0])).toBe('42');
    expect(laneOf(payload, ['deep', 'x'])).toBe('');
    expect(laneOf(payload, ['nope'])).toBe('');
    expect(laneOf('not json', ['tenant'])).toBe('');
  });

  it('the labourer config needs concurrency_key and max_per_key together', () => {
    const config = resolveTaskConfig({ labourers: { w: { concurrency_key: 'tenant', max_per_key: 2 } } });
    expect(config.labourers[0]?.concurrencyKey).toEqual({ path: 'tenant', steps: ['tenant'], maxPerKey: 2 });
    expect(codeOf(() => resolveTaskConfig({ labourers: { w: { concurrency_key: 'tenant' } } }))).toBe(
      'config.invalid task_config.labourers.w.max_per_key',
    );
    expect(codeOf(() => resolveTaskConfig({ labourers: { w: { concurrency_key: 'a[', max_per_key: 1 } } }))).toBe(
      'config.invalid task_config.labourers.w.concurrency_key',
    );
  });

  it('pickUnderKeyCaps skips tasks of keys at their cap and counts them', () => {
    const head = ['a', 'a', 'b', 'a', 'c', 'b'];
    const picked = pickUnderKeyCaps(head, new Map([['a', 1]]), 2, 4, (t) => t);
    expect(picked).toEqual({ picked: ['a', 'b', 'c', 'b'], keyCapped: 2 });
  });
});

describe('selectRedrive', () => {
  const dead = (taskId: string, closedAt: number, jobId?: string): ClosedTask => ({
    taskId,
    labourerId: 'w',
    createdAt: 1,
    greenfield: 1,
    attempts: 3,
    payload: '{}',
    closedAt,
    succeeded: false,
    ...(jobId === undefined ? {} : { jobId }),
  });

  it('filters by job and by a window of closing times', () => {
    const tasks = [dead('a', 100, 'j1'), dead('b', 200, 'j2'), dead('c', 300, 'j1')];
    expect(selectRedrive(tasks, { jobId: 'j1' }).map((t) => t.taskId)).toEqual(['a', 'c']);
    expect(selectRedrive(tasks, { since: 150, until: 300 }).map((t) => t.taskId)).toEqual(['b']);
    expect(selectRedrive(tasks, {}).map((t) => t.taskId)).toEqual(['a', 'b', 'c']);
  });

  it('never selects a cancelled task (closed not succeeded, with cancelled_at): a bulk redrive does not undo a cancel', () => {
    const cancelled: ClosedTask = { ...dead('x', 250, 'j1'), extra: { cancelled_at: 250 } };
    const tasks = [dead('a', 100, 'j1'), cancelled, dead('c', 300, 'j1')];
    expect(selectRedrive(tasks, {}).map((t) => t.taskId)).toEqual(['a', 'c']);
    expect(selectRedrive(tasks, { jobId: 'j1', since: 200 }).map((t) => t.taskId)).toEqual(['c']);
  });
});
