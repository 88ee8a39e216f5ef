#!/usr/bin/env node
/**
 * The `sosw` command line. Each verb lives in commands/<verb>.ts and registers itself on the
 * program; this file only assembles them and turns errors into exit codes.
 */
import { CommanderError } from 'commander';
import { SoswError } from '../core/errors.js';
import { buildLightProgram, namesNoVerb } from './help.js';
import { discardNewDatabases } from './new-databases.js';

/** Print a failure the way every command does: a coded line for humans, or JSON with --json. */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) return error.exitCode;
  const coded = SoswError.is(error)
    ? error
    : new SoswError('internal', error instanceof Error ? error.message : String(error), { cause: error });
  if (json) process.stderr.write(`${JSON.stringify({ error: coded.toJSON() })}\n`);
  else process.stderr.write(`error [${coded.code}]: ${coded.message}\n`);
  return coded.code === 'internal' ? 70 : 1;
}

export async function main(argv: readonly string[] = process.argv): Promise<number> {
  // `sosw`, `sosw --version`, `sosw --help` need no verb module: answer without loading them.
  const program = (namesNoVerb(argv) ? buildLightProgram() : (await import('./program.js')).buildProgram()).exitOverride();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    discardNewDatabases();
    return reportError(error, argv.includes('--json'));
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  main().then((code) => {
    process.exitCode = code;
  });
}
