/**
 * The demo scenario: two jobs on the embedded runtime, a health metric that changes halfway,
 * retries and one dead task. `sosw demo` (and `npm start`) run it with live progress.
 *
 * 1. `warehouse_load` starts at 75 (Moderate): `fetch_prices` may run 3 of its 6 slots.
 * 2. Once 10 price tasks are done the load drops to 20 (High): all 6 slots are used.
 * 3. Every `east` store task fails once and is retried; region `atlantis` fails 3 times and dies.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbeddedRuntime } from 'sosw/local';
export const DEMO_DIR = dirname(fileURLToPath(import.meta.url));
export const DEMO_CONFIG = join(DEMO_DIR, 'sosw.config.ts');
/** The file sosw.config.ts names for the `warehouse load` metric (relative paths start at the config's folder). */
export const METRICS_FILE = join(DEMO_DIR, '.sosw', 'metrics.json');
/** Load before, and after the relief. */
export const LOAD = Object.freeze({ busy: 75, calm: 20 });
/** Completed `fetch_prices` tasks after which the load drops. */
export const RELIEF_AFTER = 10;
function readJob(name) {
  return JSON.parse(readFileSync(join(DEMO_DIR, 'jobs', name), 'utf8'));
}
/**
 * Run the demo to the end and return what happened.
 *
 * @example
 * const { summary } = await runDemo({ workDir: mkdtempSync(join(tmpdir(), 'sosw-demo-')) });
 */
export async function runDemo(options) {
  mkdirSync(options.workDir, { recursive: true });
  mkdirSync(dirname(METRICS_FILE), { recursive: true });
  const setLoad = (load) => writeFileSync(METRICS_FILE, JSON.stringify({ warehouse_load: load }));
  setLoad(LOAD.busy);
  const notices = [];
  const notifier = { notify: async (_subject, messages) => void notices.push(...messages) };
  const runtime = await createEmbeddedRuntime({
    configPath: DEMO_CONFIG,
    dbPath: join(options.workDir, 'demo.db'),
    dispatchIntervalMs: 100,
    sweepIntervalMs: 100,
    notifier,
    logger: options.logger,
  });
  try {
    await runtime.schedule(readJob('prices.json'));
    await runtime.schedule(readJob('reports.json'));
    await runtime.start();
    let relieved = false;
    const summary = await runtime.untilDone({
      timeoutMs: options.timeoutMs ?? 60_000,
      pollMs: 100,
      onProgress: (status, elapsedMs) => {
        const prices = status.labourers.find((l) => l.labourerId === 'fetch_prices');
        if (!relieved && prices !== undefined && prices.completed >= RELIEF_AFTER) {
          relieved = true;
          setLoad(LOAD.calm);
        }
        options.onProgress?.(status, elapsedMs);
      },
    });
    const status = await runtime.status();
    const caps = runtime.orchestrator
      .recentDecisions()
      .filter((d) => d.labourerId === 'fetch_prices')
      .map((d) => Math.floor(d.cap * d.coefficient + 1e-9));
    return {
      summary,
      status,
      dbPath: runtime.dbPath,
      throttle: { busy: caps[0] ?? 0, calm: caps[caps.length - 1] ?? 0 },
      notices,
    };
  } finally {
    await runtime.stop();
  }
}
