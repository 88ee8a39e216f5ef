/**
 * `sosw schedule <job.json | ->`: chunk a job into tasks and queue them in the embedded store (SQLite)
 * or, with --backend aws, DynamoDB. `--dry-run` prints the planned tasks instead and writes nothing.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { makeDatabaseFolder } from '../../adapters/local/database-folder.js';
import { FsBlobStore } from '../../adapters/local/fs-blob-store.js';
import type { LoadedProject } from '../../adapters/local/project-loader.js';
import { resolveSchedulerConfig, type SchedulerConfig } from '../../core/config/scheduler-config.js';
import { SoswError } from '../../core/errors.js';
import type { JobRecord } from '../../core/job/job.js';
import { parseSchedulerEvent } from '../../core/scheduling/scheduler-event.js';
import { trimArnToName } from '../../core/scheduling/trim-arn.js';
import type { LockedQueueFile, SchedulerResult } from '../../essentials/scheduler/options.js';
import { Scheduler, type SchedulerPlan } from '../../essentials/scheduler/scheduler.js';
import { openSqliteDatabase, SqliteJobStore, SqliteMetaLog, SqliteTaskStore } from '../../sqlite.js';
import { awsSchedulerConfig, resolveBackend, scheduleOnAws, withBackendOption } from '../backend.js';
import { decodeUtf8 } from '../decode-utf8.js';
import { readJobJson } from '../job-file.js';
import { closedText, isoSeconds, jobJson } from '../job-format.js';
import { noteDatabase } from '../new-databases.js';
import { withJsonOption, withProjectDbOption } from '../options.js';
import { createProgressView, formatCount, formatElapsed, plural, writeLine } from '../output.js';
import { cliProjectDbPath, projectSchedulerConfig, resolveCliProject } from '../project-config.js';
import { operatorName } from './controls.js';

/** Tasks per batch when the config document does not set `rows_to_process` (SQLite batches are cheap). */
export const EMBEDDED_ROWS_TO_PROCESS = 1000;
/** Planned tasks a dry run prints unless --limit says otherwise. */
const DEFAULT_DRY_RUN_LIMIT = '20';

interface ScheduleFlags {
  readonly db?: string;
  readonly json: boolean;
  readonly config?: string;
  readonly dryRun?: boolean;
  readonly limit?: string;
  readonly at?: string;
  readonly blobs?: string;
  readonly batchSize?: string;
  readonly resume?: boolean;
  readonly backend?: string;
  readonly by?: string;
}

function usage(message: string, field: string): SoswError {
  return new SoswError('cli.usage', message, { details: { field } });
}

/** The --config JSON document (a job file is read by readJobJson). */
function readConfigJson(path: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new SoswError('config.notFound', `Cannot read the config ${path}: ${(cause as Error).message}.`, { details: { path }, cause });
  }
  const text = decodeUtf8(bytes, path, 'config.invalid');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SoswError('config.invalid', `The config ${path} is not valid JSON: ${(cause as Error).message}.`, {
      details: { path },
      cause,
    });
  }
}

function positiveInt(text: string, field: string, allowZero = false): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw usage(`--${field} must be a whole number${allowZero ? '' : ' above 0'}, got ${JSON.stringify(text)}.`, field);
  return n;
}

/** A `--config` JSON file in the original Scheduler document shape (task_config.labourers, no top-level `labourers`). */
function legacySchedulerDocument(path: string | undefined): Record<string, unknown> | null {
  if (path === undefined || !path.endsWith('.json')) return null;
  const doc = readConfigJson(path);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new SoswError('config.invalid', `The config ${path} must be a JSON object.`, { details: { path } });
  return 'labourers' in doc ? null : (doc as Record<string, unknown>);
}

interface ScheduleConfig {
  readonly config: SchedulerConfig;
  /** The project config the job is checked against (null: a Scheduler document, or no project at all). */
  readonly project: LoadedProject | null;
}

/**
 * The Scheduler config: the project's (found as every verb finds it: --config, else the nearest
 * sosw.config.*), or an original-shape Scheduler document given with --config, or, with no project
 * at all, one that registers the job's own labourer.
 */
/** `--batch-size` as a Scheduler config override. */
function batchOverrides(flags: ScheduleFlags): Record<string, unknown> {
  return flags.batchSize === undefined ? {} : { rows_to_process: positiveInt(flags.batchSize, 'batch-size') };
}

