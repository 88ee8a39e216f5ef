/**
 * `sosw schedule <job.json | ->`: chunk a job into tasks and queue them in the embedded store
 * (SQLite). `--dry-run` prints the planned tasks instead and writes nothing. Without `--config`,
 * the nearest project config (sosw.config.*) gives the job schemas, the labourers and the database,
 * so a job is chunked exactly as `sosw dev --job` chunks it.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { FsBlobStore } from '../../adapters/local/fs-blob-store.js';
import { findProjectConfig, loadProject } from '../../adapters/local/project-loader.js';
import { type ConfigDocument, deepMergeAll } from '../../core/config/deep-merge.js';
import { toEssentialConfigs } from '../../core/config/project-config.js';
import { resolveSchedulerConfig, type SchedulerConfig } from '../../core/config/scheduler-config.js';
import { SoswError } from '../../core/errors.js';
import { parseSchedulerEvent } from '../../core/scheduling/scheduler-event.js';
import type { SchedulerResult } from '../../essentials/scheduler/options.js';
import { Scheduler } from '../../essentials/scheduler/scheduler.js';
import { openSqliteDatabase, SqliteMetaLog, SqliteTaskStore } from '../../sqlite.js';
import { resolveBackend, scheduleOnAws, withBackendOption } from '../backend.js';
import { decodeUtf8 } from '../decode-utf8.js';
import { noteDatabase } from '../new-databases.js';
import { DEFAULT_DB_PATH, withDbOption, withJsonOption } from '../options.js';
import { createProgressView, formatElapsed, writeLine } from '../output.js';

/** Tasks per batch when the config document does not set `rows_to_process` (SQLite batches are cheap). */
export const EMBEDDED_ROWS_TO_PROCESS = 1000;

interface ScheduleFlags {
  db: string;
  readonly json: boolean;
  readonly config?: string;
  readonly dryRun?: boolean;
  readonly limit: string;
  readonly at?: string;
  readonly blobs?: string;
  readonly batchSize?: string;
  readonly resume?: boolean;
  readonly backend?: string;
}

function usage(message: string, field: string): SoswError {
  return new SoswError('cli.usage', message, { details: { field } });
}

function readJsonFile(path: string, what: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (cause) {
    throw new SoswError('config.notFound', `Cannot read the ${what} ${path}: ${(cause as Error).message}.`, { details: { path }, cause });
  }
  const text = decodeUtf8(bytes, path, what === 'job' ? 'job.invalid' : 'config.invalid');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SoswError(
      what === 'job' ? 'job.invalid' : 'config.invalid',
      `The ${what} ${path} is not valid JSON: ${(cause as Error).message}.`,
      {
        details: { path },
        cause,
      },
    );
  }
}

function positiveInt(text: string, field: string, allowZero = false): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw usage(`--${field} must be a whole number${allowZero ? '' : ' above 0'}, got ${JSON.stringify(text)}.`, field);
  return n;
}

/** The Scheduler document and database of the nearest project config, when there is one. */
interface ProjectSchedule {
  readonly document: ConfigDocument;
  readonly dbPath: string;
}

async function nearestProject(): Promise<ProjectSchedule | null> {
  const path = findProjectConfig(process.cwd());
  if (path === null) return null;
  const project = await loadProject({ configPath: path });
  const docs = toEssentialConfigs(project.config);
  return {
    document: deepMergeAll(docs.sosw_essential_config, docs.sosw_scheduler_config),
    dbPath: resolve(project.databasePath ?? DEFAULT_DB_PATH),
  };
}

/** The config document (`--config`, else the project's), or one that registers the job's labourer when there is none. */
function loadConfig(flags: ScheduleFlags, event: unknown, project: ProjectSchedule | null): SchedulerConfig {
  const doc = (flags.config === undefined ? (project?.document ?? {}) : readJsonFile(flags.config, 'config')) as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new SoswError('config.invalid', `The config ${flags.config} must be a JSON object.`);
  const input: Record<string, unknown> = { rows_to_process: EMBEDDED_ROWS_TO_PROCESS, ...doc };
  if (flags.config === undefined && project === null && event !== undefined) {
    const parsed = parseSchedulerEvent(event);
    if (parsed.kind === 'job') input.task_config = { labourers: { [parsed.labourerId]: {} } };
  }
  if (flags.batchSize !== undefined) input.rows_to_process = positiveInt(flags.batchSize, 'batch-size');
  return resolveSchedulerConfig(input);
}

function dryRun(scheduler: Scheduler, event: unknown, atMs: number | undefined, flags: ScheduleFlags): void {
  const plan = scheduler.plan(event, atMs);
  const limit = positiveInt(flags.limit, 'limit', true);
  let shown = 0;
  for (const row of plan.rows()) {
    if (limit !== 0 && shown >= limit) break;
    writeLine(JSON.stringify({ labourer_id: plan.labourerId, payload: row.fields }));
    shown++;
  }
  if (flags.json) writeLine(JSON.stringify({ dry_run: true, labourer_id: plan.labourerId, total: plan.total, shown }));
  else writeLine(`total: ${plan.total} tasks for labourer ${plan.labourerId} (showing ${shown})`);
}

