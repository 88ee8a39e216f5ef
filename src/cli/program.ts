/**
 * The full `sosw` program: every verb with its options. Loaded only when a verb runs (or its
 * help is asked for); `sosw --version` and `sosw --help` use the light program of help.ts.
 */
import type { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { createRootProgram, type RootProgramOptions } from './help.js';

export function buildProgram(options: RootProgramOptions = {}): Command {
  const program = createRootProgram(options);
  registerCommands(program);
  return program;
}
