/**
 * `sosw cancel <job>`: close the job's queued and retrying tasks as cancelled, let running ones
 * finish without retry, and end the job `cancelled`. Idempotent: cancelling a cancelled job
 * changes nothing and exits 0; a job that already completed or failed is `job.finished`.
 */
import type { Command } from 'commander';
import { openJobs, withBackendOption } from '../backend.js';
import { closedText, jobJson } from '../job-format.js';
import { withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { plural, writeJson, writeLine } from '../output.js';
import { operatorName } from './controls.js';
import type { ProjectFlags } from './status.js';

interface CancelFlags extends ProjectFlags {
  readonly by?: string | undefined;
  readonly reason?: string | undefined;
}

async function cancel(jobId: string, flags: CancelFlags): Promise<void> {
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
    .description('cancel a job: queued and retrying tasks close as cancelled, running ones finish without retry')
    .argument('<jobId>', 'the job to cancel')
    .option('--by <name>', 'who cancels, for the audit trail (default: the OS user)')
    .option('--reason <text>', 'why, kept on the job record and in the audit trail');
  withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command)))).action((jobId: string, flags: CancelFlags) =>
    cancel(jobId, flags),
  );
}
