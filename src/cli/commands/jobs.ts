/**
 * `sosw jobs`: the job records, newest first, with a progress bar each; `sosw jobs <id>`: one job
 * with its counters, timeline, tasks by place (counted now) and chain; `sosw jobs repair <id>`:
 * recount the job's tasks and fix its counters.
 */
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { SoswError } from '../../core/errors.js';
import { JOB_STATES, type JobState } from '../../core/job/job.js';
import { openJobs, withBackendOption } from '../backend.js';
import { countersChange, formatAge, jobDetailText, jobJson, jobsTable } from '../job-format.js';
import { jobDetail } from '../jobs-access.js';
import { withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { writeJson, writeLine } from '../output.js';
import { schedulerDocumentError } from '../project-config.js';
import type { ProjectFlags } from './status.js';
import { labourerById } from './tasks.js';

interface JobsFlags extends ProjectFlags {
  readonly state?: string | undefined;
  readonly labourer?: string | undefined;
  readonly limit: string;
  readonly cursor?: string | undefined;
}

/** `--state running,failed`: states of JOB_STATES, comma-separated. */
export function parseJobStates(text: string | undefined): readonly JobState[] | undefined {
  if (text === undefined) return undefined;
  const states = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = states.find((s) => !(JOB_STATES as readonly string[]).includes(s));
  if (bad !== undefined || states.length === 0)
    throw new SoswError(
      'cli.usage',
      `--state must be one or more of ${JOB_STATES.join(', ')} (comma-separated); got ${JSON.stringify(text)}.`,
      {
        details: { field: 'state', received: text },
      },
    );
  return states as JobState[];
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new SoswError('cli.usage', `--limit must be a whole number from 1 to 1000, got ${JSON.stringify(text)}.`, {
      details: { field: 'limit', received: text },
    });
  return n;
}

const nowSeconds = (): number => Math.floor(systemClock.now() / 1000);

/** The project's jobs; a Scheduler document given as --config is explained, not reported as a bad project config. */
async function open(flags: ProjectFlags, verb: string): Promise<Awaited<ReturnType<typeof openJobs>>> {
  try {
    return await openJobs(flags);
  } catch (error) {
    throw schedulerDocumentError(error, flags.config, verb);
  }
}

async function listJobs(flags: JobsFlags): Promise<void> {
  const states = parseJobStates(flags.state);
  const limit = parseLimit(flags.limit);
  const { project, jobs } = await open(flags, 'sosw jobs');
  try {
    if (flags.labourer !== undefined) labourerById(project.labourers, flags.labourer);
    const page = await jobs.api.list({ states, labourerId: flags.labourer, limit, cursor: flags.cursor });
    if (flags.json === true) {
      writeJson({ jobs: page.jobs.map(jobJson), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) });
      return;
    }
    if (page.jobs.length === 0) writeLine(flags.cursor === undefined ? 'No jobs match.' : 'No more jobs.');
    else writeLine(jobsTable(page.jobs, nowSeconds()));
    if (page.cursor !== undefined) writeLine(`\nMore jobs: add --cursor ${page.cursor}`);
  } finally {
    await project.stop();
  }
}

async function showJob(jobId: string, flags: JobsFlags): Promise<void> {
  const { project, jobs } = await open(flags, 'sosw jobs');
  try {
    const detail = await jobDetail(jobs, jobId);
    if (flags.json === true) writeJson({ ...detail, job: jobJson(detail.job) });
    else writeLine(jobDetailText(detail, nowSeconds()));
  } finally {
    await project.stop();
  }
}

async function repairJob(jobId: string, flags: ProjectFlags): Promise<void> {
  const { project, jobs } = await open(flags, 'sosw jobs repair');
  try {
    const { before, job, changed } = await jobs.api.repair(jobId);
    const after = { completed: job.completed, dead: job.dead, cancelled: job.cancelled };
    if (flags.json === true) {
      writeJson({ jobId, changed, before, after, job: jobJson(job) });
      return;
    }
    writeLine(`Job ${jobId}: ${changed ? 'counters fixed' : 'counters already equal a recount'}.`);
    writeLine(`  ${countersChange(before, after)}`);
    writeLine(`  state ${job.state}, created ${formatAge(job.createdAt, nowSeconds())} ago`);
  } finally {
    await project.stop();
  }
}

export function register(program: Command): void {
  const command = program
    .command('jobs')
    .description('list jobs with their progress, or show one job: counters, timeline, tasks by place, chain')
    .argument('[jobId]', 'show this job')
    .option('--state <states>', `only jobs in these states (comma-separated): ${JOB_STATES.join(', ')}`)
    .option('--labourer <id>', 'only jobs of this labourer')
    .option('--limit <n>', 'at most this many jobs', '20')
    .option('--cursor <cursor>', 'the next page, as printed by the previous one');
  withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command)))).action(
    async (jobId: string | undefined, flags: JobsFlags) => {
      if (jobId === undefined) await listJobs(flags);
      else await showJob(jobId, flags);
    },
  );
  // The subcommand reads the options of `sosw jobs` (commander hands them to the parent wherever they are).
  command
    .command('repair')
    .description("recount a job's tasks and fix its counters; prints before and after (takes the options of sosw jobs)")
    .argument('<jobId>')
    .action((jobId: string) => repairJob(jobId, command.opts<ProjectFlags>()));
}
