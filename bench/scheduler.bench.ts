/**
 * Scheduler benchmark: chunk a job that expands to 1,000,000 tasks and queue it in a SQLite file
 * through the Scheduler engine (plan + validation pass, deterministic ids, payloads, batched
 * enqueue, cursor saved in a local queue file after each batch). Target (ARCHITECTURE.md 5):
 * >= 100,000 tasks/s with peak RSS <= 256 MB.
 *
 * Each variant runs in its own child process so that peak RSS is measured per variant.
 * Run: npx tsx bench/scheduler.bench.ts [tasks] [--main]   (--main: only the first variant)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsBlobStore } from '../src/adapters/local/fs-blob-store.js';
import { resolveSchedulerConfig } from '../src/core/config/scheduler-config.js';
import { Scheduler } from '../src/essentials/scheduler/scheduler.js';
import { openSqliteDatabase, SqliteMetaLog, SqliteTaskStore } from '../src/sqlite.js';

interface Variant {
  readonly name: string;
  readonly batch: number;
  readonly audit: boolean;
}

interface Measured extends Variant {
  readonly tasks: number;
  readonly seconds: number;
  readonly tasksPerSecond: number;
  readonly peakRssMb: number;
  readonly planSeconds: number;
  /** User + system CPU seconds of the run (less sensitive than wall time to a busy machine). */
  readonly cpuSeconds: number;
}

const VARIANTS: readonly Variant[] = [
  { name: 'batch 1000, no audit', batch: 1000, audit: false },
  { name: 'batch 1000, audit', batch: 1000, audit: true },
  { name: 'batch 5000, no audit', batch: 5000, audit: false },
  { name: 'batch 50 (original default), no audit', batch: 50, audit: false },
];

/** 100 sections x N/100 stores, every store isolated: N tasks. */
function benchJob(tasks: number): Record<string, unknown> {
  const perSection = Math.ceil(tasks / 100);
  const sections: Record<string, unknown> = {};
  for (let s = 0; s < 100; s++) sections[`section_${s}`] = { stores: Array.from({ length: perSection }, (_, i) => s * perSection + i) };
  return { lambda_name: 'bench_worker', isolate_stores: true, report: 'daily', sections };
}

async function runVariant(variant: Variant, tasks: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-sched-bench-'));
  const database = openSqliteDatabase(join(dir, 'bench.db'));
  const store = new SqliteTaskStore({ database });
  const metaLog = new SqliteMetaLog({ database });
  const config = resolveSchedulerConfig({
    job_schema_variants: {
      default: {
        chunkable_attrs: [
          ['section', {}],
          ['store', {}],
        ],
      },
    },
    task_config: { labourers: { bench_worker: {} } },
    rows_to_process: variant.batch,
  });
  const scheduler = new Scheduler({
    config,
    store,
    metaLog: variant.audit ? metaLog : undefined,
    blobs: new FsBlobStore({ root: join(dir, 'blobs') }),
  });
  const job = benchJob(tasks);
  const t0 = performance.now();
  const planned = scheduler.plan(job).total;
  const planSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await scheduler.run(job, { invocationId: 'bench' });
  const seconds = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const count = (database.prepare('SELECT COUNT(*) AS n FROM sosw_tasks').get() as { n: number }).n;
  await store.close();
  await metaLog.close();
  database.close();
  rmSync(dir, { recursive: true, force: true });
  if (count !== planned || result.queued !== planned)
    throw new Error(`expected ${planned} tasks, found ${count} (queued ${result.queued})`);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  return {
    ...variant,
    tasks: count,
    seconds,
    tasksPerSecond: Math.round(count / seconds),
    peakRssMb: Math.round(peakRssMb),
    planSeconds,
    cpuSeconds,
  };
}

const tasks = Number(process.argv[2] ?? 1_000_000);
const child = process.argv[3] === '--main' ? undefined : process.argv[3];
/** `--main` runs only the first variant. */
const only = process.argv.includes('--main') ? 1 : VARIANTS.length;
if (child !== undefined) {
  const variant = VARIANTS[Number(child)] as Variant;
  process.stdout.write(`${JSON.stringify(await runVariant(variant, tasks))}\n`);
} else {
  const self = fileURLToPath(import.meta.url);
  const rows: Measured[] = VARIANTS.slice(0, only).map((_, i) => {
    const out = execFileSync(process.execPath, [...process.execArgv, self, String(tasks), String(i)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out.trim().split('\n').pop() as string) as Measured;
  });
  const header = ['variant', 'tasks', 'seconds', 'tasks/s', 'CPU s', 'tasks/CPU s', 'peak RSS MB', 'plan pass s'];
  const lines = rows.map((r) => [
    r.name,
    String(r.tasks),
    r.seconds.toFixed(2),
    String(r.tasksPerSecond),
    r.cpuSeconds.toFixed(2),
    String(Math.round(r.tasks / r.cpuSeconds)),
    String(r.peakRssMb),
    r.planSeconds.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  for (const line of [header, ...lines]) process.stdout.write(`${line.map((c, i) => c.padEnd(widths[i] as number)).join('  ')}\n`);
  const main = rows[0] as Measured;
  const verdict = {
    target_tasks_per_second: 100_000,
    target_peak_rss_mb: 256,
    met: main.tasksPerSecond >= 100_000 && main.peakRssMb <= 256,
  };
  process.stdout.write(`${JSON.stringify({ bench: 'scheduler', tasks, results: rows, ...verdict })}\n`);
}
