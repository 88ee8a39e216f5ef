/**
 * The full `sosw` program: every verb with its options. Loaded only when a verb runs (or its
 * help is asked for); `sosw --version` and `sosw --help` use the light program of help.ts.
 */
import type { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { createRootProgram } from './help.js';

export function buildProgram(): Command {
  const program = createRootProgram();
  registerCommands(program);
  return program;
}