async function loadConfig(flags: ScheduleFlags, event: unknown): Promise<ScheduleConfig> {
  const overrides = batchOverrides(flags);
  const legacy = legacySchedulerDocument(flags.config);
  if (legacy !== null)
    return { config: resolveSchedulerConfig({ rows_to_process: EMBEDDED_ROWS_TO_PROCESS, ...legacy, ...overrides }), project: null };
  const project = await resolveCliProject({ config: flags.config }, { required: false });
  if (project !== null) return { config: projectSchedulerConfig(project, overrides), project };
  const input: Record<string, unknown> = { rows_to_process: EMBEDDED_ROWS_TO_PROCESS, ...overrides };
  if (event !== undefined) {
    const parsed = parseSchedulerEvent(event);
    if (parsed.kind === 'job') {
      const names = [parsed.labourerId, ...onCompleteLabourers(parsed.job.on_complete)];
      input.task_config = { labourers: Object.fromEntries(names.map((name) => [name, {}])) };
    }
  }
  return { config: resolveSchedulerConfig(input), project: null };
}

/**
 * Without a project every labourer a job names is accepted as is: its own, and those its
 * on_complete follow-ups and invoke name (at any depth). Malformed entries are left to validation.
 */
function onCompleteLabourers(onComplete: unknown, depth = 0): string[] {
  if (typeof onComplete !== 'object' || onComplete === null || Array.isArray(onComplete) || depth > 16) return [];
  const { schedule, invoke } = onComplete as Record<string, unknown>;
  const names = typeof invoke === 'string' && invoke !== '' ? [trimArnToName(invoke)] : [];
  for (const next of Array.isArray(schedule) ? schedule : []) {
    try {
      const parsed = parseSchedulerEvent(next);
      if (parsed.kind === 'job') names.push(parsed.labourerId, ...onCompleteLabourers(parsed.job.on_complete, depth + 1));
    } catch {
      // reported by the plan
    }
  }
  return names;
}

/**
 * Plan the whole job (no write; every check `run` makes, follow-ups included). An unknown labourer
 * names the field, the project's labourers and the config file to fix.
 */
export function checkJob(planner: Scheduler, event: unknown, atMs: number | undefined, project: LoadedProject | null): SchedulerPlan {
  try {
    return planner.plan(event, atMs);
  } catch (error) {
    if (project === null || !SoswError.is(error, 'job.unknownLabourer')) throw error;
    const labourerId = String(error.details.labourerId);
    const field = typeof error.details.field === 'string' ? error.details.field : 'job.lambda_name';
    const known = Object.keys(project.config.labourers);
    const where = field === 'job.lambda_name' ? 'in the job' : `in ${field}`;
    throw new SoswError(
      'job.unknownLabourer',
      `Unknown labourer ${JSON.stringify(labourerId)} ${where}; ${project.path} has: ${known.join(', ') || '(none)'}. Fix ${field.replace(/^job\./, '')} in the job, or add the labourer under labourers in the config.`,
      { details: { ...error.details, labourerId, known, configPath: project.path }, cause: error },
    );
  }
}

/** `priority 9, starts at 2024-05-01T02:00:00Z (in 2h)`: where the tasks of a plan go, or ''. */
export function placementText(plan: Pick<SchedulerPlan, 'priority' | 'notBefore' | 'plannedAtMs'>): string {
  const parts: string[] = [];
  if (plan.priority !== undefined) parts.push(`priority ${plan.priority}`);
  if (plan.notBefore !== undefined) {
    const delay = plan.notBefore - Math.floor(plan.plannedAtMs / 1000);
    parts.push(`not before ${isoSeconds(plan.notBefore)} (in ${delayText(delay)})`);
  }
  return parts.join(', ');
}

