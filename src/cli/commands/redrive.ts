/**
 * `sosw redrive`: put dead tasks back at the end of their labourer's queue with their attempts
 * reset, by id or in bulk (`--all`, `--labourer`, `--job`, `--since` / `--until`), with `--dry-run`. Requeued,
 * never invoked directly: the labourer's own cap, rate and key caps pace them. Each gets a `redriven` audit row.
 */
import type { Command } from 'commander';
import { epochSeconds, epochSecondsFloat, systemClock } from '../../core/clock.js';
import { SoswError } from '../../core/errors.js';
import { parseNotBefore } from '../../core/flow/placement.js';
import { type RedriveFilter, selectRedrive } from '../../core/flow/redrive-filter.js';
import { findTask } from '../../local.js';
import { type ProjectHandle, withBackendOption } from '../backend.js';
import { withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { writeJson, writeLine } from '../output.js';
import { openProject, type ProjectFlags } from './status.js';
import { labourerById } from './tasks.js';

interface RedriveFlags extends ProjectFlags {
  readonly labourer?: string | undefined;
  readonly all?: boolean | undefined;
  readonly job?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly dryRun?: boolean | undefined;
}

/** `--since` / `--until`: an ISO time, epoch seconds, or a delay back from now (`2h` = two hours ago). */
function windowBound(value: string | undefined, field: string, nowSeconds: number): number | undefined {
  if (value === undefined) return undefined;
  const ago = /^\d+(\.\d+)?\s*[smhd]$/.test(value.trim());
  try {
    return ago ? 2 * nowSeconds - (parseNotBefore(value, nowSeconds, field) as number) : parseNotBefore(value, nowSeconds, field);
  } catch (error) {
    throw new SoswError(
      'cli.usage',
      `--${field} must be an ISO time with a zone, epoch seconds or a duration back from now such as 2h; got ${JSON.stringify(value)}.`,
      {
        details: { field },
        cause: error,
      },
    );
  }
}

/** Largest number of dead tasks one `--all` redrives per labourer. */
const ALL_LIMIT = 100_000;

/**
 * Every id named on the command line must be a dead or a cancelled task (naming a cancelled task
 * undoes its cancel, as the dashboard's per-task button does; bulk selections leave cancelled tasks
 * alone): an unknown id is `task.notFound`, any other state `task.notDead`, and then nothing is
 * redriven (exit 1).
 */
async function checkRedrivable(project: ProjectHandle, taskIds: readonly string[]): Promise<void> {
  const now = epochSeconds(systemClock);
  const unknown: string[] = [];
  const notDead: Array<{ taskId: string; state: string }> = [];
  for (const taskId of taskIds) {
    const task = await findTask(project.store, taskId, project.labourers, now);
    if (task === null) unknown.push(taskId);
    else if (task.state !== 'dead' && task.state !== 'cancelled') notDead.push({ taskId, state: task.state });
  }
  if (unknown.length > 0)
    throw new SoswError(
      'task.notFound',
      `No task ${unknown.join(', ')} in ${project.dbPath}; nothing was redriven. List dead tasks with: sosw tasks --state dead.`,
      { details: { taskIds: unknown } },
    );
  if (notDead.length > 0)
    throw new SoswError(
      'task.notDead',
      `Only dead (or cancelled) tasks can be redriven; ${notDead.map((t) => `${t.taskId} is ${t.state}`).join(', ')}. Nothing was redriven. List dead tasks with: sosw tasks --state dead.`,
      { details: { tasks: notDead } },
    );
}

/**
 * `--job <id>` that selected nothing: when the backend keeps job records and has none of that id,
 * it is a typo, `job.notFound` (a job whose record is gone but whose dead tasks remain still matches).
 */
async function checkJobKnown(project: ProjectHandle, jobId: string): Promise<void> {
  let known: boolean;
  try {
    known = (await (await project.jobs()).store.getMany([jobId])).length > 0;
  } catch (error) {
    if (SoswError.is(error, 'job.notConfigured')) return;
    throw error;
  }
  if (!known)
    throw new SoswError('job.notFound', `No job ${jobId} in ${project.dbPath}; nothing was redriven. Check the id with: sosw jobs.`, {
      details: { field: 'job', jobId },
    });
}

/** `--since` after (or at) `--until` selects nothing: refused rather than answered with 0. */
function checkWindow(filter: RedriveFilter, flags: RedriveFlags): void {
  if (filter.since === undefined || filter.until === undefined || filter.since < filter.until) return;
  throw new SoswError(
    'cli.usage',
    `--since ${flags.since} is not before --until ${flags.until}: the window is empty. --since is the earlier bound (tasks closed at or after it), --until the later (closed before it); e.g. --since 5h --until 2h.`,
    { details: { field: 'since', since: filter.since, until: filter.until } },
  );
}

function withoutUndefined(filter: RedriveFilter): Record<string, string | number> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
}

