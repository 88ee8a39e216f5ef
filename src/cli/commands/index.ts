import type { Command } from 'commander';
import { register as registerSchedule } from './schedule.js';

/**
 * Every verb of the CLI. Add one line per command module; each exports `register(program)`.
 * Keep this list in the order shown by `sosw --help`.
 */
const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerSchedule];

export function registerCommands(program: Command): void {
  for (const register of COMMANDS) register(program);
}
