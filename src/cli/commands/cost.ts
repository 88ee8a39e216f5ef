/**
 * `sosw cost`: the expected DynamoDB requests, billable units and monthly AWS bill (DynamoDB
 * on-demand, Lambda invocations of the workers and the essentials) of a project for a number of
 * tasks a month, from the capacity model in core/cost. Reads the project's labourers; no AWS call.
 */
import type { Command } from 'commander';
import type { CostEstimate } from '../../core/cost/estimate.js';
import { SoswError } from '../../core/errors.js';
import { withConfigOption, withJsonOption } from '../options.js';

/** Room left in DynamoDB's 400 KB item for a payload once a task's other attributes and result are in. */
const MAX_PAYLOAD_BYTES = 400_000;

interface CostFlags {
  readonly tasks: string;
  readonly config?: string;
  readonly json: boolean;
  readonly payloadBytes?: string;
  readonly workerSeconds?: string;
  readonly workerMemory?: string;
  readonly tasksPerJob?: string;
  readonly days?: string;
}

/** A flag's number within [min, max], or a `cli.usage` error naming the flag, the range and why. */
function numberFlag(
  name: string,
  raw: string | undefined,
  range: { readonly integer: boolean; readonly min: number; readonly max?: number; readonly above?: boolean; readonly why?: string },
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw.replace(/_/g, ''));
  const { integer, min, max } = range;
  const belowMin = range.above === true ? value <= min : value < min;
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    belowMin ||
    (max !== undefined && value > max) ||
    (integer && !Number.isInteger(value))
  ) {
    const bounds = `${range.above === true ? '>' : '>='} ${min}${max === undefined ? '' : ` and <= ${max}`}`;
    throw new SoswError(
      'cli.usage',
      `Invalid --${name}: expected ${integer ? 'an integer' : 'a number'} ${bounds}${range.why === undefined ? '' : ` (${range.why})`}, received '${raw}'.`,
      { details: { field: name, received: raw, min, ...(max === undefined ? {} : { max }) } },
    );
  }
  return value;
}

/** Run the command; returns the text it printed (for tests). */
export async function runCost(flags: CostFlags, cwd: string = process.cwd()): Promise<string> {
  const { estimateMonthlyCost } = await import('../../core/cost/estimate.js');
  const { resolveCliProject } = await import('../project-config.js');
  const tasks = numberFlag('tasks', flags.tasks, { integer: true, min: 0 }) ?? 0;
  const project = await resolveCliProject({ config: flags.config, cwd }, { required: false });
  const labourers = project === null ? ['worker'] : Object.keys(project.config.labourers);
  const estimate = estimateMonthlyCost({
    tasks,
    labourers,
    payloadBytes: numberFlag('payload-bytes', flags.payloadBytes, {
      integer: true,
      min: 2,
      max: MAX_PAYLOAD_BYTES,
      why: 'a task item, payload included, must fit in a 400 KB DynamoDB item',
    }),
    workerSeconds: numberFlag('worker-seconds', flags.workerSeconds, {
      integer: false,
      min: 0,
      max: 900,
      above: true,
      why: "Lambda's 15-minute limit",
    }),
    workerMemoryMb: numberFlag('worker-memory', flags.workerMemory, { integer: true, min: 128, max: 10_240, why: "Lambda's memory range" }),
    tasksPerJob: numberFlag('tasks-per-job', flags.tasksPerJob, { integer: true, min: 1 }),
    days: numberFlag('days', flags.days, { integer: false, min: 0, max: 31, above: true, why: 'days in a month' }),
  });
  if (flags.json) return `${JSON.stringify({ project: project?.path ?? null, labourers, ...estimate }, null, 2)}\n`;
  return renderEstimate(estimate, labourers, project?.path ?? null);
}

const usd = (n: number): string => `$${n < 10 ? n.toFixed(4) : n.toFixed(2)}`;
const count = (n: number): string => Math.round(n).toLocaleString('en-US');
/** `1 invocation`, `43,200 invocations`. */
const counted = (n: number, word: string): string => `${count(n)} ${Math.round(n) === 1 ? word : `${word}s`}`;

function renderEstimate(e: CostEstimate, labourers: readonly string[], path: string | null): string {
  const lines = [
    `${counted(e.tasks, 'task')} in ${e.days} days, ${counted(labourers.length, 'labourer')} (${path ?? 'no sosw.config found: one labourer assumed'})`,
    '',
    `DynamoDB (on-demand)   ${count(e.dynamodb.requests)} requests, ${count(e.dynamodb.writeUnits)} write units, ${count(e.dynamodb.readUnits)} read units: ${usd(e.dynamodb.dollars)}`,
  ];
  for (const [name, line] of Object.entries(e.lambda)) {
    if (typeof line === 'number') continue;
    lines.push(`Lambda ${name.padEnd(17)}${counted(line.invocations, 'invocation')}, ${count(line.gbSeconds)} GB-s: ${usd(line.dollars)}`);
  }
  lines.push('', `Total ${usd(e.dollars)} a month`);
  if (e.dollarsPerMillionTasks !== null) lines.push(`Per million tasks (without the fixed schedules): ${usd(e.dollarsPerMillionTasks)}`);
  lines.push('', 'Assumptions:', ...e.assumptions.map((a) => `  - ${a}`));
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const command = program
    .command('cost')
    .description('estimate the monthly AWS cost (DynamoDB on-demand units, Lambda invocations) of a number of tasks')
    .requiredOption('--tasks <n>', 'tasks per month')
    .option('--payload-bytes <n>', 'bytes of a typical task payload (default 50)')
    .option('--worker-seconds <s>', 'average run time of a worker invocation in seconds (default 1)')
    .option('--worker-memory <mb>', 'memory of a worker function in MB (default 128)')
    .option('--tasks-per-job <n>', 'tasks per scheduled job, one Scheduler invocation each (default: one job)')
    .option('--days <n>', 'days in the month (the essentials run every minute; default 30)');
  withJsonOption(withConfigOption(command)).action(async (flags: CostFlags) => {
    process.stdout.write(await runCost(flags));
  });
}
