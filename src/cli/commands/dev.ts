/**
 * `sosw dev`: run a project on the embedded runtime until SIGINT/SIGTERM (or, with --until-done,
 * until every task is closed), with live progress. On the signal (or when done): stop dispatching, let running work finish (up to --shutdown-timeout), close the
 * database, print a summary. A second signal exits at once. With --json, events are JSON lines
 * (`{"event":"scheduled",...}` and `{"event":"alreadyScheduled",...}` per --job file, then
 * `{"event":"started",...}`, ..., `{"event":"stopped","summary":...}`).
 */
import type { Command } from 'commander';
import { EMBEDDED_METRIC_SOURCES } from '../../adapters/local/embedded-metrics.js';
import { FsBlobStore } from '../../adapters/local/fs-blob-store.js';
import type { LoadedProject } from '../../adapters/local/project-loader.js';
import { SoswError } from '../../core/errors.js';
import { type DashboardFlags, startDevDashboard, withDashboardOptions } from '../../dashboard/dev-dashboard.js';
import type { SchedulerResult } from '../../essentials/scheduler/options.js';
import { Scheduler } from '../../essentials/scheduler/scheduler.js';
import { parseEndpointPort, startDevLambdaEndpoint } from '../../lambda/dev-endpoint.js';
import { createEmbeddedRuntime, handleShutdownSignals, type RunSummary } from '../../local.js';
import { inJobFile, readJobFile } from '../job-file.js';
import { noteDatabase } from '../new-databases.js';
import { projectDbPath, withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { createCliLogger, createProgressView, formatCount, formatElapsed, plural, writeLine } from '../output.js';
import { projectSchedulerConfig, resolveCliProject } from '../project-config.js';
import { beingScheduledText, checkJob, missingParentsWarning } from './schedule.js';
import { openTasksOfUnknownLabourers, type ProjectFlags, progressRows, unknownLabourersWarning } from './status.js';

interface DevFlags extends ProjectFlags, DashboardFlags {
  readonly job?: string[] | undefined;
  readonly tick: string;
  readonly shutdownTimeout: string;
  readonly verbose?: boolean | undefined;
  readonly lambdaEndpoint?: string | undefined;
  readonly untilDone?: boolean | undefined;
}

function milliseconds(text: string, field: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new SoswError('cli.usage', `--${field} must be a positive number of milliseconds, got ${JSON.stringify(text)}.`, {
      details: { field },
    });
  return n;
}

/**
 * What this run did: `completed` and `dead` from this process's own counters (completions its
 * WorkerAssistant accepted, tasks its engines closed dead), since the whole database's delta also
 * counted another runtime's work on the same file; `cancelled`, done by other commands, is the
 * database's delta while it ran (never below 0).
 */
export function runCounts(
  own: { readonly completed: number; readonly dead: number },
  before: RunSummary,
  after: RunSummary,
): { completed: number; dead: number; cancelled: number } {
  return { completed: own.completed, dead: own.dead, cancelled: Math.max(0, after.cancelled - before.cancelled) };
}

/** A job file of --job, read and checked. */
interface DevJob {
  readonly path: string;
  readonly event: Record<string, unknown>;
}

/**
 * Read and check every --job file before anything is written (the database is not even opened): all
 * of them are scheduled, or none. Errors name the file; an unknown labourer names the project's
 * labourers and the config file to fix, as `sosw schedule` does.
 */
export function checkJobFiles(paths: readonly string[], project: LoadedProject): DevJob[] {
  if (paths.length === 0) return [];
  const planner = new Scheduler({
    config: projectSchedulerConfig(project),
    store: { enqueue: async () => [] },
    blobs: new FsBlobStore({ root: project.dir }),
    periods: project.config.periods,
  });
  return paths.map((path) => {
    try {
      const event = readJobFile(path);
      checkJob(planner, event, undefined, project);
      return { path, event };
    } catch (error) {
      throw inJobFile(error, path);
    }
  });
}

/** What `sosw dev` prints for one scheduled job file: a text line, or one JSON event. */
export function scheduledLines(path: string, result: SchedulerResult, json: boolean): { out: string; warning?: string } {
  const warning = result.missingParents === undefined ? undefined : missingParentsWarning(result.missingParents);
  if (json) {
    const common = { file: path, jobId: result.jobId, labourerId: result.labourerId };
    if (result.alreadyScheduled === true) {
      const resumableAt = result.resumableAt === undefined ? {} : { resumableAt: result.resumableAt };
      return { out: JSON.stringify({ event: 'alreadyScheduled', ...common, state: result.job?.state, ...resumableAt }) };
    }
    return {
      out: JSON.stringify({
        event: 'scheduled',
        ...common,
        queued: result.queued,
        total: result.total,
        ...(result.resumedStuck === true ? { resumedStuck: true, skipped: result.skipped } : {}),
        ...(result.waiting === true ? { waiting: true, after: result.job?.after ?? [] } : {}),
        ...(result.missingParents === undefined ? {} : { missingParents: result.missingParents }),
      }),
    };
  }
  if (result.alreadyScheduled === true && result.resumableAt !== undefined && result.job !== undefined)
    return { out: `Job ${result.jobId} from ${path} ${beingScheduledText(result.job, result.resumableAt)}` };
  if (result.alreadyScheduled === true)
    return { out: `Job ${result.jobId} from ${path} is already scheduled (${result.job?.state}): nothing queued.` };
  if (result.resumedStuck === true) {
    const skipped = result.skipped > 0 ? `, ${formatCount(result.skipped)} already queued` : '';
    return {
      out: `Job ${result.jobId} from ${path} was stuck in scheduling (its Scheduler stopped): resumed, queued ${plural(result.queued, 'task')} for ${result.labourerId}${skipped}.`,
    };
  }
  if (result.waiting === true)
    return {
      out: `Job ${result.jobId} from ${path} waits for ${(result.job?.after ?? []).join(', ')}: its tasks are queued once they complete.`,
      ...(warning === undefined ? {} : { warning }),
    };
  return { out: `Scheduled ${plural(result.queued, 'task')} for ${result.labourerId} from ${path} (job ${result.jobId}).` };
}

export function register(program: Command): void {
  const command = program
    .command('dev')
    .description('run a project on the embedded runtime until stopped (Ctrl+C)')
    .option('--job <file...>', 'job JSON files to schedule at start')
    .option('--tick <ms>', 'milliseconds between Orchestrator ticks and Scavenger runs', '250')
    .option('--shutdown-timeout <ms>', 'how long running work may finish after Ctrl+C', '10000')
    .option('--until-done', 'stop by itself once every task is closed (completed or dead), like Ctrl+C')
    .option('--verbose', 'log what the engines and workers do')
    .option('--lambda-endpoint <port>', 'also answer the Lambda Invoke API on 127.0.0.1:<port> (essentials and workers)');
  withDashboardOptions(withJsonOption(withProjectDbOption(withConfigOption(command)))).action(async (flags: DevFlags) => {
    const tick = milliseconds(flags.tick, 'tick');
    const json = flags.json === true;
    const project = await resolveCliProject({ config: flags.config, metricSources: EMBEDDED_METRIC_SOURCES }, { required: true });
    const jobs = checkJobFiles(flags.job ?? [], project);
    const runtime = await createEmbeddedRuntime({
      project,
      dbPath: projectDbPath(flags.db),
      onOpenDatabase: noteDatabase,
      dispatchIntervalMs: tick,
      sweepIntervalMs: tick,
      shutdownTimeoutMs: milliseconds(flags.shutdownTimeout, 'shutdown-timeout'),
      logger: createCliLogger(flags.verbose === true ? 'info' : 'warn'),
      workerLogger: createCliLogger(flags.verbose === true ? 'info' : 'error'),
    });
    // Dashboard (src/dashboard/dev-dashboard.ts): started before jobs are scheduled, so it lists them.
    const dashboard = await startDevDashboard(runtime, flags).catch(async (error: unknown) => {
      await runtime.stop();
      throw error;
    });
    // Lambda Invoke API on loopback (src/lambda/dev-endpoint.ts), for AWS-style callers.
    const lambdaEndpoint =
      flags.lambdaEndpoint === undefined
        ? null
        : await startDevLambdaEndpoint(runtime, parseEndpointPort(flags.lambdaEndpoint)).catch(async (error: unknown) => {
            await dashboard?.close();
            await runtime.stop();
            throw error;
          });
    for (const { path, event } of jobs) {
      // The job id comes from the file's content (unless the job names one): a restart queues nothing twice.
      const result = await runtime.schedule(event).catch(async (error: unknown) => {
        await lambdaEndpoint?.close();
        await dashboard?.close();
        await runtime.stop();
        throw inJobFile(error, path);
      });
      const lines = scheduledLines(path, result, json);
      writeLine(lines.out);
      if (lines.warning !== undefined) writeLine(lines.warning, process.stderr);
    }
    // What the database held before this run: the summary counts what this run closed.
    const before = await runtime.summary();
    // Tasks of labourers the config no longer defines: nothing here runs, counts or closes them.
    const configured = runtime.labourers.map((l) => l.id);
    const unknown = openTasksOfUnknownLabourers(runtime.dbPath, configured);
    const unknownWarning = unknownLabourersWarning(unknown, configured);
    await runtime.start();
    if (json) writeLine(JSON.stringify({ event: 'started', project: runtime.projectName, database: runtime.dbPath, pid: process.pid }));
    else {
      const until = flags.untilDone === true ? 'Stops when every task is closed, or on Ctrl+C.' : 'Ctrl+C to stop.';
      writeLine(`${runtime.projectName}: running on ${runtime.dbPath} (pid ${process.pid}). ${until}`);
    }
    if (unknownWarning !== null) {
      if (json) writeLine(JSON.stringify({ event: 'unknownLabourers', unknownLabourers: unknown }));
      else writeLine(unknownWarning, process.stderr);
    }
    if (dashboard !== null) {
      if (json) writeLine(JSON.stringify({ event: 'dashboard', url: dashboard.url }));
      else writeLine(`Dashboard: ${dashboard.url}`);
    }
    if (lambdaEndpoint !== null) {
      if (json) writeLine(JSON.stringify({ event: 'lambdaEndpoint', url: lambdaEndpoint.url }));
      else writeLine(`Lambda Invoke API: ${lambdaEndpoint.url} (AWS_ENDPOINT_URL_LAMBDA=${lambdaEndpoint.url})`);
    }
    const view = createProgressView({ quiet: json, plainIntervalMs: 2000 });
    const began = performance.now();
    let polling = false;
    const poll = setInterval(() => {
      if (polling || !runtime.running) return;
      polling = true;
      runtime
        .status()
        .then((status) => view.update(progressRows(status), performance.now() - began))
        .catch(() => undefined)
        .finally(() => {
          polling = false;
        });
    }, 500);
    let stopped: Promise<void> | undefined;
    const stopOnce = (): Promise<void> => {
      stopped ??= (async () => {
        clearInterval(poll);
        view.stop();
        await dashboard?.close();
        await lambdaEndpoint?.close();
        const summary = await runtime.summary();
        const report = await runtime.stop();
        const run = runCounts({ completed: runtime.metrics.total('completed'), dead: runtime.metrics.total('dead') }, before, summary);
        if (json) writeLine(JSON.stringify({ event: 'stopped', summary, run, shutdown: report }));
        else {
          writeLine(
            `\nStopped after ${formatElapsed(summary.elapsedMs)}: ${formatCount(run.completed)} completed, ${formatCount(run.dead)} dead in this run${run.cancelled > 0 ? ` (${formatCount(run.cancelled)} cancelled meanwhile)` : ''}; ${formatCount(summary.open)} still open.`,
          );
          if (!report.finished)
            writeLine(`${report.abandoned} running task(s) were abandoned; they expire and are retried on the next start.`);
          if (unknownWarning !== null) writeLine(unknownWarning, process.stderr);
        }
      })();
      return stopped;
    };
    await new Promise<void>((resolve, reject) => {
      const removeSignalHandlers = handleShutdownSignals({ onSignal: () => stopOnce().then(resolve, reject) });
      // --until-done: the same graceful stop as Ctrl+C, once nothing is queued, running or retrying.
      if (flags.untilDone === true)
        runtime
          .untilDone()
          .then(stopOnce)
          .then(() => {
            removeSignalHandlers();
            resolve();
          }, reject);
    });
  });
}