function delayText(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

function dryRun(plan: SchedulerPlan, flags: ScheduleFlags): void {
  const limit = positiveInt(flags.limit ?? DEFAULT_DRY_RUN_LIMIT, 'limit', true);
  let shown = 0;
  for (const row of plan.rows()) {
    if (limit !== 0 && shown >= limit) break;
    writeLine(JSON.stringify({ labourer_id: plan.labourerId, payload: row.fields }));
    shown++;
  }
  if (flags.json) {
    const placement = {
      ...(plan.priority === undefined ? {} : { priority: plan.priority }),
      ...(plan.notBefore === undefined ? {} : { not_before: plan.notBefore }),
    };
    writeLine(JSON.stringify({ dry_run: true, labourer_id: plan.labourerId, total: plan.total, shown, ...placement }));
  } else {
    const placement = placementText(plan);
    writeLine(
      `total: ${plural(plan.total, 'task')} for labourer ${plan.labourerId} (showing ${formatCount(shown)})${placement === '' ? '' : `; ${placement}`}`,
    );
  }
}

/** A queue file --resume could not take: whose lock, until when, and what to do. */
function lockedText(file: LockedQueueFile): string {
  const until = file.expiresAtMs === undefined ? 'its lock expires' : new Date(file.expiresAtMs).toISOString();
  return `${file.queueFile} is not finished but is locked by ${file.owner ?? 'another Scheduler'} until ${until} (lock_ttl_seconds): its Scheduler may still be running. If it stopped, run sosw schedule --resume again after then.`;
}

function summary(results: readonly SchedulerResult[], elapsedMs: number, json: boolean, locked: readonly LockedQueueFile[] = []): void {
  const queued = results.reduce((n, r) => n + r.queued, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  const first = results[0];
  const already = first?.alreadyScheduled === true;
  if (json) {
    const line = {
      job_id: first?.jobId,
      labourer_id: first?.labourerId,
      alreadyScheduled: already,
      resumedStuck: first?.resumedStuck === true,
      ...(first?.resumableAt === undefined ? {} : { resumableAt: first.resumableAt }),
      waiting: first?.waiting === true,
      ...(first?.missingParents === undefined ? {} : { missingParents: first.missingParents }),
      total: results.reduce((n, r) => n + r.total, 0),
      queued,
      skipped,
      done: results.every((r) => r.done) && locked.length === 0,
      jobs: results.length,
      elapsed_ms: Math.round(elapsedMs),
      tasks_per_second: elapsedMs > 0 ? Math.round((queued * 1000) / elapsedMs) : queued,
      ...(first?.job === undefined ? {} : { job: jobJson(first.job) }),
      ...(locked.length === 0 ? {} : { locked }),
    };
    writeLine(JSON.stringify(line));
    return;
  }
  for (const file of locked) writeLine(lockedText(file));
  if (first === undefined) {
    if (locked.length === 0) writeLine('Nothing to resume.');
    return;
  }
  if (already && first.job !== undefined)
    writeLine(
      first.resumableAt === undefined
        ? `Job ${first.jobId} is already scheduled (${first.job.state}, ${closedText(first.job)} closed); nothing queued.`
        : `Job ${first.jobId} ${beingScheduledText(first.job, first.resumableAt)}`,
    );
  else if (first.resumedStuck === true) writeLine(`Job ${first.jobId} was stuck in scheduling (its Scheduler stopped): resumed.`);
  else if (first.waiting === true && first.job !== undefined) {
    writeLine(`Job ${first.jobId} waits for ${first.job.after.join(', ')}: stored, its tasks are queued once they complete.`);
    if (first.missingParents !== undefined) writeLine(missingParentsWarning(first.missingParents), process.stderr);
  }
  const rest = already || first.waiting === true ? results.slice(1) : results;
  if (rest.length === 0) return;
  const restQueued = rest.reduce((n, r) => n + r.queued, 0);
  const restSkipped = rest.reduce((n, r) => n + r.skipped, 0);
  const head = rest[0] as SchedulerResult;
  const who = rest.length === 1 ? `labourer ${head.labourerId} (job ${head.jobId})` : `${rest.length} jobs`;
  const skippedText = restSkipped > 0 ? `, ${formatCount(restSkipped)} already queued` : '';
  writeLine(`Queued ${plural(restQueued, 'task')} for ${who} in ${formatElapsed(elapsedMs)}${skippedText}.`);
}

/**
 * A job_id scheduled again while its job is still `scheduling`: nothing was queued, since its
 * Scheduler may be working; past `resumableAt` it counts as stuck (the JobKeeper's rule).
 */
export function beingScheduledText(job: Pick<JobRecord, 'updatedAt'>, resumableAt: number): string {
  return `is being scheduled since ${isoSeconds(job.updatedAt)}; nothing queued. If its Scheduler stopped, the JobKeeper resumes it after ${isoSeconds(resumableAt)}, or schedule it again after then.`;
}

/** The warning for `after` parents that have no job record: the job waits until they exist and end. */
export function missingParentsWarning(ids: readonly string[]): string {
  const list = ids.join(', ');
  return `warning: no job ${list} exists yet; this job waits until ${ids.length === 1 ? 'it is' : 'they are'} scheduled and complete${ids.length === 1 ? 's' : ''}. If ${ids.length === 1 ? 'that id is' : 'those ids are'} a typo, cancel this job (sosw cancel <id>) and schedule it again with the right after.`;
}

async function runSchedule(jobPath: string | undefined, flags: ScheduleFlags): Promise<void> {
  if (jobPath === undefined && flags.resume !== true) throw usage('Give a job file (or - for stdin), or --resume.', 'job');
  if (flags.limit !== undefined && flags.dryRun !== true)
    throw usage(
      '--limit only applies to --dry-run (how many planned tasks to print); a real schedule always queues the whole job.',
      'limit',
    );
  const event = jobPath === undefined ? undefined : readJobJson(jobPath).job;
  const atMs = flags.at === undefined ? undefined : Date.parse(flags.at);
  if (atMs !== undefined && Number.isNaN(atMs))
    throw usage(`--at must be an ISO date-time such as 2024-05-01T00:00:00Z, got ${JSON.stringify(flags.at)}.`, 'at');
  // On AWS the job is planned and checked against the config rows the deployed Scheduler reads, not a local file.
  const onAws = resolveBackend(flags.backend) === 'aws';
  const { config, project } = onAws
    ? { config: await awsSchedulerConfig(batchOverrides(flags)), project: null }
    : await loadConfig(flags, event);
  // A planner that writes nothing: the dry run, and the check of the whole job before the database is opened.
  const planner = new Scheduler({
    config,
    store: { enqueue: async () => [] },
    blobs: new FsBlobStore({ root: flags.blobs ?? '.' }),
    periods: project?.config.periods,
  });
  if (flags.dryRun === true) {
    if (event === undefined) throw usage('--dry-run needs a job file.', 'job');
    dryRun(checkJob(planner, event, atMs, project), flags);
    return;
  }
  if (event !== undefined) checkJob(planner, event, atMs, project);
  if (onAws) {
    const started = performance.now();
    summary(await scheduleOnAws(event, flags.resume === true, atMs, operatorName(flags.by)), performance.now() - started, flags.json);
    return;
  }
  const dbPath = cliProjectDbPath(project, flags.db);
  noteDatabase(dbPath);
  makeDatabaseFolder(dbPath);
  const database = openSqliteDatabase(dbPath);
  const store = new SqliteTaskStore({ database });
  const metaLog = new SqliteMetaLog({ database });
  const jobs = new SqliteJobStore({ database });
  const view = createProgressView({ quiet: flags.json || process.stdout.isTTY !== true });
  const started = performance.now();
  try {
    const scheduler = new Scheduler({
      config,
      store,
      metaLog,
      // Every job gets a record (state, progress, idempotent job_id); its tasks carry its id.
      jobs,
      jobTasks: store,
      blobs: new FsBlobStore({ root: flags.blobs ?? join(dbPath === ':memory:' ? '.sosw' : dirname(dbPath), 'blobs') }),
      functionName: 'sosw_scheduler',
      periods: project?.config.periods,
      onProgress: (p) =>
        view.update(
          [{ key: p.jobId, label: p.labourerId, done: p.cursor, total: p.total, detail: `${p.queued} queued` }],
          performance.now() - started,
        ),
    });
    const results = event === undefined ? [] : [await scheduler.run(event, { planAtMs: atMs, scheduledBy: operatorName(flags.by) })];
    const locked: LockedQueueFile[] = [];
    if (flags.resume === true) results.push(...(await scheduler.resumePending({}, { onLocked: (file) => locked.push(file) })));
    view.stop();
    summary(results, performance.now() - started, flags.json, locked);
  } finally {
    view.stop();
    await store.close();
    await metaLog.close();
    await jobs.close();
    if (database.open) database.close();
  }
}

export function register(program: Command): void {
  const command = program
    .command('schedule')
    .description('chunk a job into tasks and queue them (the embedded store, or DynamoDB with --backend aws)')
    .argument('[job]', 'job JSON file, - to read it from stdin, or the job\'s JSON text itself (\'{"lambda_name": "w"}\')')
    .option(
      '--config <file>',
      'project config (default: the nearest sosw.config.* from the current folder up), or a Scheduler document in the original JSON shape (task_config.labourers, job_schema_variants)',
    )
    .option('--dry-run', 'write nothing: print the planned tasks as JSON lines, then the total')
    .option('--limit <n>', `with --dry-run: how many tasks to print (default ${DEFAULT_DRY_RUN_LIMIT}, 0 = all)`)
    .option('--at <iso>', 'plan calendar periods as of this ISO date-time instead of now')
    .option('--blobs <dir>', 'folder for queue files (default: blobs/ next to the database)')
    .option('--batch-size <n>', `tasks per batch (default: rows_to_process of the config, else ${EMBEDDED_ROWS_TO_PROCESS})`)
    .option('--resume', 'also continue unfinished queue files left by earlier runs')
    .option('--by <name>', 'who schedules, kept on the job record (default: the OS user)');
  withJsonOption(withBackendOption(withProjectDbOption(command))).action(async (job: string | undefined, flags: ScheduleFlags) => {
    await runSchedule(job, flags);
  });
}