function summary(results: readonly SchedulerResult[], elapsedMs: number, json: boolean): void {
  const queued = results.reduce((n, r) => n + r.queued, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  const first = results[0];
  if (json) {
    const line = {
      job_id: first?.jobId,
      labourer_id: first?.labourerId,
      total: results.reduce((n, r) => n + r.total, 0),
      queued,
      skipped,
      done: results.every((r) => r.done),
      jobs: results.length,
      elapsed_ms: Math.round(elapsedMs),
      tasks_per_second: elapsedMs > 0 ? Math.round((queued * 1000) / elapsedMs) : queued,
    };
    writeLine(JSON.stringify(line));
    return;
  }
  if (first === undefined) {
    writeLine('Nothing to resume.');
    return;
  }
  const who = results.length === 1 ? `labourer ${first.labourerId} (job ${first.jobId})` : `${results.length} jobs`;
  const skippedText = skipped > 0 ? `, ${skipped} already queued` : '';
  writeLine(`Queued ${queued} tasks for ${who} in ${formatElapsed(elapsedMs)}${skippedText}.`);
}

async function runSchedule(jobPath: string | undefined, flags: ScheduleFlags): Promise<void> {
  if (jobPath === undefined && flags.resume !== true) throw usage('Give a job file (or - for stdin), or --resume.', 'job');
  const event = jobPath === undefined ? undefined : readJsonFile(jobPath, 'job');
  const atMs = flags.at === undefined ? undefined : Date.parse(flags.at);
  if (atMs !== undefined && Number.isNaN(atMs))
    throw usage(`--at must be an ISO date-time such as 2024-05-01T00:00:00Z, got ${JSON.stringify(flags.at)}.`, 'at');
  const project = flags.config === undefined ? await nearestProject() : null;
  // The project's database unless --db (or SOSW_DB) says otherwise, as for `sosw dev`.
  if (project !== null && flags.db === DEFAULT_DB_PATH && process.env.SOSW_DB === undefined) flags.db = project.dbPath;
  const config = loadConfig(flags, event, project);
  // A planner that writes nothing: the dry run, and the check of the whole job before the database is opened.
  const planner = new Scheduler({ config, store: { enqueue: async () => [] }, blobs: new FsBlobStore({ root: flags.blobs ?? '.' }) });
  if (flags.dryRun === true) {
    if (event === undefined) throw usage('--dry-run needs a job file.', 'job');
    dryRun(planner, event, atMs, flags);
    return;
  }
  if (event !== undefined) planner.plan(event, atMs);
  if (resolveBackend(flags.backend) === 'aws') {
    const started = performance.now();
    summary(await scheduleOnAws(event, flags.resume === true, atMs), performance.now() - started, flags.json);
    return;
  }
  noteDatabase(flags.db);
  if (flags.db !== ':memory:') mkdirSync(dirname(flags.db), { recursive: true });
  const database = openSqliteDatabase(flags.db);
  const store = new SqliteTaskStore({ database });
  const metaLog = new SqliteMetaLog({ database });
  const view = createProgressView({ quiet: flags.json || process.stdout.isTTY !== true });
  const started = performance.now();
  try {
    const scheduler = new Scheduler({
      config,
      store,
      metaLog,
      blobs: new FsBlobStore({ root: flags.blobs ?? join(flags.db === ':memory:' ? '.sosw' : dirname(flags.db), 'blobs') }),
      functionName: 'sosw_scheduler',
      onProgress: (p) =>
        view.update(
          [{ key: p.jobId, label: p.labourerId, done: p.cursor, total: p.total, detail: `${p.queued} queued` }],
          performance.now() - started,
        ),
    });
    const results = event === undefined ? [] : [await scheduler.run(event, { planAtMs: atMs })];
    if (flags.resume === true) results.push(...(await scheduler.resumePending()));
    view.stop();
    summary(results, performance.now() - started, flags.json);
  } finally {
    view.stop();
    await store.close();
    await metaLog.close();
    if (database.open) database.close();
  }
}

export function register(program: Command): void {
  const command = program
    .command('schedule')
    .description('chunk a job into tasks and queue them in the embedded store')
    .argument('[job]', 'job JSON file, or - to read it from stdin')
    .option(
      '--config <file>',
      'Scheduler config document (original JSON shape: job_schema_variants, task_config.labourers, ...); default: the nearest sosw.config.*',
    )
    .option('--dry-run', 'write nothing: print the planned tasks as JSON lines, then the total')
    .option('--limit <n>', 'with --dry-run: how many tasks to print (0 = all)', '20')
    .option('--at <iso>', 'plan calendar periods as of this ISO date-time instead of now')
    .option('--blobs <dir>', 'folder for queue files (default: blobs/ next to the database)')
    .option('--batch-size <n>', `tasks per batch (default: rows_to_process of the config, else ${EMBEDDED_ROWS_TO_PROCESS})`)
    .option('--resume', 'also continue unfinished queue files left by earlier runs');
  withJsonOption(withBackendOption(withDbOption(command))).action(async (job: string | undefined, flags: ScheduleFlags) => {
    await runSchedule(job, flags);
  });
}
