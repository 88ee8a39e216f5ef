/**
 * `sosw run <scheduler|orchestrator|scavenger|worker-assistant> [--event <json|file>]`: one
 * invocation of an essential against the chosen backend, through the same handler its Lambda runs
 * (so operators can act by hand and scripts can drive the system). Prints the handler's result as JSON.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { heartbeatOf } from '../../adapters/local/runtime-status.js';
import { isHeartbeatLive, readHeartbeat, writeHeartbeat } from '../../adapters/local/status-file.js';
import { SoswError } from '../../core/errors.js';
import type { EssentialContext, EssentialHandler } from '../../essentials/essential-handler.js';
import { createOrchestratorHandler } from '../../essentials/orchestrator/handler.js';
import { createScavengerHandler } from '../../essentials/scavenger/handler.js';
import { createSchedulerHandler } from '../../essentials/scheduler/handler.js';
import { createWorkerAssistantHandler } from '../../essentials/worker-assistant/handler.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../local.js';
import { type BackendFlags, openAwsEssentials, resolveBackend, withBackendOption } from '../backend.js';
import { noteDatabase } from '../new-databases.js';
import { projectDbPath, withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { createCliLogger, writeLine } from '../output.js';

export const RUNNABLE = ['scheduler', 'orchestrator', 'scavenger', 'worker-assistant'] as const;
type Runnable = (typeof RUNNABLE)[number];

/** Seconds an invocation may take unless --timeout says otherwise (the deployment's function timeouts). */
const DEFAULT_TIMEOUTS: Readonly<Record<Runnable, number>> = { scheduler: 900, orchestrator: 60, scavenger: 60, 'worker-assistant': 30 };

interface RunFlags extends BackendFlags {
  readonly event?: string | undefined;
  readonly timeout?: string | undefined;
  readonly json?: boolean | undefined;
  readonly verbose?: boolean | undefined;
}

/** `--event`: inline JSON, `-` for stdin, or a file. Without it: a scheduled event (`{}` for the assistant is an error). */
export function readEvent(text: string | undefined, essential: Runnable): unknown {
  if (text === undefined) {
    if (essential === 'worker-assistant')
      throw new SoswError('cli.usage', 'worker-assistant needs --event with a worker report.', { details: { field: 'event' } });
    return { 'detail-type': 'Scheduled Event', source: 'sosw.cli' };
  }
  const trimmed = text.trim();
  let source = trimmed;
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[') && !trimmed.startsWith('"')) {
    try {
      source = readFileSync(trimmed === '-' ? 0 : trimmed, 'utf8');
    } catch (cause) {
      throw new SoswError('cli.usage', `--event is neither JSON nor a readable file: ${(cause as Error).message}.`, {
        details: { field: 'event' },
        cause,
      });
    }
  }
  try {
    return JSON.parse(source);
  } catch (cause) {
    throw new SoswError('event.invalid', `--event is not valid JSON: ${(cause as Error).message}.`, { details: { field: 'event' }, cause });
  }
}

/**
 * The log stream a CLI invocation names in its audit rows (a Lambda's has the same shape:
 * `YYYY/MM/DD/[$LATEST]<id>`), so readers that expect `log_stream_name` find one.
 */
export function cliLogStreamName(requestId: string, now: Date = new Date()): string {
  return `${now.toISOString().slice(0, 10).replaceAll('-', '/')}/[cli]${requestId.replaceAll('-', '')}`;
}

function parseTimeout(text: string | undefined, essential: Runnable): number {
  if (text === undefined) return DEFAULT_TIMEOUTS[essential];
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new SoswError('cli.usage', `--timeout must be a positive number of seconds, got ${JSON.stringify(text)}.`, {
      details: { field: 'timeout' },
    });
  return n;
}

/** Engines by essential, for either backend. */
interface Engines {
  handler(essential: Runnable): EssentialHandler<unknown>;
  /** Wait for in-process work the invocation started (embedded workers), then close. */
  finish(succeeded: boolean): Promise<void>;
}

