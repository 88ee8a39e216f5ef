import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileMetricSource, FunctionMetricSource, metricNameOf, StaticMetricSource } from '../../../../src/adapters/local/metric-sources.js';

describe('metricNameOf', () => {
  it.each([
    [{ MetricName: 'CPU', name: 'x' }, 'CPU'],
    [{ Name: 'N' }, 'N'],
    [{ name: 'n' }, 'n'],
    [{ metric: 'm' }, 'm'],
    [{ other: 1 }, undefined],
  ])('reads %j as %s', (details, name) => {
    expect(metricNameOf(details)).toBe(name);
  });
});

describe('StaticMetricSource', () => {
  it('answers one value for every metric, and changes it on demand', async () => {
    const source = new StaticMetricSource(30);
    expect(await source.fetch({ name: 'a' })).toBe(30);
    source.set(null);
    expect(await source.fetch({ name: 'a' })).toBeNull();
  });

  it('answers per metric name, with no data for unknown names', async () => {
    const source = new StaticMetricSource({ cpu: 12, mem: null });
    expect(await source.fetch({ MetricName: 'cpu' })).toBe(12);
    expect(await source.fetch({ name: 'mem' })).toBeNull();
    expect(await source.fetch({ name: 'disk' })).toBeNull();
    source.set('disk', 3);
    expect(await source.fetch({ name: 'disk' })).toBe(3);
  });
});

describe('FunctionMetricSource', () => {
  it('passes details and time to the function', async () => {
    const source = new FunctionMetricSource((details, nowMs) => Number(details.base) + nowMs);
    expect(await source.fetch({ base: 2 }, 40)).toBe(42);
  });

  it('turns a failure into metric.unavailable', async () => {
    const source = new FunctionMetricSource(async () => {
      throw new Error('boom');
    });
    await expect(source.fetch({ name: 'x' }, 0)).rejects.toMatchObject({
      code: 'metric.unavailable',
      message: expect.stringContaining('boom'),
    });
  });
});

describe('FileMetricSource', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sosw-metric-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['plain text', '42.5\n', undefined, 42.5],
    ['a JSON number', '7', undefined, 7],
    ['a JSON object with value', '{"value": 3}', undefined, 3],
    ['a JSON object at a key path', '{"db": {"cpu": 61}}', 'db.cpu', 61],
    ['a numeric string at a key', '{"cpu": "12"}', 'cpu', 12],
    ['JSON null', 'null', undefined, null],
    ['an empty file', '  ', undefined, null],
    ['a missing key', '{"db": {}}', 'db.cpu', null],
  ])('reads %s', async (_label, content, key, expected) => {
    await writeFile(join(dir, 'm.json'), content);
    const details: Record<string, unknown> = { file: 'm.json' };
    if (key !== undefined) details.key = key;
    expect(await new FileMetricSource({ baseDir: dir }).fetch(details)).toBe(expected);
  });

  it('sees a value changed while running', async () => {
    const path = join(dir, 'cpu.txt');
    const source = new FileMetricSource();
    await writeFile(path, '10');
    expect(await source.fetch({ file: path })).toBe(10);
    await writeFile(path, '90');
    expect(await source.fetch({ file: path })).toBe(90);
  });

  it('has no data for a missing file', async () => {
    expect(await new FileMetricSource({ baseDir: dir }).fetch({ file: 'absent.json' })).toBeNull();
  });

  it.each([
    ['no file in details', {}, 'details.file'],
    ['text that is not a number', { file: 'bad.txt' }, 'does not hold a number'],
    ['a directory', { file: '.' }, 'Cannot read'],
  ])('fails with metric.unavailable for %s', async (_label, details, message) => {
    await writeFile(join(dir, 'bad.txt'), 'high');
    await expect(new FileMetricSource({ baseDir: dir }).fetch(details)).rejects.toMatchObject({
      code: 'metric.unavailable',
      message: expect.stringContaining(message),
    });
  });
});
