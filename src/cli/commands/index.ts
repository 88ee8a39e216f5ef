import type { Command } from 'commander';
import { register as registerCancel } from './cancel.js';
import { registerDrain, registerLimit, registerPause, registerResume } from './controls.js';
import { register as registerCost } from './cost.js';
import { register as registerDashboard } from './dashboard.js';
import { register as registerDemo } from './demo.js';
import { register as registerDev } from './dev.js';
import { register as registerJobs } from './jobs.js';
import { register as registerRedrive } from './redrive.js';
import { register as registerRun } from './run.js';
import { register as registerSchedule } from './schedule.js';
import { register as registerStatus } from './status.js';
import { register as registerSynth } from './synth.js';
import { register as registerTasks } from './tasks.js';

/**
 * Every verb of the CLI. Add one line per command module; each exports `register(program)`.
 * Keep this list in the order shown by `sosw --help`.
 */
const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerDemo,
  registerDev,
  registerSchedule,
  registerStatus,
  registerJobs,
  registerCancel,
  registerTasks,
  registerDashboard,
  registerRedrive,
  registerPause,
  registerResume,
  registerDrain,
  registerLimit,
  registerRun,
  registerSynth,
  registerCost,
];

export function registerCommands(program: Command): void {
  for (const register of COMMANDS) register(program);
}
