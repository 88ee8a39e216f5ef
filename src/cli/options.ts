/** Options shared by CLI commands, so every verb spells them the same way. */
import type { Command } from 'commander';

export const DEFAULT_DB_PATH = '.sosw/sosw.db';

/** `--db <path>`: the embedded store (env SOSW_DB, default .sosw/sosw.db). */
export function withDbOption(command: Command): Command {
  return command.option('--db <path>', 'SQLite file of the embedded store (env SOSW_DB)', process.env.SOSW_DB ?? DEFAULT_DB_PATH);
}

/** `--json`: machine-readable output on stdout. */
export function withJsonOption(command: Command): Command {
  return command.option('--json', 'print machine-readable JSON instead of text', false);
}

/** `--config <file>`: the project config (sosw.config.ts|js|mjs|json); default: the nearest one upward. */
export function withConfigOption(command: Command): Command {
  return command.option('--config <file>', 'project config file (default: the nearest sosw.config.* from the current folder up)');
}

/**
 * `--db <path>` without a fixed default, for verbs that read a project: the flag, else env SOSW_DB,
 * else the project's `database`, else .sosw/sosw.db. Resolve it with {@link projectDbPath}.
 */
export function withProjectDbOption(command: Command): Command {
  return command.option(
    '--db <path>',
    "SQLite file of the embedded store (env SOSW_DB; default: the project's database, else .sosw/sosw.db)",
  );
}

/** The database a project verb uses (see {@link withProjectDbOption}); undefined lets the project decide. */
export function projectDbPath(flag: string | undefined): string | undefined {
  return flag ?? process.env.SOSW_DB;
}
