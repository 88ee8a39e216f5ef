/**
 * `sosw demo` (what `npm start` runs): the example project in examples/demo runs to the end on
 * the embedded store with live progress, then prints a summary. See examples/demo/README.md.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { RunSummary, RuntimeStatus } from '../../adapters/local/runtime-status.js';
import { SoswError } from '../../core/errors.js';
import type { Logger } from '../../ports/logger.js';
import { withJsonOption } from '../options.js';
import { createCliLogger, createProgressView, formatElapsed, renderTable, writeJson, writeLine } from '../output.js';
import { progressRows } from './status.js';

interface DemoFlags {
  readonly dir: string;
  readonly json?: boolean | undefined;
  readonly verbose?: boolean | undefined;
}

/** What the CLI uses of the demo module (examples/demo/index.ts; compiled to dist/demo/index.js in the package). */
interface DemoOptions {
  readonly workDir: string;
  readonly onProgress?: ((status: RuntimeStatus, elapsedMs: number) => void) | undefined;
  readonly logger?: Logger | undefined;
}
interface DemoResult {
  readonly summary: RunSummary;
  readonly status: RuntimeStatus;
  readonly dbPath: string;
  /** The config the run used, in its work folder (older demo modules: absent). */
  readonly configPath?: string | undefined;
  readonly throttle: { readonly busy: number; readonly calm: number };
  readonly notices: readonly string[];
}
interface DemoModule {
  readonly runDemo: (options: DemoOptions) => Promise<DemoResult>;
  readonly DEMO_CONFIG: string;
}

// From the repo (tsx, vitest) the demo is examples/demo; from the built package, dist/demo.
const DEMO_MODULE = new URL(import.meta.url.endsWith('.ts') ? '../../../examples/demo/index.ts' : '../../demo/index.js', import.meta.url)
  .href;

/** Written into a folder the demo uses: only a folder with it (or a new / empty one) is ever cleared. */
export const DEMO_MARKER = '.sosw-demo';
/** What a demo run leaves in its folder; the only names it ever removes. */
const DEMO_FILES = ['demo.db', 'demo.db-wal', 'demo.db-shm', 'demo.db.status.json', 'metrics.json', 'sosw.config.json', 'blobs'];
/** Files of a demo run from before the marker (in the default folder only): cleared, but never a `blobs` folder. */
const LEGACY_DEMO_FILES = ['demo.db', 'demo.db-wal', 'demo.db-shm', 'demo.db.status.json', 'metrics.json'];
const DEFAULT_DEMO_DIR = '.sosw/demo';

/** A heartbeat temp file a killed demo may leave (`demo.db.status.json.<pid>.tmp`). */
function isDemoTemp(name: string): boolean {
  return /^demo\.db\.status\.json\.\d+\.tmp$/.test(name);
}

function notDemoFolder(dir: string, reason: string, entries: readonly string[]): SoswError {
  return new SoswError(
    'cli.usage',
    `--dir ${dir} ${reason}; nothing was removed (the demo only clears a folder an earlier demo made). Pass a new or empty folder (e.g. --dir ${DEFAULT_DEMO_DIR}).`,
    { details: { field: 'dir', path: dir, ...(entries.length === 0 ? {} : { entries: entries.slice(0, 20) }) } },
  );
}

/**
 * Make `dir` ready for a fresh demo: create it when missing; in a folder an earlier demo used (it has
 * the marker), remove only the demo's own files. A folder holding anything else, or a path that is
 * not a folder, is refused with `cli.usage` and left as it is.
 */
export function prepareDemoDir(dir: string, options: { readonly legacy?: boolean } = {}): void {
  try {
    clearDemoDir(dir, options.legacy === true);
  } catch (error) {
    if (SoswError.is(error)) throw error;
    const { code, message } = error as NodeJS.ErrnoException;
    throw new SoswError(
      'cli.usage',
      `--dir ${dir} cannot be used (${message}). Pass a folder you can write to (e.g. --dir ${DEFAULT_DEMO_DIR}).`,
      { details: { field: 'dir', path: dir, errno: code }, cause: error },
    );
  }
}

