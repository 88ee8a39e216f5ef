import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkMetricSources, createEmbeddedMetrics } from '../../../../src/adapters/local/embedded-metrics.js';
import { heartbeatPath, isHeartbeatLive, readHeartbeat, writeHeartbeat } from '../../../../src/adapters/local/status-file.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { SoswError } from '../../../../src/core/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sosw-metrics-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded metric sources', () => {
  it('routes by details.source: file (relative to the project), static, function', async () => {
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ load: { db: 42 } }));
    const { source, known } = createEmbeddedMetrics({
      baseDir: dir,
      staticMetrics: { cpu: 12 },
      metricFunctions: { twice: (details) => Number(details.n) * 2 },
    });
    expect(known).toEqual(['file', 'static', 'function']);
    expect(await source.fetch({ source: 'file', path: 'm.json', key: 'load.db' }, 0)).toBe(42);
    expect(await source.fetch({ source: 'static', name: 'cpu' }, 0)).toBe(12);
    expect(await source.fetch({ source: 'function', function: 'twice', n: 4 }, 0)).toBe(8);
    await expect(source.fetch({ source: 'function', function: 'missing' }, 0)).rejects.toMatchObject({ code: 'metric.unavailable' });
    await expect(source.fetch({ source: 'cloudwatch' }, 0)).rejects.toMatchObject({ code: 'config.invalid' });
  });

  it('rejects, before anything runs, a metric whose source the runtime does not have', () => {
    const config = resolveTaskConfig({
      labourers: {
        w: { health_metrics: { cpu: { details: { Namespace: 'AWS/RDS' }, feelings: { '4': 50 }, feeling_comparison_operator: '<=' } } },
      },
    });
    let error: unknown;
    try {
      checkMetricSources(config.labourers, ['file', 'static']);
    } catch (e) {
      error = e;
    }
    expect(SoswError.is(error, 'config.invalid')).toBe(true);
    expect((error as SoswError).message).toContain('labourers.w.health_metrics.cpu.details.source');
    expect(() => checkMetricSources(resolveTaskConfig({ labourers: { w: {} } }).labourers, [])).not.toThrow();
  });
});

describe('heartbeat file', () => {
  const beat = { pid: process.pid, project: 'p', running: true, updatedAt: 10_000, startedAt: 1, labourers: {} };

  it('round-trips and is live only while running, fresh and its process exists', () => {
    const db = join(dir, 'x.db');
    expect(readHeartbeat(db)).toBeNull();
    writeHeartbeat(db, beat);
    expect(heartbeatPath(db)).toBe(`${db}.status.json`);
    expect(readHeartbeat(db)).toEqual(beat);
    expect(isHeartbeatLive(beat, 12_000)).toBe(true);
    expect(isHeartbeatLive(beat, 30_000)).toBe(false);
    expect(isHeartbeatLive({ ...beat, running: false }, 12_000)).toBe(false);
    expect(isHeartbeatLive({ ...beat, pid: 2_147_483_000 }, 12_000)).toBe(false);
  });

  it('treats an unreadable file as no heartbeat', () => {
    const db = join(dir, 'y.db');
    writeFileSync(heartbeatPath(db), '{not json');
    expect(readHeartbeat(db)).toBeNull();
  });
});
