import type { Command } from 'commander';
import { register as registerSchedule } from './schedule.js';
import { register as registerSynth } from './synth.js';

/**
 * Every verb of the CLI. Add one line per command module; each exports `register(program)`.
 * Keep this list in the order shown by `sosw --help`.
 */
const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerSynth, registerSchedule];

export function registerCommands(program: Command): void {
  for (const register of COMMANDS) register(program);
}
