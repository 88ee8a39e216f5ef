/**
 * Custom calendar periods reach every entry point: a sosw.config.ts / .js `periods` list for the CLI
 * (`sosw schedule`, `sosw dev --job`) and the embedded runtime, and a `periods` option; a JSON config
 * cannot hold them and says so. Before, only `new Scheduler({ periods })` took them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { definePeriod, type PeriodDefinition } from '../../../src/core/scheduling/periods.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../../src/local.js';
import { captureStdio } from '../../helpers/capture-stdio.js';

let dir: string;
let stderr: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sosw-custom-periods-'));
  stderr = '';
  captureStdio({
    stdout: () => undefined,
    stderr: (text) => {
      stderr += text;
    },
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400;
/** `two_days_before_<n>`: the two days n and n+1 days before today. */
const twoDays = definePeriod('two_days_before_([0-9]+)', (match, today) => [today - Number(match[1]) - 1, today - Number(match[1])]);
const isoDay = (daysBack: number): string =>
  new Date((Math.floor(Date.now() / 1000 / DAY) - daysBack) * DAY * 1000).toISOString().slice(0, 10);

async function payloads(dbPath: string, project: string): Promise<unknown[]> {
  const runtime = await createEmbeddedRuntime({ configPath: project, dbPath, loadHandlers: false, heartbeat: false });
  try {
    return (await runtime.store.nextQueued('w', Math.floor(Date.now() / 1000) + 1, 10)).map((t) => t.payload);
  } finally {
    await runtime.stop();
  }
}

/** An in-memory runtime of labourer `w` with these periods, stopped after `body`. */
async function withMemoryRuntime(
  periods: PeriodDefinition[] | undefined,
  body: (runtime: EmbeddedRuntime) => Promise<void>,
): Promise<void> {
  const runtime = await createEmbeddedRuntime({
    project: { labourers: { w: {} } },
    dbPath: ':memory:',
    loadHandlers: false,
    heartbeat: false,
    periods,
  });
  try {
    await body(runtime);
  } finally {
    await runtime.stop();
  }
}

describe('custom calendar periods', () => {
  it('a sosw.config.mjs periods list is used by sosw schedule', async () => {
    const config = join(dir, 'sosw.config.mjs');
    writeFileSync(
      config,
      `export default {
  labourers: { w: {} },
  periods: [{ pattern: 'two_days_before_([0-9]+)', dates: (m, today) => [today - Number(m[1]) - 1, today - Number(m[1])] }],
};
`,
    );
    const dbPath = join(dir, 'sosw.db');
    const code = await main([
      'node',
      'sosw',
      'schedule',
      '{"lambda_name":"w","period":"two_days_before_3","isolate_days":true}',
      '--config',
      config,
      '--db',
      dbPath,
    ]);
    expect(code, stderr).toBe(0);
    const dates = (await payloads(dbPath, config)).map((p) => (JSON.parse(String(p)) as { date_list: string[] }).date_list);
    expect(dates.sort()).toEqual([[isoDay(4)], [isoDay(3)]]);
  });

  it('the periods option of createEmbeddedRuntime', () =>
    withMemoryRuntime([twoDays], async (runtime) => {
      const result = await runtime.schedule({ lambda_name: 'w', period: 'two_days_before_0', isolate_days: true });
      expect(result.queued).toBe(2);
    }));

  it('an unknown period without them is job.invalid', () =>
    withMemoryRuntime(undefined, async (runtime) => {
      await expect(runtime.schedule({ lambda_name: 'w', period: 'two_days_before_0' })).rejects.toMatchObject({ code: 'job.invalid' });
    }));

  it('periods in a JSON config are config.invalid saying they need a .ts or .js config', async () => {
    const config = join(dir, 'sosw.config.json');
    writeFileSync(config, JSON.stringify({ labourers: { w: {} }, periods: ['two_days_before_([0-9]+)'] }));
    const opening = createEmbeddedRuntime({ configPath: config, dbPath: ':memory:', loadHandlers: false, heartbeat: false });
    await expect(opening).rejects.toMatchObject({
      code: 'config.invalid',
      message: expect.stringMatching(/periods\.0.*definePeriod\(pattern, dates\).*sosw\.config\.ts or \.js/s),
    });
  });
});
