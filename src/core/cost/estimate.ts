/**
 * `sosw cost`: what a month of a project costs on AWS on-demand, from the capacity model. DynamoDB
 * units per task come from sosw's call mix (`call-mix.ts`); the essentials' own runs (Orchestrator and
 * Scavenger on their every-minute schedules, reading each labourer's queue) are a fixed monthly part.
 * Lambda run times are assumptions, listed in the result, that the caller can override.
 */

import { sampleItems, soswCallMix, summariseMix } from './call-mix.js';
import { requestUnits, type Units } from './capacity.js';
import { dynamoItemBytes } from './item-size.js';
import { dynamoDollars, ON_DEMAND_PRICES, type Prices } from './pricing.js';

export interface CostEstimateOptions {
  /** Tasks per month. */
  readonly tasks: number;
  /** Labourer ids (each adds its queue reads to every scheduled essential run). */
  readonly labourers: readonly string[];
  /** Bytes of a typical task payload (JSON text). @defaultValue 50 */
  readonly payloadBytes?: number;
  /** Average run time of a worker invocation, seconds. @defaultValue 1 */
  readonly workerSeconds?: number;
  /** Memory of a worker function, MB. @defaultValue 128 */
  readonly workerMemoryMb?: number;
  /** Tasks per scheduled job (one Scheduler invocation each). @defaultValue all tasks in one job */
  readonly tasksPerJob?: number;
  /** Days in the month (scheduled essentials run every minute). @defaultValue 30 */
  readonly days?: number;
  readonly prices?: Prices;
}

export interface LambdaLine {
  readonly invocations: number;
  readonly gbSeconds: number;
  readonly dollars: number;
}

export interface CostEstimate {
  readonly tasks: number;
  readonly days: number;
  readonly dynamodb: {
    readonly requests: number;
    readonly writeUnits: number;
    readonly readUnits: number;
    readonly dollars: number;
    /** Of which the scheduled essentials' own reads, whatever the task count. */
    readonly scheduledReadUnits: number;
  };
  readonly lambda: Readonly<Record<'workers' | 'worker_assistant' | 'orchestrator' | 'scavenger' | 'scheduler', LambdaLine>> & {
    readonly dollars: number;
  };
  readonly dollars: number;
  readonly dollarsPerMillionTasks: number | null;
  readonly assumptions: readonly string[];
}

/** Essentials' run times and memory (the CDK construct's memory defaults). */
const ESSENTIAL_RUNS = Object.freeze({
  orchestrator: { memoryMb: 256, seconds: 0.5 },
  scavenger: { memoryMb: 256, seconds: 0.5 },
  worker_assistant: { memoryMb: 256, seconds: 0.02 },
  scheduler: { memoryMb: 1024, secondsPerTask: 0.000_5, seconds: 0.2 },
});
/** Queries per labourer per scheduled run: Orchestrator (running count, head of queue), Scavenger (completed, expired, running, due retries). */
const QUERIES_PER_RUN = Object.freeze({ orchestrator: 2, scavenger: 4 });

type Architecture = 'x86' | 'arm64';

function lambda(invocations: number, seconds: number, memoryMb: number, prices: Prices, architecture: Architecture): LambdaLine {
  const gbSeconds = invocations * seconds * (memoryMb / 1024);
  const perGbSecond = architecture === 'arm64' ? (prices.lambdaGbSecondArm ?? prices.lambdaGbSecond * 0.8) : prices.lambdaGbSecond;
  return { invocations, gbSeconds, dollars: invocations * prices.lambdaRequest + gbSeconds * perGbSecond };
}

/**
 * @example
 * estimateMonthlyCost({ tasks: 1_000_000, labourers: ['prices'] }).dollars;
 */
