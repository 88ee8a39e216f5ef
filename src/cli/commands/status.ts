/**
 * `sosw status`: per labourer, its health, cap, and where its tasks are (running, queued,
 * retrying, completed, dead, cancelled), with the Orchestrator's last decision when a runtime is running
 * (this process's, or another's through its heartbeat file).
 */

import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Command } from 'commander';
import { effectiveCap, withStoppedRunDecisions } from '../../adapters/local/runtime-status.js';
import { readHeartbeat } from '../../adapters/local/status-file.js';
import { requireOptional, SQLITE_FEATURE } from '../../adapters/optional-dependency.js';
import { resolveTableNames } from '../../adapters/sqlite/table-names.js';
import { SoswError } from '../../core/errors.js';
import type { JobRecord } from '../../core/job/job.js';
import { ECO_STATUS_NAMES } from '../../core/labourer/labourer.js';
import type { LabourerStatus, RuntimeStatus } from '../../local.js';
import { type OpenProjectOptions, openProjectOn, type ProjectHandle, resolveBackend, withBackendOption } from '../backend.js';
import { jobJson, jobsTable } from '../job-format.js';
import { withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { formatCount, type ProgressRow, renderTable, writeJson, writeLine } from '../output.js';

export interface ProjectFlags {
  readonly config?: string | undefined;
  readonly db?: string | undefined;
  readonly json?: boolean | undefined;
  /** `--backend sqlite|aws` (see cli/backend.ts). */
  readonly backend?: string | undefined;
}

/** The project's tasks on the chosen backend, running nothing: for read and repair verbs. Stop it to close the store. */
export function openProject(flags: ProjectFlags, options: OpenProjectOptions = {}): Promise<ProjectHandle> {
  return openProjectOn(flags, options);
}

const HEALTH_NAMES: readonly string[] = ECO_STATUS_NAMES;

function healthText(health: number): string {
  return `${health} ${HEALTH_NAMES[health] ?? ''}`.trim();
}

function ago(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  return seconds < 172_800 ? `${Math.round(seconds / 3600)}h ago` : `${Math.round(seconds / 86_400)}d ago`;
}

/** The CAP cell: the cap in force of the max, `(pinned)` when an operator's pin is what lowers it. */
export function capText(l: Pick<LabourerStatus, 'cap' | 'control' | 'maxSimultaneousInvocations'>): string {
  const { cap, pinned } = effectiveCap(l);
  return `${cap}/${l.maxSimultaneousInvocations}${pinned ? ' (pinned)' : ''}`;
}

/** A labourer's last decision in words, saying when it comes from a run that has ended. */
function decisionLine(l: LabourerStatus, running: boolean, nowMs: number): string {
  if (l.lastDecision === null) return `  ${l.labourerId}: no decision yet${running ? '' : ' (no runtime is running)'}`;
  const from = l.lastDecision.fromStoppedRun === true ? ', by a run that has ended' : '';
  return `  ${l.labourerId} (${ago(l.lastDecision.at, nowMs)}${from}): ${l.lastDecision.reason}`;
}

/**
 * On AWS nothing runs in this process and no heartbeat file exists: the deployed Orchestrator
 * dispatches, and each of its invocations logs every labourer's last decision.
 */
const AWS_DECISIONS = [
  "  not kept on AWS: each run of the deployed Orchestrator logs every labourer's last decision",
  '  (`lastReason` in its "sosw_orchestrator invocation finished" log line, CloudWatch Logs);',
  '  `sosw run orchestrator --backend aws` runs it once here and prints them.',
];

/** The status as a text table (one row per labourer) plus each last decision in words. */
export function statusTable(status: RuntimeStatus, nowMs: number, backend: 'sqlite' | 'aws' = 'sqlite'): string {
  // The CONTROL column appears only while some labourer is paused, draining, drained or pinned.
  const controlled = status.labourers.some((l) => (l.control?.text ?? '') !== '');
  // The CANCELLED column appears only once some labourer has tasks closed by a job cancel.
  const cancelled = status.labourers.some((l) => l.cancelled > 0);
  const table = renderTable<LabourerStatus>(status.labourers, [
    { header: 'LABOURER', value: (l) => l.labourerId },
    { header: 'HEALTH', value: (l) => healthText(l.health) },
    { header: 'CAP', value: capText, align: 'right' },
    { header: 'RUNNING', value: (l) => l.running },
    { header: 'QUEUED', value: (l) => l.queued },
    { header: 'RETRYING', value: (l) => l.retrying },
    { header: 'EXPIRED', value: (l) => l.expired },
    { header: 'COMPLETED', value: (l) => l.completed + l.reported },
    { header: 'DEAD', value: (l) => l.dead },
    ...(cancelled ? [{ header: 'CANCELLED', value: (l: LabourerStatus) => l.cancelled }] : []),
    ...(controlled
      ? [
          {
            header: 'CONTROL',
            value: (l: LabourerStatus) => (l.control?.pin && l.control.state === 'active' ? 'pinned' : (l.control?.state ?? 'active')),
          },
        ]
      : []),
  ]);
  const aws = backend === 'aws';
  const decisions = aws ? AWS_DECISIONS : status.labourers.map((l) => decisionLine(l, status.running, nowMs));
  const state = aws ? 'on AWS (the deployed Orchestrator dispatches)' : status.running ? 'runtime running' : 'runtime not running';
  const header = `${status.project} - ${status.database} - ${state}`;
  const controls = status.labourers.filter((l) => (l.control?.text ?? '') !== '').map((l) => `  ${l.labourerId}: ${l.control?.text}`);
  const controlLines = controls.length === 0 ? [] : ['', 'Controls:', ...controls];
  const adaptive = status.labourers.flatMap((l) =>
    l.adaptive === undefined ? [] : [`  ${l.labourerId}: target ${l.adaptive.target} (${l.adaptive.reason})`],
  );
  const adaptiveLines = adaptive.length === 0 ? [] : ['', 'Adaptive concurrency:', ...adaptive];
  const notes = status.labourers.flatMap((l) => (l.healthNote === undefined ? [] : [`  ${l.labourerId}: ${l.healthNote}`]));
  const healthLines = notes.length === 0 ? [] : ['', 'Health read now:', ...notes];
  return [header, '', table, ...healthLines, ...controlLines, ...adaptiveLines, '', 'Last decision:', ...decisions].join('\n');
}

/** One progress row per labourer: closed out of all, with health, cap and places. */
export function progressRows(status: RuntimeStatus): ProgressRow[] {
  return status.labourers.map((l) => {
    const done = l.completed + l.dead + l.cancelled;
    const total = l.queued + l.running + l.expired + l.reported + l.retrying + done;
    const cancelled = l.cancelled > 0 ? `, ${formatCount(l.cancelled)} cancelled` : '';
    const places = `${formatCount(l.running)} running, ${formatCount(l.queued)} queued, ${formatCount(l.retrying)} retrying, ${formatCount(l.dead)} dead${cancelled}`;
    return {
      key: l.labourerId,
      label: l.labourerId,
      done,
      total,
      detail: `${places} | health ${l.health} cap ${capText(l)}`,
    };
  });
}

/** Open tasks of a labourer the project's config does not define (renamed or removed). */
export interface UnknownLabourerTasks {
  readonly labourerId: string;
  /** Tasks not closed: queued, running, expired, reported or retrying. */
  readonly open: number;
}

/**
 * Open tasks (live and retry tables) of labourers that are not among `known`, by labourer: nothing
 * dispatches, lists or closes them. SQLite only (`[]` for `:memory:` or a missing file); one read.
 */
export function openTasksOfUnknownLabourers(dbPath: string, known: readonly string[]): UnknownLabourerTasks[] {
  if (dbPath === ':memory:' || !existsSync(dbPath)) return [];
  // A read-only connection that migrates nothing: it never waits for the write lock of a runtime
  // that has this file open in the same process (a WAL reader does not block on a writer).
  const Driver = requireOptional<typeof Database>('better-sqlite3', SQLITE_FEATURE);
  const db = new Driver(dbPath, { readonly: true, fileMustExist: true });
  try {
    const t = resolveTableNames();
    const ids = new Set(known);
    const rows = db
      .prepare(
        `SELECT labourer_id AS labourerId, COUNT(*) AS open FROM (SELECT labourer_id FROM "${t.tasks}" UNION ALL SELECT labourer_id FROM "${t.retryTasks}") GROUP BY labourer_id ORDER BY labourer_id`,
      )
      .all() as UnknownLabourerTasks[];
    return rows.filter((r) => !ids.has(r.labourerId));
  } catch {
    // No task tables yet (a database nothing was scheduled in): nothing is stranded.
    return [];
  } finally {
    db.close();
  }
}

/** The warning `sosw status` (and `sosw dev`) print for {@link openTasksOfUnknownLabourers}, or null when there are none. */
export function unknownLabourersWarning(rows: readonly UnknownLabourerTasks[], configured: readonly string[]): string | null {
  if (rows.length === 0) return null;
  const total = rows.reduce((n, r) => n + r.open, 0);
  const names = rows.map((r) => `${r.labourerId} (${formatCount(r.open)})`).join(', ');
  const known = configured.length === 0 ? 'none' : configured.join(', ');
  return `Warning: the database has ${formatCount(total)} open task${total === 1 ? '' : 's'} of ${rows.length === 1 ? 'a labourer' : 'labourers'} the config does not define: ${names}. Nothing runs, lists or closes them (configured: ${known}). Add the labourer back to the config under its old name (or rename it back), or cancel their jobs with: sosw cancel <job id>.`;
}

/** Jobs still open, shown by status; at most this many. */
export const STATUS_OPEN_JOBS = 10;

/** The newest open jobs (waiting, scheduling, running), or null where the backend keeps no job records. */
async function openJobsOf(project: ProjectHandle): Promise<JobRecord[] | null> {
  try {
    const jobs = await project.jobs();
    return (await jobs.api.list({ states: ['waiting', 'scheduling', 'running'], limit: STATUS_OPEN_JOBS })).jobs;
  } catch (error) {
    if (SoswError.is(error, 'job.notConfigured')) return null;
    throw error;
  }
}

/** The open jobs section of status: one row each, with progress. */
export function openJobsText(jobs: readonly JobRecord[], nowMs: number): string {
  if (jobs.length === 0) return 'Open jobs: none';
  const more = jobs.length >= STATUS_OPEN_JOBS ? ' (newest first; all with: sosw jobs)' : '';
  return `Open jobs${more}:\n${jobsTable(jobs, Math.floor(nowMs / 1000))}`;
}

export function register(program: Command): void {
  const command = program.command('status').description('health, cap and task counts per labourer, with the last dispatch decision');
  withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command)))).action(async (flags: ProjectFlags) => {
    const runtime = await openProject(flags);
    try {
      const live = await runtime.status();
      // The embedded store: a stopped `sosw dev` or a `sosw run orchestrator` left its last decisions in the heartbeat file.
      const status = resolveBackend(flags.backend) === 'sqlite' ? withStoppedRunDecisions(live, readHeartbeat(runtime.dbPath)) : live;
      const jobs = await openJobsOf(runtime);
      const configured = runtime.labourers.map((l) => l.id);
      const unknown = resolveBackend(flags.backend) === 'sqlite' ? openTasksOfUnknownLabourers(runtime.dbPath, configured) : [];
      const warning = unknownLabourersWarning(unknown, configured);
      const { configWarnings } = runtime;
      if (flags.json === true)
        writeJson({
          ...status,
          ...(jobs === null ? {} : { jobs: jobs.map(jobJson) }),
          ...(unknown.length === 0 ? {} : { unknownLabourers: unknown }),
          ...(configWarnings.length === 0 ? {} : { configWarnings }),
        });
      else {
        writeLine(
          `${statusTable(status, Date.now(), resolveBackend(flags.backend))}${jobs === null ? '' : `\n\n${openJobsText(jobs, Date.now())}`}`,
        );
        if (warning !== null) writeLine(`\n${warning}`);
        // The caps above are the ones in force: say when an old own row, not sosw_essential_config, set them.
        for (const w of configWarnings) writeLine(`\nWarning: ${w.message}`);
      }
    } finally {
      await runtime.stop();
    }
  });
}
