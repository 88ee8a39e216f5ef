/**
 * `sosw redrive`: put dead tasks back at the end of their labourer's queue with their attempts
 * reset, by id or all of them (`--all`, optionally for one `--labourer`).
 */
import type { Command } from 'commander';
import { epochSeconds, epochSecondsFloat, systemClock } from '../../core/clock.js';
import { SoswError } from '../../core/errors.js';
import { findTask } from '../../local.js';
import { type ProjectHandle, withBackendOption } from '../backend.js';
import { withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { writeJson, writeLine } from '../output.js';
import { openProject, type ProjectFlags } from './status.js';
import { labourerById } from './tasks.js';

interface RedriveFlags extends ProjectFlags {
  readonly labourer?: string | undefined;
  readonly all?: boolean | undefined;
}

/** Largest number of dead tasks one `--all` redrives per labourer. */
const ALL_LIMIT = 100_000;

/**
 * Every id named on the command line must be a dead task: an unknown id is `task.notFound`, a task
 * that is not dead `task.notDead`, and then nothing is redriven (exit 1).
 */
async function checkRedrivable(project: ProjectHandle, taskIds: readonly string[]): Promise<void> {
  const now = epochSeconds(systemClock);
  const unknown: string[] = [];
  const notDead: Array<{ taskId: string; state: string }> = [];
  for (const taskId of taskIds) {
    const task = await findTask(project.store, taskId, project.labourers, now);
    if (task === null) unknown.push(taskId);
    else if (task.state !== 'dead') notDead.push({ taskId, state: task.state });
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
      `Only dead tasks can be redriven; ${notDead.map((t) => `${t.taskId} is ${t.state}`).join(', ')}. Nothing was redriven. List dead tasks with: sosw tasks --state dead.`,
      { details: { tasks: notDead } },
    );
}

export function register(program: Command): void {
  const command = program
    .command('redrive')
    .description('put dead tasks back in the queue (attempts reset to 0)')
    .argument('[taskIds...]', 'ids of dead tasks')
    .option('--all', 'every dead task (of --labourer, or of every labourer)')
    .option('--labourer <id>', 'with --all: only this labourer');
  withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command)))).action(
    async (taskIds: string[], flags: RedriveFlags) => {
      if (taskIds.length === 0 && flags.all !== true) {
        throw new SoswError('cli.usage', 'Name dead task ids, or pass --all (list them with: sosw tasks --state dead).', {
          details: { field: 'taskIds' },
        });
      }
      const runtime = await openProject(flags);
      try {
        await checkRedrivable(runtime, taskIds);
        const ids = [...taskIds];
        if (flags.all === true) {
          const labourers = flags.labourer === undefined ? runtime.labourers : [labourerById(runtime.labourers, flags.labourer)];
          for (const labourer of labourers)
            ids.push(...(await runtime.store.recentClosed(labourer.id, false, ALL_LIMIT)).map((t) => t.taskId));
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
