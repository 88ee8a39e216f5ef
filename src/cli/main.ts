#!/usr/bin/env node
/**
 * The `sosw` command line. Each verb lives in commands/<verb>.ts and registers itself on the
 * program; this file only assembles them and turns errors into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { SoswError } from '../core/errors.js';
import { awsConfigError } from './aws-errors.js';
import { registerCommands } from './commands/index.js';

/** Commander outcomes that are not failures (help and version were printed on stdout). */
const COMMANDER_SUCCESS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/**
 * The program with every verb. Parser errors throw a CommanderError (no process.exit); with
 * `json`, the parser prints nothing itself so {@link reportError} can print the error as JSON.
 */
export function buildProgram(options: { json?: boolean } = {}): Command {
  const program = new Command('sosw')
    .description('Serverless Orchestrator of Serverless Workers: jobs in, tasks drip-fed to workers.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  if (options.json === true) program.configureOutput({ writeErr: () => {}, outputError: () => {} });
  registerCommands(program);
  return program;
}

/** A parser error (unknown option, missing argument...) as a coded `cli.usage` error. */
function usageError(error: CommanderError): SoswError {
  return new SoswError('cli.usage', `${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}. Run with --help for usage.`, {
    details: { parserCode: error.code },
    cause: error,
  });
}

/** Print a failure the way every command does: a coded line for humans, or JSON with --json. */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    if (COMMANDER_SUCCESS.has(error.code) || !json) return error.exitCode;
    process.stderr.write(`${JSON.stringify({ error: usageError(error).toJSON() })}\n`);
    return error.exitCode === 0 ? 1 : error.exitCode;
  }
  const coded =
    awsConfigError(error) ??
    (SoswError.is(error) ? error : new SoswError('internal', error instanceof Error ? error.message : String(error), { cause: error }));
  if (json) process.stderr.write(`${JSON.stringify({ error: coded.toJSON() })}\n`);
  else process.stderr.write(`error [${coded.code}]: ${coded.message}\n`);
  return coded.code === 'internal' ? 70 : 1;
}

export async function main(argv: readonly string[] = process.argv): Promise<number> {
  const program = buildProgram({ json: argv.includes('--json') });
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    return reportError(error, argv.includes('--json'));
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly || process.env.SOSW_CLI_MAIN === '1') {
  main().then((code) => {
    process.exitCode = code;
  });
}
