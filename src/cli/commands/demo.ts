/**
 * `sosw demo` (what `npm start` runs): the example project in examples/demo runs to the end on
 * the embedded store with live progress, then prints a summary. See examples/demo/README.md.
 */
import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { RunSummary, RuntimeStatus } from '../../adapters/local/runtime-status.js';
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

/** Remove what an earlier demo run left in its folder (the demo always starts from an empty store). */
function reset(dir: string): void {
  for (const name of ['demo.db', 'demo.db-wal', 'demo.db-shm', 'demo.db.status.json', 'blobs']) {
    rmSync(join(dir, name), { recursive: true, force: true });
  }
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
  const config = relative(process.cwd(), configPath) || configPath;
  writeLine(`\nLook around: sosw status --config ${config} --db ${join(dir, 'demo.db')}`);
  writeLine(`             sosw tasks --state dead --config ${config} --db ${join(dir, 'demo.db')}`);
}

export function register(program: Command): void {
  const command = program
    .command('demo')
    .description('run the example project (two labourers, a throttle, retries, a dead task) to the end')
    .option('--dir <folder>', 'where the demo keeps its database (emptied first)', '.sosw/demo')
    .option('--verbose', 'show worker and engine logs');
  withJsonOption(command).action(async (flags: DemoFlags) => {
    const dir = resolve(flags.dir);
    reset(dir);
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
    else printSummary(result, dir, DEMO_CONFIG);
  });
}
