/**
 * `sosw status` read a missing metric file as "0 Bad" and said nothing else (the demo's printed status
 * did so): a health read now names the metric that gave no value and why, in the status and its table.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusTable } from '../../../src/cli/commands/status.js';
import { createEmbeddedRuntime } from '../../../src/local.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sosw-health-note-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function statusWith(metricFile: string) {
  const runtime = await createEmbeddedRuntime({
    project: {
      name: 'health note',
      labourers: {
        w: {
          health_metrics: {
            load: {
              details: { source: 'file', path: metricFile, key: 'load' },
              feelings: { '4': 30 },
              feeling_comparison_operator: '<=',
            },
          },
        },
        plain: {},
      },
    },
    dbPath: join(dir, 'sosw.db'),
    loadHandlers: false,
    heartbeat: false,
  });
  try {
    return await runtime.status();
  } finally {
    await runtime.stop();
  }
}

describe('a health read now with a metric that gave no value', () => {
  it('names the metric and says no data counts as 0 (Bad) when its file is missing', async () => {
    const status = await statusWith(join(dir, 'missing.json'));
    const w = status.labourers.find((l) => l.labourerId === 'w');
    expect(w?.health).toBe(0);
    expect(w?.healthNote).toBe(
      '"load" gave no data (a missing or empty file, or no datapoint), which counts as 0 (Bad; the metric\'s no_data_status sets it)',
    );
    expect(status.labourers.find((l) => l.labourerId === 'plain')?.healthNote).toBeUndefined();
    expect(statusTable(status, Date.now())).toContain(`Health read now:\n  w: ${w?.healthNote}`);
  });

  it('gives the read error of a file that does not hold a number', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ load: 'high' }));
    const w = (await statusWith(file)).labourers.find((l) => l.labourerId === 'w');
    expect(w?.healthNote).toMatch(
      /^"load" could not be read \(metric\.unavailable: Metric file .*bad\.json does not hold a number at load\.\), which counts as 0 \(Bad/,
    );
  });

  it('says nothing when the metric gives a value', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ load: 10 }));
    const status = await statusWith(file);
    expect(status.labourers.find((l) => l.labourerId === 'w')).toMatchObject({ health: 4 });
    expect(status.labourers.every((l) => l.healthNote === undefined)).toBe(true);
    expect(statusTable(status, Date.now())).not.toContain('Health read now');
  });
});
