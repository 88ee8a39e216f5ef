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
