/**
 * `sosw cancel <job>`: close the job's queued and retrying tasks as cancelled, let running ones
 * finish without retry, and end the job `cancelled`. Idempotent: cancelling a cancelled job
 * changes nothing and exits 0; a job that already completed or failed is `job.finished`.
 * `sosw cancel --task <id>...`: close those tasks that are queued or retrying as cancelled (their
 * jobs stay as they are; running and closed tasks are left and listed), as the dashboard's bulk cancel.
 */
import type { Command } from 'commander';
import { findTask } from '../../adapters/local/task-listing.js';
import { epochSeconds, systemClock } from '../../core/clock.js';
import { SoswError } from '../../core/errors.js';
import { CANCELLABLE_STATES, canCancelTasks, cancelTasks } from '../../essentials/jobs/cancel-tasks.js';
import { openJobs, withBackendOption } from '../backend.js';
import { closedText, jobJson } from '../job-format.js';
import { withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { plural, writeJson, writeLine } from '../output.js';
import { operatorName } from './controls.js';
import { openProject, type ProjectFlags } from './status.js';

interface CancelFlags extends ProjectFlags {
  readonly by?: string | undefined;
  readonly reason?: string | undefined;
  readonly task?: string[] | undefined;
}

/** `--task`: cancel named tasks where they are queued or in the retry table. */
async function cancelNamedTasks(taskIds: readonly string[], flags: CancelFlags): Promise<void> {
  const project = await openProject(flags);
  try {
    if (!canCancelTasks(project.store)) {
      throw new SoswError('cli.usage', 'This backend cannot cancel single tasks.', { details: { field: 'task' } });
    }
    const by = operatorName(flags.by);
    const now = epochSeconds(systemClock);
    const found = await Promise.all([...new Set(taskIds)].map((id) => findTask(project.store, id, project.labourers, now)));
    const unknown = [...new Set(taskIds)].filter((_, i) => found[i] === null);
    const located = found.flatMap((t) => (t === null ? [] : [t]));
    const targets = located.filter((t) => (CANCELLABLE_STATES as readonly string[]).includes(t.state));
    const extra = flags.reason === undefined ? undefined : { reason: flags.reason };
    const closed = new Set(await cancelTasks({ tasks: project.store, metaLog: project.metaLog, clock: systemClock }, targets, by, extra));
    const skipped = [
      ...located.filter((t) => !closed.has(t.taskId)).map((t) => ({ taskId: t.taskId, state: t.state })),
      ...unknown.map((taskId) => ({ taskId, state: 'unknown' })),
    ];
    if (flags.json === true) {
      writeJson({ cancelled: [...closed], skipped, by });
      return;
    }
    writeLine(`Cancelled ${plural(closed.size, 'queued or retrying task')}; running tasks finish as they would.`);
    for (const s of skipped) writeLine(`  left ${s.taskId}: ${s.state}`);
  } finally {
    await project.stop();
  }
}

async function cancel(jobId: string | undefined, flags: CancelFlags): Promise<void> {
  const tasks = flags.task ?? [];
  if ((jobId === undefined) === (tasks.length === 0)) {
    throw new SoswError('cli.usage', 'Name a job to cancel, or tasks with --task <id> (not both).', { details: { field: 'jobId' } });
  }
  if (jobId === undefined) return cancelNamedTasks(tasks, flags);
  const { project, jobs } = await openJobs(flags);
  try {
    const by = operatorName(flags.by);
    const outcome = await jobs.api.cancel(jobId, by, flags.reason);
    const { job } = outcome;
    const cancelledTasks = outcome.closed.length;
    if (flags.json === true) {
      writeJson({ jobId, alreadyCancelled: outcome.alreadyCancelled, cancelledTasks, by, job: jobJson(job) });
      return;
    }
    if (outcome.alreadyCancelled) {
      writeLine(`Job ${jobId} was already cancelled${job.reason === undefined ? '' : ` (${job.reason})`}; nothing changed.`);
      return;
    }
    writeLine(
      `Cancelled job ${jobId}: closed ${plural(cancelledTasks, 'queued or retrying task')}; running tasks finish and are not retried.`,
    );
    writeLine(`  closed so far ${closedText(job)}`);
  } finally {
    await project.stop();
  }
}

export function register(program: Command): void {
  const command = program
    .command('cancel')
    .description('cancel a job (or --task tasks): queued and retrying tasks close as cancelled, running ones finish without retry')
    .argument('[jobId]', 'the job to cancel')
    .option('--task <id...>', 'cancel these tasks instead of a job (those queued or retrying; others are left and listed)')
    .option('--by <name>', 'who cancels, for the audit trail (default: the OS user)')
    .option('--reason <text>', 'why, kept on the job record and in the audit trail');
  withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command)))).action(
    (jobId: string | undefined, flags: CancelFlags) => cancel(jobId, flags),
  );
}