export function register(program: Command): void {
  const command = program
    .command('redrive')
    .description('put dead tasks back in the queue (attempts reset to 0)')
    .argument('[taskIds...]', 'ids of dead tasks (a cancelled task named by id is requeued too, undoing its cancel)')
    .option('--all', 'every dead task (of --labourer, or of every labourer)')
    .option('--labourer <id>', 'only this labourer (implies --all when no ids are named)')
    .option('--job <id>', 'only dead tasks of this job (implies --all)')
    .option('--since <time>', 'only tasks closed since then: ISO time, epoch seconds or e.g. 2h ago (implies --all)')
    .option('--until <time>', 'only tasks closed before then (implies --all)')
    .option('--dry-run', 'count and list what would be redriven; change nothing');
  withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command)))).action(
    async (taskIds: string[], flags: RedriveFlags) => {
      const filter: RedriveFilter = {
        jobId: flags.job,
        since: windowBound(flags.since, 'since', epochSeconds(systemClock)),
        until: windowBound(flags.until, 'until', epochSeconds(systemClock)),
      };
      const bulk =
        flags.all === true || (taskIds.length === 0 && (flags.labourer ?? flags.job ?? flags.since ?? flags.until) !== undefined);
      if (taskIds.length === 0 && !bulk) {
        throw new SoswError(
          'cli.usage',
          'Name dead task ids, or select dead tasks in bulk with --all or a filter (--labourer, --job, --since, --until); list them with: sosw tasks --state dead.',
          { details: { field: 'taskIds' } },
        );
      }
      checkWindow(filter, flags);
      const runtime = await openProject(flags);
      try {
        // An id named twice, or named and also selected by --all, is redriven (and counted) once.
        const named = [...new Set(taskIds)];
        await checkRedrivable(runtime, named);
        const ids = new Set(named);
        if (bulk) {
          const labourers = flags.labourer === undefined ? runtime.labourers : [labourerById(runtime.labourers, flags.labourer)];
          const selected: string[] = [];
          for (const labourer of labourers)
            selected.push(...selectRedrive(await runtime.store.recentClosed(labourer.id, false, ALL_LIMIT), filter).map((t) => t.taskId));
          if (selected.length === 0 && flags.job !== undefined) await checkJobKnown(runtime, flags.job);
          for (const id of selected) ids.add(id);
        }
        if (flags.dryRun === true) {
          const would = [...ids];
          if (flags.json === true) writeJson({ dryRun: true, wouldRedrive: would });
          else {
            writeLine(`Would redrive ${would.length} dead task${would.length === 1 ? '' : 's'} (dry run: nothing changed).`);
            for (const id of would.slice(0, 50)) writeLine(`  ${id}`);
            if (would.length > 50) writeLine(`  ... and ${would.length - 50} more`);
          }
          return;
        }
        const redriven: Array<{ taskId: string; labourerId: string }> = [];
        const skipped: string[] = [];
        for (const taskId of ids) {
          const task = await runtime.store.redrive(taskId);
          if (task === null) skipped.push(taskId);
          else redriven.push({ taskId, labourerId: task.labourerId });
        }
        await runtime.metaLog.write(
          redriven.map((t) => ({
            taskId: t.taskId,
            labourerId: t.labourerId,
            createdAt: epochSecondsFloat(systemClock),
            action: 'redriven' as const,
            author: 'sosw_cli',
            ...(bulk
              ? {
                  extra: { bulk: true, ...withoutUndefined(filter), ...(flags.labourer === undefined ? {} : { labourer: flags.labourer }) },
                }
              : {}),
          })),
        );
        if (flags.json === true) writeJson({ redriven, skipped });
        else {
          writeLine(`Redrove ${redriven.length} dead task${redriven.length === 1 ? '' : 's'} back to the queue.`);
          if (skipped.length > 0) writeLine(`Not dead (left alone): ${skipped.join(', ')}`);
        }
      } finally {
        await runtime.stop();
      }
    },
  );
}