async function openEngines(flags: RunFlags, essential: Runnable): Promise<Engines> {
  const logger = createCliLogger(flags.verbose === true ? 'info' : 'warn');
  if (resolveBackend(flags.backend) === 'aws') {
    const aws = await openAwsEssentials(flags, logger);
    const wrap =
      <E>(build: () => Promise<E>) =>
      async () => ({ engine: await build(), clock: aws.clock, logger, callerReportsFailures: true });
    return {
      handler: (name) =>
        byName(name, {
          scheduler: wrap(aws.scheduler),
          orchestrator: wrap(aws.orchestrator),
          scavenger: wrap(aws.scavenger),
          assistant: wrap(aws.workerAssistant),
        }),
      finish: () => aws.close(),
    };
  }
  const runtime = await createEmbeddedRuntime({
    configPath: flags.config,
    dbPath: projectDbPath(flags.db),
    loadHandlers: essential === 'orchestrator',
    heartbeat: false,
    logger,
    onOpenDatabase: noteDatabase,
  });
  const wrap =
    <E>(engine: E) =>
    () => ({ engine, logger, callerReportsFailures: true });
  return {
    handler: (name) =>
      byName(name, {
        scheduler: wrap(runtime.scheduler),
        orchestrator: wrap(runtime.orchestrator),
        scavenger: wrap(runtime.scavenger),
        assistant: wrap(runtime.assistant),
      }),
    async finish(succeeded: boolean): Promise<void> {
      await runtime.invoker.idle();
      // Not after a failure: a database the run created is then removed, and nothing may be left beside it.
      if (succeeded && essential === 'orchestrator') leaveDecisions(runtime);
      await runtime.stop();
    },
  };
}

/**
 * After a one-shot Orchestrator run on the embedded store: write its decisions to the heartbeat
 * file, marked not running, so a later `sosw status` shows them (as it does after `sosw dev` stops).
 * Never over a live heartbeat: a running `sosw dev` keeps its own.
 */
export function leaveDecisions(runtime: Pick<EmbeddedRuntime, 'dbPath' | 'projectName' | 'labourers' | 'orchestrator'>): void {
  if (runtime.dbPath === ':memory:') return;
  const current = readHeartbeat(runtime.dbPath);
  const now = Date.now();
  if (current !== null && isHeartbeatLive(current, now)) return;
  const decisions = new Map(runtime.orchestrator.lastDecisions().map((d) => [d.labourerId, d]));
  if (decisions.size === 0) return;
  const decided = runtime.labourers.filter((l) => decisions.has(l.id));
  const base = { pid: process.pid, project: runtime.projectName, running: false, updatedAt: now, startedAt: now };
  try {
    writeHeartbeat(
      runtime.dbPath,
      heartbeatOf(base, decided, decisions, {}, () => ({})),
    );
  } catch {
    // Only `sosw status` reads it: a folder that refuses the file loses the decision text, nothing else.
  }
}

type Factories = {
  scheduler: Parameters<typeof createSchedulerHandler>[0];
  orchestrator: Parameters<typeof createOrchestratorHandler>[0];
  scavenger: Parameters<typeof createScavengerHandler>[0];
  assistant: Parameters<typeof createWorkerAssistantHandler>[0];
};

function byName(name: Runnable, f: Factories): EssentialHandler<unknown> {
  if (name === 'scheduler') return createSchedulerHandler(f.scheduler);
  if (name === 'orchestrator') return createOrchestratorHandler(f.orchestrator);
  if (name === 'scavenger') return createScavengerHandler(f.scavenger);
  return createWorkerAssistantHandler(f.assistant);
}

export function register(program: Command): void {
  const command = program
    .command('run')
    .description('one invocation of an essential against the chosen backend, as its Lambda would run it')
    .argument('<essential>', RUNNABLE.join(' | '))
    .option('--event <json|file>', 'the invocation event: inline JSON, a file, or - for stdin (default: a scheduled event)')
    .option('--timeout <seconds>', 'time the invocation may take (the Lambda timeout it simulates)')
    .option('--verbose', 'log what the engine does');
  withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command)))).action(async (name: string, flags: RunFlags) => {
    if (!(RUNNABLE as readonly string[]).includes(name)) {
      throw new SoswError('cli.usage', `Unknown essential ${JSON.stringify(name)}; run one of: ${RUNNABLE.join(', ')}.`, {
        details: { field: 'essential' },
      });
    }
    const essential = name as Runnable;
    const event = readEvent(flags.event, essential);
    const deadline = Date.now() + parseTimeout(flags.timeout, essential) * 1000;
    const requestId = randomUUID();
    const context: EssentialContext = {
      awsRequestId: requestId,
      functionName: `sosw_${essential.replace('-', '_')}`,
      logStreamName: cliLogStreamName(requestId),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    const engines = await openEngines(flags, essential);
    let succeeded = false;
    try {
      const result = await engines.handler(essential)(event, context);
      // docs/operations.md: pretty-printed; one line with --json (scripts read it line by line).
      writeLine(flags.json === true ? JSON.stringify(result) : JSON.stringify(result, null, 2));
      succeeded = true;
    } finally {
      await engines.finish(succeeded);
    }
  });
}
