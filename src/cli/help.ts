/**
 * The root of the `sosw` program, and a light copy of it for `sosw --version` and `sosw --help`
 * that knows each verb's name, usage and description but loads none of their modules, so those
 * answer at once. A unit test keeps VERBS equal to what the verbs register.
 */
import { createRequire } from 'node:module';
import { Command, Help } from 'commander';

/** The package version (package.json is one folder above src/ and dist/). */
export const SOSW_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export const PROGRAM_DESCRIPTION = 'Serverless Orchestrator of Serverless Workers: jobs in, tasks drip-fed to workers.';

/** Each verb as `sosw --help` lists it, in order. */
export const VERBS: ReadonlyArray<{ readonly name: string; readonly term: string; readonly description: string }> = [
  {
    name: 'demo',
    term: 'demo [options]',
    description: 'run the example project (two labourers, a throttle, retries, a dead task) to the end',
  },
  { name: 'dev', term: 'dev [options]', description: 'run a project on the embedded runtime until stopped (Ctrl+C)' },
  {
    name: 'schedule',
    term: 'schedule [options] [job]',
    description: 'chunk a job into tasks and queue them (the embedded store, or DynamoDB with --backend aws)',
  },
  { name: 'status', term: 'status [options]', description: 'health, cap and task counts per labourer, with the last dispatch decision' },
  {
    name: 'jobs',
    term: 'jobs [options] [jobId]',
    description: 'list jobs with their progress, or show one job: counters, timeline, tasks by place, chain',
  },
  {
    name: 'cancel',
    term: 'cancel [options] [jobId]',
    description: 'cancel a job (or --task tasks): queued and retrying tasks close as cancelled, running ones finish without retry',
  },
  {
    name: 'tasks',
    term: 'tasks [options] [taskId]',
    description: 'list tasks by labourer and state, or show one task with its audit trail',
  },
  {
    name: 'dashboard',
    term: 'dashboard [options]',
    description: 'serve the dashboard over a project’s store (sqlite file or aws tables) without running it',
  },
  { name: 'redrive', term: 'redrive [options] [taskIds...]', description: 'put dead tasks back in the queue (attempts reset to 0)' },
  {
    name: 'pause',
    term: 'pause [options] <labourer>',
    description: 'start nothing new for a labourer (running tasks finish), until resumed or --for',
  },
  { name: 'resume', term: 'resume [options] <labourer>', description: 'end a pause or drain of a labourer' },
  {
    name: 'drain',
    term: 'drain [options] <labourer>',
    description: 'let running tasks finish and start nothing; status says drained once nothing runs',
  },
  { name: 'limit', term: 'limit [options] <labourer>', description: 'pin a lower max and / or rate for a while; it reverts by itself' },
  {
    name: 'run',
    term: 'run [options] <essential>',
    description: 'one invocation of an essential against the chosen backend, as its Lambda would run it',
  },
  {
    name: 'synth',
    term: 'synth [options]',
    description: "print the CloudFormation template that deploys the project's sosw.config to AWS (no CDK CLI needed)",
  },
  {
    name: 'cost',
    term: 'cost [options]',
    description: 'estimate the monthly AWS cost (DynamoDB on-demand units, Lambda invocations) of a number of tasks',
  },
];

export interface RootProgramOptions {
  /** --json was given: the parser prints nothing itself, so the caller can print its errors as JSON. */
  readonly json?: boolean | undefined;
}

/**
 * The program with its name, version and description, and no verbs yet. Parser errors throw a
 * CommanderError (no process.exit); set before verbs are added, since commander copies these
 * settings into each verb when it is created.
 */
export function createRootProgram(options: RootProgramOptions = {}): Command {
  const program = new Command('sosw').description(PROGRAM_DESCRIPTION).version(SOSW_VERSION).exitOverride();
  // Parser errors are never printed by commander: main.ts prints them as `error [cli.usage]: ...` with
  // the verb's usage (or as a JSON error with --json). Help asked for on stderr (`sosw` alone) still prints.
  program.configureOutput(options.json === true ? { writeErr: () => {}, outputError: () => {} } : { outputError: () => {} });
  return program;
}

/** The root program with a placeholder per verb: enough for `--version` and `--help`, nothing else. */
export function buildLightProgram(options: RootProgramOptions = {}): Command {
  const program = createRootProgram(options);
  const terms = new Map(VERBS.map((verb) => [verb.name, verb.term]));
  const standard = new Help();
  program.configureHelp({ subcommandTerm: (command) => terms.get(command.name()) ?? standard.subcommandTerm(command) });
  for (const verb of VERBS) program.command(verb.name).description(verb.description);
  return program;
}

/** True when argv names no verb (only root options such as --version or --help): the light program answers. */
export function namesNoVerb(argv: readonly string[]): boolean {
  return argv.slice(2).every((arg) => arg.startsWith('-'));
}