function clearDemoDir(dir: string, legacy: boolean): void {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw notDemoFolder(dir, 'is a file, not a folder', []);
    entries = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dir, { recursive: true });
    entries = [];
  }
  const marked = entries.includes(DEMO_MARKER);
  const own = marked ? DEMO_FILES : LEGACY_DEMO_FILES;
  const foreign = entries.filter((name) => name !== DEMO_MARKER && !own.includes(name) && !isDemoTemp(name));
  if (entries.length > 0 && !marked && !(legacy && entries.includes('demo.db') && foreign.length === 0))
    throw notDemoFolder(dir, 'is not empty and is not a folder of an earlier demo', entries);
  if (foreign.length > 0) throw notDemoFolder(dir, `holds files the demo did not make (${foreign.slice(0, 5).join(', ')})`, foreign);
  for (const name of entries) if (name !== DEMO_MARKER) rmSync(join(dir, name), { recursive: name === 'blobs', force: true });
  writeFileSync(join(dir, DEMO_MARKER), 'A folder of `sosw demo`: the next demo run empties it.\n');
}

function printSummary(result: DemoResult, dir: string, configPath: string): void {
  const s = result.summary;
  writeLine(`\nDemo finished in ${formatElapsed(s.elapsedMs)}.\n`);
  const rows: Array<[string, string | number]> = [
    ['queued', s.queued],
    ['invoked', s.invoked],
    ['completed', s.completed],
    ['retried', s.retried],
    ['dead', s.dead],
    ...(s.cancelled > 0 ? [['cancelled', s.cancelled] as [string, number]] : []),
    ['elapsed', formatElapsed(s.elapsedMs)],
  ];
  writeLine(
    renderTable(rows, [
      { header: 'SUMMARY', value: (r) => r[0] },
      { header: '', value: (r) => r[1], align: 'right' },
    ]),
  );
  writeLine(
    `\nfetch_prices ran ${result.throttle.busy} at a time while the warehouse was busy, ${result.throttle.calm} once it calmed down.`,
  );
  for (const notice of result.notices) writeLine(`Dead-task notice: ${notice}`);
  writeLine(`\n${lookAroundLines(configPath, dir, process.cwd()).join('\n')}`);
}

/** The commands printed after the demo, as `npx sosw` (a project install puts no `sosw` on the PATH). */
export function lookAroundLines(configPath: string, dir: string, cwd: string): string[] {
  const config = relative(cwd, configPath) || configPath;
  const db = join(dir, 'demo.db');
  return [
    `Look around: npx sosw status --config ${config} --db ${db}`,
    `             npx sosw tasks --state dead --config ${config} --db ${db}`,
  ];
}

export function register(program: Command): void {
  const command = program
    .command('demo')
    .description('run the example project (two labourers, a throttle, retries, a dead task) to the end')
    .option('--dir <folder>', 'where the demo keeps its database: a new or empty folder, or one an earlier demo used', DEFAULT_DEMO_DIR)
    .option('--verbose', 'show worker and engine logs');
  withJsonOption(command).action(async (flags: DemoFlags) => {
    const dir = resolve(flags.dir);
    prepareDemoDir(dir, { legacy: dir === resolve(DEFAULT_DEMO_DIR) });
    const json = flags.json === true;
    const { runDemo, DEMO_CONFIG } = (await import(DEMO_MODULE)) as DemoModule;
    const view = createProgressView({ quiet: json });
    let result: DemoResult;
    try {
      result = await runDemo({
        workDir: dir,
        logger: flags.verbose === true ? createCliLogger('info') : undefined,
        onProgress: (status, elapsedMs) => view.update(progressRows(status), elapsedMs),
      });
    } finally {
      view.stop();
    }
    if (json)
      writeJson({ summary: result.summary, throttle: result.throttle, labourers: result.status.labourers, database: result.dbPath });
    else printSummary(result, dir, result.configPath ?? DEMO_CONFIG);
  });
}
