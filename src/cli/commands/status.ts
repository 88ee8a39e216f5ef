/**
 * `sosw status`: per labourer, its health, cap, and where its tasks are (running, queued,
 * retrying, completed, dead), with the Orchestrator's last decision when a runtime is running
 * (this process's, or another's through its heartbeat file).
 */
import type { Command } from 'commander';
import type { LabourerStatus, RuntimeStatus } from '../../local.js';
import { type OpenProjectOptions, openProjectOn, type ProjectHandle, withBackendOption } from '../backend.js';
import { withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { formatCount, type ProgressRow, renderTable, writeJson, writeLine } from '../output.js';

export interface ProjectFlags {
  readonly config?: string | undefined;
  readonly db?: string | undefined;
  readonly json?: boolean | undefined;
  /** `--backend sqlite|aws` (see cli/backend.ts). */
  readonly backend?: string | undefined;
}

/** The project's tasks on the chosen backend, running nothing: for read and repair verbs. Stop it to close the store. */
export function openProject(flags: ProjectFlags, options: OpenProjectOptions = {}): Promise<ProjectHandle> {
  return openProjectOn(flags, options);
}

const HEALTH_NAMES = ['Bad', 'Poor', 'Moderate', 'Good', 'High'];

function healthText(health: number): string {
  return `${health} ${HEALTH_NAMES[health] ?? ''}`.trim();
}

function ago(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  return seconds < 60 ? `${seconds}s ago` : `${Math.round(seconds / 60)}m ago`;
}

/** The status as a text table (one row per labourer) plus each last decision in words. */
export function statusTable(status: RuntimeStatus, nowMs: number): string {
  // The CONTROL column appears only while some labourer is paused, draining, drained or pinned.
  const controlled = status.labourers.some((l) => (l.control?.text ?? '') !== '');
  const table = renderTable<LabourerStatus>(status.labourers, [
    { header: 'LABOURER', value: (l) => l.labourerId },
    { header: 'HEALTH', value: (l) => healthText(l.health) },
    { header: 'CAP', value: (l) => `${l.cap}/${l.maxSimultaneousInvocations}`, align: 'right' },
    { header: 'RUNNING', value: (l) => l.running },
    { header: 'QUEUED', value: (l) => l.queued },
    { header: 'RETRYING', value: (l) => l.retrying },
    { header: 'EXPIRED', value: (l) => l.expired },
    { header: 'COMPLETED', value: (l) => l.completed + l.reported },
    { header: 'DEAD', value: (l) => l.dead },
    ...(controlled
      ? [
          {
            header: 'CONTROL',
            value: (l: LabourerStatus) => (l.control?.pin && l.control.state === 'active' ? 'pinned' : (l.control?.state ?? 'active')),
          },
        ]
      : []),
  ]);
  const decisions = status.labourers.map((l) =>
    l.lastDecision === null
      ? `  ${l.labourerId}: no decision yet${status.running ? '' : ' (no runtime is running)'}`
      : `  ${l.labourerId} (${ago(l.lastDecision.at, nowMs)}): ${l.lastDecision.reason}`,
  );
  const header = `${status.project} - ${status.database} - ${status.running ? 'runtime running' : 'runtime not running'}`;
  const controls = status.labourers.filter((l) => (l.control?.text ?? '') !== '').map((l) => `  ${l.labourerId}: ${l.control?.text}`);
  const controlLines = controls.length === 0 ? [] : ['', 'Controls:', ...controls];
  const adaptive = status.labourers.flatMap((l) =>
    l.adaptive === undefined ? [] : [`  ${l.labourerId}: target ${l.adaptive.target} (${l.adaptive.reason})`],
  );
  const adaptiveLines = adaptive.length === 0 ? [] : ['', 'Adaptive concurrency:', ...adaptive];
  return [header, '', table, ...controlLines, ...adaptiveLines, '', 'Last decision:', ...decisions].join('\n');
}

/** One progress row per labourer: closed out of all, with health, cap and places. */
export function progressRows(status: RuntimeStatus): ProgressRow[] {
  return status.labourers.map((l) => {
    const total = l.queued + l.running + l.expired + l.reported + l.retrying + l.completed + l.dead;
    const places = `${formatCount(l.running)} running, ${formatCount(l.queued)} queued, ${formatCount(l.retrying)} retrying, ${formatCount(l.dead)} dead`;
    return {
      key: l.labourerId,
      label: l.labourerId,
      done: l.completed + l.dead,
      total,
      detail: `${places} | health ${l.health} cap ${l.cap}/${l.maxSimultaneousInvocations}`,
    };
  });
}

export function register(program: Command): void {
  const command = program.command('status').description('health, cap and task counts per labourer, with the last dispatch decision');
  withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command)))).action(async (flags: ProjectFlags) => {
    const runtime = await openProject(flags);
    try {
      const status = await runtime.status();
      if (flags.json === true) writeJson(status);
      else writeLine(statusTable(status, Date.now()));
    } finally {
      await runtime.stop();
    }
  });
}