export function estimateMonthlyCost(options: CostEstimateOptions): CostEstimate {
  const prices = options.prices ?? ON_DEMAND_PRICES;
  const days = options.days ?? 30;
  const tasks = options.tasks;
  const payload = `{"p":"${'x'.repeat(Math.max(0, (options.payloadBytes ?? 50) - 8))}"}`;
  const perTask = summariseMix(soswCallMix({ payload }));
  const runs = days * 24 * 60;
  // An idle query reads nothing but bills the minimum: half a read unit (eventually consistent).
  const idleQuery = requestUnits({ kind: 'query', bytesRead: 0, consistency: 'eventual' }).read;
  const configRead = requestUnits({ kind: 'get', itemBytes: 2048, consistency: 'eventual' }).read;
  const scheduledQueries = runs * options.labourers.length * (QUERIES_PER_RUN.orchestrator + QUERIES_PER_RUN.scavenger);
  const scheduledReadUnits = scheduledQueries * idleQuery + 2 * runs * configRead;
  const units: Units = { write: perTask.units.write * tasks, read: perTask.units.read * tasks + scheduledReadUnits };
  const dynamo = {
    requests: perTask.requests * tasks + scheduledQueries + 2 * runs,
    writeUnits: units.write,
    readUnits: units.read,
    dollars: dynamoDollars(units, prices),
    scheduledReadUnits,
  };
  const jobs = tasks === 0 ? 0 : Math.ceil(tasks / Math.max(1, options.tasksPerJob ?? tasks));
  const lines = {
    workers: lambda(tasks, options.workerSeconds ?? 1, options.workerMemoryMb ?? 128, prices, 'x86'),
    worker_assistant: lambda(tasks, ESSENTIAL_RUNS.worker_assistant.seconds, ESSENTIAL_RUNS.worker_assistant.memoryMb, prices, 'arm64'),
    orchestrator: lambda(runs, ESSENTIAL_RUNS.orchestrator.seconds, ESSENTIAL_RUNS.orchestrator.memoryMb, prices, 'arm64'),
    scavenger: lambda(runs, ESSENTIAL_RUNS.scavenger.seconds, ESSENTIAL_RUNS.scavenger.memoryMb, prices, 'arm64'),
    scheduler: lambda(
      jobs,
      jobs === 0 ? 0 : ESSENTIAL_RUNS.scheduler.seconds + (ESSENTIAL_RUNS.scheduler.secondsPerTask * tasks) / jobs,
      ESSENTIAL_RUNS.scheduler.memoryMb,
      prices,
      'arm64',
    ),
  };
  const lambdaDollars = Object.values(lines).reduce((n, l) => n + l.dollars, 0);
  const dollars = dynamo.dollars + lambdaDollars;
  return {
    tasks,
    days,
    dynamodb: dynamo,
    lambda: { ...lines, dollars: lambdaDollars },
    dollars,
    dollarsPerMillionTasks: tasks === 0 ? null : ((dollars - fixedDollars(lines, scheduledReadUnits, prices)) * 1e6) / tasks,
    assumptions: [
      'on-demand prices of US East (N. Virginia), standard table class; the essentials on arm64 Lambda (the construct default), the workers on x86',
      'every task completes on its first attempt (retries add a claim, a report and a retry move each)',
      payloadAssumption(options.payloadBytes ?? 50, largestItemBytes(payload)),
      'Orchestrator and Scavenger run once a minute (the CDK schedules), 0.5 s at 256 MB; WorkerAssistant 20 ms at 256 MB per report',
      'the Scheduler writes 2,000 tasks per second at 1,024 MB',
      'storage, data transfer, CloudWatch, SNS and S3 are not included',
    ],
  };
}

/** The largest item a task writes (the closed copy carries the task and its result). */
function largestItemBytes(payload: string): number {
  return Math.max(...Object.values(sampleItems({ payload })).map((item) => dynamoItemBytes(item)));
}

/** What the payload size means for the bill: the minimum per write while the task item stays under 1 KB. */
function payloadAssumption(payloadBytes: number, largestItemBytes: number): string {
  const kib = Math.ceil(largestItemBytes / 1024);
  return largestItemBytes <= 1024
    ? `items of a ${payloadBytes}-byte payload (task items under 1 KB: every write bills its minimum)`
    : `items of a ${payloadBytes}-byte payload (task items up to ${kib} KB: a write bills 1 unit per KB, ${kib} for the largest)`;
}

/** The part of the month's bill that does not depend on the task count (the schedules). */
function fixedDollars(lines: Record<'orchestrator' | 'scavenger', LambdaLine>, scheduledReadUnits: number, prices: Prices): number {
  return lines.orchestrator.dollars + lines.scavenger.dollars + scheduledReadUnits * prices.readUnit;
}
