#!/usr/bin/env node
/**
 * The `sosw` command line. Each verb lives in commands/<verb>.ts and registers itself on the
 * program; this file only assembles them and turns errors into exit codes.
 */
import { type Command, CommanderError } from 'commander';
import { SoswError } from '../core/errors.js';
import { safeString } from '../core/safe-string.js';
import { isRecordedDeath } from '../essentials/worker/recorded-deaths.js';
import { awsConfigError } from './aws-errors.js';
import { buildLightProgram, namesNoVerb } from './help.js';

/** Commander outcomes that are not failures (help and version were printed on stdout). */
const COMMANDER_SUCCESS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** A parser error (unknown option, missing argument...) as a coded `cli.usage` error; `usage` is the verb's usage line. */
function usageError(error: CommanderError, usage?: string): SoswError {
  const hint = usage === undefined ? 'Run with --help for usage.' : `Usage: ${usage} (${usage.split(' ', 2).join(' ')} --help for more).`;
  return new SoswError('cli.usage', `${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}. ${hint}`, {
    details: { parserCode: error.code, ...(usage === undefined ? {} : { usage }) },
    cause: error,
  });
}

/** What a failed file-system call (errno code) means for the user. */
const FS_PROBLEMS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  EEXIST: 'a file is in the way',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EBUSY: 'the file is busy',
  EIO: 'an input/output error',
};
const FS_NO_SPACE = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const FS_ACTIONS: Readonly<Record<string, string>> = {
  mkdir: 'create the folder',
  open: 'open',
  unlink: 'remove',
  rmdir: 'remove the folder',
  rm: 'remove',
  scandir: 'read the folder',
  rename: 'rename',
  write: 'write',
  stat: 'read',
  lstat: 'read',
  copyfile: 'copy',
};

/**
 * A failed file-system call (mkdir of the database folder, a heartbeat or blob write...) as a coded
 * error naming the path and the fix: `store.noSpace` for a full disk, else `store.unavailable`.
 * Null for anything that is not such an error (also looked for one level down the cause chain).
 */
export function fileSystemError(error: unknown): SoswError | null {
  if (SoswError.is(error)) return null;
  const candidates = [error, error instanceof Error ? error.cause : undefined];
  for (const candidate of candidates) {
    if (!(candidate instanceof Error)) continue;
    const { code, syscall, path } = candidate as NodeJS.ErrnoException;
    if (typeof code !== 'string' || typeof syscall !== 'string' || typeof path !== 'string') continue;
    const action = FS_ACTIONS[syscall] ?? syscall;
    const details = { path, syscall, errno: code };
    if (FS_NO_SPACE.has(code))
      return new SoswError(
        'store.noSpace',
        `Cannot ${action} ${path} (${code}): the disk is full or over its quota. Free disk space (or raise the quota) and run again.`,
        { details, cause: candidate },
      );
    const problem = FS_PROBLEMS[code];
    if (problem === undefined) continue;
    return new SoswError(
      'store.unavailable',
      `Cannot ${action} ${path} (${code}: ${problem}). Use a folder you can write to: pass --db <file> (env SOSW_DB) or set the project's \`database\`, or fix the path and its permissions.`,
      { details, cause: candidate },
    );
  }
  return null;
}

/** Listen errors that mean the port is taken or not allowed, not that the config is wrong. */
const PORT_ERRNOS = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'EPERM']);

/**
 * The dashboard server reports a port it cannot listen on as `config.invalid` (details.field `port`
 * and the errno): nothing in the config is wrong, so the CLI says `port.unavailable`, same message.
 */
export function portError(error: unknown): SoswError | null {
  if (!SoswError.is(error, 'config.invalid') || error.details.field !== 'port') return null;
  const errno = error.details.errno;
  if (typeof errno !== 'string' || !PORT_ERRNOS.has(errno)) return null;
  return new SoswError('port.unavailable', error.message, { details: error.details, cause: error.cause ?? error });
}

/** Print a failure the way every command does: a coded line for humans, or JSON with --json. `usage`: the verb's usage line. */
export function reportError(error: unknown, json: boolean, usage?: string): number {
  if (error instanceof CommanderError) {
    if (COMMANDER_SUCCESS.has(error.code)) return error.exitCode;
    const coded = usageError(error, usage);
    if (json) process.stderr.write(`${JSON.stringify({ error: coded.toJSON() })}\n`);
    else process.stderr.write(`error [${coded.code}]: ${coded.message}\n`);
    return error.exitCode === 0 ? 1 : error.exitCode;
  }
  const coded =
    awsConfigError(error) ??
    fileSystemError(error) ??
    portError(error) ??
    (SoswError.is(error) ? error : new SoswError('internal', error instanceof Error ? error.message : String(error), { cause: error }));
  if (json) process.stderr.write(`${JSON.stringify({ error: coded.toJSON() })}\n`);
  else process.stderr.write(`error [${coded.code}]: ${coded.message}\n`);
  return coded.code === 'internal' ? 70 : 1;
}

/** `sosw <verb> <usage>` of the verb argv names, when the program has it. */
function verbUsage(program: Command, argv: readonly string[]): string | undefined {
  const name = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const verb = name === undefined ? undefined : program.commands.find((command) => command.name() === name);
  return verb === undefined ? undefined : `sosw ${verb.name()} ${verb.usage()}`;
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
    return reportError(error, json, verbUsage(program, argv));
  }
}

/**
 * A reader that stops early (`sosw status --json | head`) closes the pipe: end quietly with success,
 * as other command-line tools do, instead of an unhandled EPIPE stack trace. For the executables only.
 */
export function endQuietlyOnClosedStdout(stream: NodeJS.WriteStream = process.stdout, exit: (code: number) => void = process.exit): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(0);
    else throw error;
  });
}

/** Errors nobody caught that were logged and survived (see {@link surviveStrayErrors}); they make the exit code 1. */
let strayErrors = 0;

/** The process's exit code: the command's, or 1 when a stray error was logged meanwhile. */
export function exitCodeWith(code: number): number {
  return code === 0 && strayErrors > 0 ? 1 : code;
}

/**
 * Workers run in this process. A promise a handler leaked (rejected, never awaited) or a throw in
 * its timer or event callback surfaces here, outside any run; Node's default ended `sosw dev` at once
 * and cost every running task an attempt (a bad task made good ones dead). Such an error is logged
 * with its stack and the process keeps running: the task it came from finishes as its handler does,
 * or is abandoned at its timeout and retried. The exit code at the end is then 1. A worker's
 * `ctx.die()` in such a callback was already logged and its task reported failed: it is dropped.
 * For the executables only.
 */
export function surviveStrayErrors(on: NodeJS.Process = process): void {
  const log = (kind: string, error: unknown): void => {
    if (isRecordedDeath(error)) return;
    strayErrors += 1;
    const text = error instanceof Error ? (error.stack ?? error.message) : safeString(error);
    on.stderr.write(
      `error: ${kind} nobody caught: ${text}\n  sosw keeps running (the exit code will be 1). If it came from a worker, await every promise in its handler and catch errors in its callbacks.\n`,
    );
  };
  on.on('unhandledRejection', (reason) => log('a promise rejection', reason));
  on.on('uncaughtException', (error) => log('an exception', error));
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  endQuietlyOnClosedStdout();
  surviveStrayErrors();
  main().then((code) => {
    process.exitCode = exitCodeWith(code);
  });
}
