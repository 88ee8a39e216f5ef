/**
 * The demo scenario: two jobs on the embedded runtime, a health metric that changes halfway,
 * retries and one dead task. `sosw demo` (and `npm start`) run it with live progress.
 *
 * 1. `warehouse_load` starts at 75 (Moderate): `fetch_prices` may run 3 of its 6 slots.
 * 2. Once 10 price tasks are done the load drops to 20 (High): all 6 slots are used.
 * 3. Every `east` store task fails once and is retried; region `atlantis` fails 3 times and dies.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger, Notifier } from 'sosw';
import { createEmbeddedRuntime, type LoadedProject, loadProject, type RunSummary, type RuntimeStatus } from 'sosw/local';

export const DEMO_DIR = dirname(fileURLToPath(import.meta.url));
/** sosw.config.ts here; sosw.config.js once built into the package (dist/demo). */
export const DEMO_CONFIG =
  [join(DEMO_DIR, 'sosw.config.ts'), join(DEMO_DIR, 'sosw.config.js')].find((path) => existsSync(path)) ?? join(DEMO_DIR, 'sosw.config.ts');
/** The `warehouse load` metric file, in the demo's work folder (the installed package may be read-only). */
export function metricsFile(workDir: string): string {
  return join(workDir, 'metrics.json');
}

/** The config a demo run writes into its work folder and runs with (`sosw status --config` it afterwards). */
export function workConfigFile(workDir: string): string {
  return join(workDir, 'sosw.config.json');
}

/** `x.ts`, or the compiled `x.js` beside it in the package (the packaged config keeps the `.ts` names). */
function existingModule(path: string): string {
  const compiled = path.replace(/\.ts$/, '.js');
  return existsSync(path) || !existsSync(compiled) ? path : compiled;
}

/**
 * sosw.config.ts, rewritten as JSON into the work folder: its paths (handlers, the database, the
 * `warehouse load` metric file) made to work from there, so the `sosw status` printed after the run
 * reads the same metric file the run did (the installed package's folder may be read-only).
 */
async function writeWorkProject(workDir: string): Promise<LoadedProject> {
  const packaged = await loadProject({ configPath: DEMO_CONFIG });
  const labourers = structuredClone(packaged.config.labourers);
  for (const labourer of Object.values(labourers)) {
    if (typeof labourer.handler === 'string') labourer.handler = existingModule(resolve(packaged.dir, labourer.handler));
  }
  const metric = labourers['fetch_prices']?.health_metrics?.['warehouse load'];
  if (metric === undefined) throw new Error(`${DEMO_CONFIG}: fetch_prices has no 'warehouse load' health metric`);
  metric.details = { ...metric.details, path: './metrics.json' };
  const path = workConfigFile(workDir);
  writeFileSync(path, `${JSON.stringify({ ...packaged.config, database: './demo.db', labourers }, null, 2)}\n`);
  return loadProject({ configPath: path });
}

/** Load before, and after the relief. */
export const LOAD = Object.freeze({ busy: 75, calm: 20 });
/** Completed `fetch_prices` tasks after which the load drops. */
export const RELIEF_AFTER = 10;

export interface DemoOptions {
  /** Folder for the database (created; should be empty). */
  readonly workDir: string;
  readonly onProgress?: ((status: RuntimeStatus, elapsedMs: number) => void) | undefined;
  readonly logger?: Logger | undefined;
  /** Abort when tasks are still open after this long. @defaultValue 60000 */
  readonly timeoutMs?: number | undefined;
}

export interface DemoResult {
  readonly summary: RunSummary;
  readonly status: RuntimeStatus;
  readonly dbPath: string;
  /** The config the run used, written into the work folder. */
  readonly configPath: string;
  /** Slots `fetch_prices` could use: while the warehouse was busy, and after the relief. */
  readonly throttle: { readonly busy: number; readonly calm: number };
  /** Dead-task notices the Scavenger sent. */
  readonly notices: readonly string[];
}

function readJob(name: string): unknown {
  return JSON.parse(readFileSync(join(DEMO_DIR, 'jobs', name), 'utf8'));
}

/**
 * Run the demo to the end and return what happened.
 *
 * @example
 * const { summary } = await runDemo({ workDir: mkdtempSync(join(tmpdir(), 'sosw-demo-')) });
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  mkdirSync(options.workDir, { recursive: true });
  const metrics = metricsFile(options.workDir);
  const setLoad = (load: number): void => writeFileSync(metrics, JSON.stringify({ warehouse_load: load }));
  setLoad(LOAD.busy);

  const notices: string[] = [];
  const notifier: Notifier = { notify: async (_subject, messages) => void notices.push(...messages) };
  const project = await writeWorkProject(options.workDir);
  const runtime = await createEmbeddedRuntime({
    project,
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
      configPath: project.path,
      throttle: { busy: caps[0] ?? 0, calm: caps[caps.length - 1] ?? 0 },
      notices,
    };
  } finally {
    await runtime.stop();
  }
}
