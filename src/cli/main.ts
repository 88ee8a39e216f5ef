#!/usr/bin/env node
/**
 * The `sosw` command line. Each verb lives in commands/<verb>.ts and registers itself on the
 * program; this file only assembles them and turns errors into exit codes.
 */
import { CommanderError } from 'commander';
import { SoswError } from '../core/errors.js';
import { awsConfigError } from './aws-errors.js';
import { buildLightProgram, namesNoVerb } from './help.js';

/** Commander outcomes that are not failures (help and version were printed on stdout). */
const COMMANDER_SUCCESS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

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
  // `sosw`, `sosw --version`, `sosw --help` need no verb module: answer without loading them.
  const json = argv.includes('--json');
  const program = namesNoVerb(argv) ? buildLightProgram({ json }) : (await import('./program.js')).buildProgram({ json });
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    // A verb failed: remove a database it created and left empty. Not for parser outcomes (--version and
    // --help end here too, before any verb ran), and loaded only then: it reaches zod, which they must not load.
    if (!(error instanceof CommanderError)) (await import('./new-databases.js')).discardNewDatabases();
    return reportError(error, json);
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  main().then((code) => {
    process.exitCode = code;
  });
}
