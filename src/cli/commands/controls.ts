/**
 * `sosw pause | resume | drain | limit <labourer>`: operator controls stored where every
 * Orchestrator reads them at the start of each tick, so a change holds from the next tick on.
 * `sosw limit --reset-adaptive` drops the adaptive controller's learned state the same way.
 * Each change is audited (who: `--by` or the OS user; when; why: `--reason`).
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { epochSecondsFloat, systemClock } from '../../core/clock.js';
import { SoswError } from '../../core/errors.js';
import { activeControl, type ControlStatus, controlStatus, type LabourerControl } from '../../core/flow/control.js';
import type { ControlDuration } from '../../core/flow/control-input.js';
import { withBackendOption } from '../backend.js';
import { withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { writeJson, writeLine } from '../output.js';
import { openProject, type ProjectFlags } from './status.js';

interface ControlFlags extends ProjectFlags {
  readonly by?: string | undefined;
  readonly reason?: string | undefined;
  readonly for?: string | undefined;
  readonly max?: string | undefined;
  readonly rate?: string | undefined;
  readonly clear?: boolean | undefined;
  readonly resetAdaptive?: boolean | undefined;
}

type Verb = 'pause' | 'resume' | 'drain' | 'limit';

/** Who makes the change: `--by`, else the OS user, else env USER. */
export function operatorName(flag: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (flag !== undefined) return flag;
  try {
    const name = userInfo().username;
    if (name !== '') return name;
  } catch {
    // no passwd entry (some containers): fall back to the environment
  }
  return env.USER ?? env.USERNAME ?? 'unknown';
}

function withControlOptions(command: Command): Command {
  command
    .argument('<labourer>', 'labourer id')
    .option('--by <name>', 'who makes the change, for the audit trail (default: the OS user)')
    .option('--reason <text>', 'why, for the audit trail and the decision record');
  return withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command))));
}

/** Run one control change against the project and print what is now in force. */
async function change(verb: Verb, labourerId: string, flags: ControlFlags): Promise<void> {
  // A control may be set before anything is scheduled: the verb creates the database if needed.
  const project = await openProject(flags, { createDatabase: true });
  try {
    const by = operatorName(flags.by);
    const common = { by, reason: flags.reason };
    const { controls } = project;
    if (verb === 'limit' && flags.resetAdaptive === true) {
      await resetAdaptive(project, labourerId, flags, common);
      return;
    }
    let record: LabourerControl;
    if (verb === 'pause') record = await controls.pause(labourerId, { ...common, for: forFlag(flags.for) });
    else if (verb === 'resume') record = await controls.resume(labourerId, common);
    else if (verb === 'drain') record = await controls.drain(labourerId, common);
    else if (flags.clear === true) {
      const others = (['max', 'rate', 'for'] as const).filter((name) => flags[name] !== undefined);
      if (others.length > 0) {
        throw new SoswError(
          'cli.usage',
          `sosw limit --clear takes no --${others.join(', --')}: --clear drops the pinned limits; to pin new ones, run sosw limit without --clear (a new pin replaces the old one).`,
          { details: { field: others[0] } },
        );
      }
      record = await controls.clearLimit(labourerId, common);
    } else {
      if (flags.for === undefined) {
        throw new SoswError(
          'cli.usage',
          'sosw limit needs --for (e.g. --for 1h): a pinned limit always reverts by itself; or pass --clear.',
          {
            details: { field: 'for' },
          },
        );
      }
      record = await controls.limit(labourerId, {
        ...common,
        max: flags.max,
        rate: flags.rate,
        for: forFlag(flags.for) as ControlDuration,
      });
    }
    const now = epochSecondsFloat(systemClock);
    const running = (await project.status()).labourers.find((l) => l.labourerId === labourerId)?.running ?? 0;
    const status = controlStatus(activeControl(record, now), running, now);
    if (flags.json === true) writeJson({ labourerId, verb, by, control: status });
    else writeLine(changeText(labourerId, status));
  } finally {
    await project.stop();
  }
}

/** `sosw limit --reset-adaptive`: drop the learned adaptive state (alone: no other limit flag). */
async function resetAdaptive(
  project: Awaited<ReturnType<typeof openProject>>,
  labourerId: string,
  flags: ControlFlags,
  common: { by: string; reason: string | undefined },
): Promise<void> {
  const others = (['max', 'rate', 'for', 'clear'] as const).filter((name) => flags[name] !== undefined);
  if (others.length > 0) {
    throw new SoswError(
      'cli.usage',
      `sosw limit --reset-adaptive takes no --${others.join(', --')}: reset the adaptive state alone, then pin limits with another sosw limit.`,
      { details: { field: others[0] } },
    );
  }
  const { control, dropped } = await project.controls.resetAdaptive(labourerId, common);
  const now = epochSecondsFloat(systemClock);
  if (flags.json === true) {
    writeJson({
      labourerId,
      verb: 'limit',
      by: common.by,
      adaptiveReset: { dropped },
      control: controlStatus(activeControl(control, now), 0, now),
    });
    return;
  }
  const was =
    dropped === null
      ? 'no learned state was stored'
      : `dropped target ${dropped.target}${dropped.ceiling === null ? '' : `, learned limit ${dropped.ceiling}`}`;
  writeLine(`${labourerId}: adaptive state reset (${was}). The controller starts over from its initial target at the next tick.`);
}

/** The `--for` text as given: LabourerControls checks it (`control.invalid` naming `for`). */
function forFlag(value: string | undefined): ControlDuration | undefined {
  return value as ControlDuration | undefined;
}

/** One line saying what is now in force and when Orchestrators act on it. */
export function changeText(labourerId: string, status: ControlStatus): string {
  const now = status.text === '' ? 'no control is in force' : status.text;
  const effect =
    status.hold === null && status.pin === null
      ? 'Orchestrators dispatch it normally from their next tick'
      : 'Orchestrators honour this from their next tick';
  return `${labourerId}: ${now}. ${effect}.`;
}

export function registerPause(program: Command): void {
  const command = program.command('pause').description('start nothing new for a labourer (running tasks finish), until resumed or --for');
  withControlOptions(command.option('--for <duration>', 'resume by itself after this long (90s, 30m, 2h, 1d)')).action(
    (labourerId: string, flags: ControlFlags) => change('pause', labourerId, flags),
  );
}

export function registerResume(program: Command): void {
  const command = program.command('resume').description('end a pause or drain of a labourer');
  withControlOptions(command).action((labourerId: string, flags: ControlFlags) => change('resume', labourerId, flags));
}

export function registerDrain(program: Command): void {
  const command = program.command('drain').description('let running tasks finish and start nothing; status says drained once nothing runs');
  withControlOptions(command).action((labourerId: string, flags: ControlFlags) => change('drain', labourerId, flags));
}

export function registerLimit(program: Command): void {
  const command = program
    .command('limit')
    .description('pin a lower max and / or rate for a while; it reverts by itself')
    .option('--max <n>', 'at most this many running at once (never above max_simultaneous_invocations)')
    .option('--rate <r>', 'at most this many starts per second or minute: 5/s, 300/m (never above rate_limit)')
    .option('--for <duration>', 'how long the pin holds (90s, 30m, 2h, 1d); required unless --clear')
    .option('--clear', 'drop the pinned limits now')
    .option('--reset-adaptive', "drop the adaptive controller's learned state: it starts over from its initial target");
  withControlOptions(command).action((labourerId: string, flags: ControlFlags) => change('limit', labourerId, flags));
}
