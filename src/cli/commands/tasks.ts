/**
 * `sosw tasks`: list tasks by labourer and state, or show one task with its audit trail
 * (`sosw tasks <task id>`).
 */
import type { Command } from 'commander';
import type { LabourerConfig } from '../../core/config/task-config.js';
import { SoswError } from '../../core/errors.js';
import { controlRecordId } from '../../core/flow/control.js';
import { findTask, listTasks, TASK_STATES, type TaskState, type TaskView } from '../../local.js';
import type { MetaEntry } from '../../ports/meta-log.js';
import { resolveBackend, withBackendOption } from '../backend.js';
import { withConfigOption, withJsonOption, withProjectDbOption } from '../options.js';
import { renderTable, writeJson, writeLine } from '../output.js';
import { openProject, openTasksOfUnknownLabourers, type ProjectFlags, unknownLabourersWarning } from './status.js';

interface TasksFlags extends ProjectFlags {
  readonly labourer?: string | undefined;
  readonly state?: string | undefined;
  readonly limit: string;
}

/** Audit rows of operator controls are filed under the control's id, `control#<labourer>`. */
const CONTROL_PREFIX = controlRecordId('');

function isoSeconds(seconds: number | undefined): string | undefined {
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function short(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function parseState(state: string | undefined): readonly TaskState[] {
  if (state === undefined) return TASK_STATES;
  if ((TASK_STATES as readonly string[]).includes(state)) return [state as TaskState];
  throw new SoswError('cli.usage', `--state must be one of ${TASK_STATES.join(', ')}; got ${JSON.stringify(state)}.`, {
    details: { field: 'state', received: state },
  });
}

function parseLimit(limit: string): number {
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1)
    throw new SoswError('cli.usage', `--limit must be a whole number above 0, got ${JSON.stringify(limit)}.`, {
      details: { field: 'limit' },
    });
  return n;
}

/** The labourer with this id, or `labourer.unknown` listing the project's labourers. */
export function labourerById(labourers: readonly LabourerConfig[], id: string): LabourerConfig {
  const found = labourers.find((l) => l.id === id);
  if (found !== undefined) return found;
  const known = labourers.map((l) => l.id).join(', ') || '(none)';
  throw new SoswError('labourer.unknown', `Unknown labourer ${JSON.stringify(id)}; the project has: ${known}.`, {
    details: { labourerId: id },
  });
}

function taskTable(tasks: readonly TaskView[]): string {
  return renderTable(tasks, [
    { header: 'TASK ID', value: (t) => t.taskId },
    { header: 'LABOURER', value: (t) => t.labourerId },
    { header: 'JOB', value: (t) => t.jobId },
    { header: 'STATE', value: (t) => t.state },
    { header: 'ATTEMPTS', value: (t) => t.attempts },
    { header: 'CREATED', value: (t) => isoSeconds(Math.floor(t.createdAt)) },
    { header: 'PAYLOAD', value: (t) => short(t.payload) },
  ]);
}

function auditTable(entries: readonly MetaEntry[]): string {
  return renderTable(entries, [
    { header: 'TIME', value: (e) => new Date(e.createdAt * 1000).toISOString() },
    { header: 'ACTION', value: (e) => e.action },
    { header: 'AUTHOR', value: (e) => e.author },
    { header: 'DETAILS', value: (e) => (e.extra === undefined ? '' : short(e.extra, 80)) },
  ]);
}

function auditOnlyHeading(id: string): string {
  const labourer = id.startsWith(CONTROL_PREFIX) ? id.slice(CONTROL_PREFIX.length) : undefined;
  return labourer === undefined ? `No task ${id} in any table; its audit trail:` : `Control changes of labourer ${labourer}:`;
}

function taskDetails(task: TaskView): string {
  const fields: Array<[string, unknown]> = [
    ['task id', task.taskId],
    ['labourer', task.labourerId],
    ['job', task.jobId],
    ['state', task.state],
    ['attempts', task.attempts],
    ['failed reports', task.failedAttempts],
    ['created', isoSeconds(Math.floor(task.createdAt))],
    ['completed', isoSeconds(task.completedAt)],
    ['retry after', isoSeconds(task.desiredLaunchTime)],
    ['closed', isoSeconds(task.closedAt)],
    ['payload', JSON.stringify(task.payload)],
    ['result', task.result === undefined ? undefined : JSON.stringify(task.result)],
  ];
  return fields
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name.padEnd(15)}${String(value)}`)
    .join('\n');
}

export function register(program: Command): void {
  const command = program
    .command('tasks')
    .description('list tasks by labourer and state, or show one task with its audit trail')
    .argument('[taskId]', 'show this task and its audit trail')
    .option('--labourer <id>', 'only this labourer')
    .option('--state <state>', `only this state: ${TASK_STATES.join(', ')}`)
    .option('--limit <n>', 'at most this many tasks per labourer and state', '50');
  withJsonOption(withBackendOption(withProjectDbOption(withConfigOption(command)))).action(
    async (taskId: string | undefined, flags: TasksFlags) => {
      const runtime = await openProject(flags);
      try {
        const now = Math.floor(Date.now() / 1000);
        if (taskId !== undefined) {
          const task = await findTask(runtime.store, taskId, runtime.labourers, now);
          const audit = await runtime.metaLog.forTask(taskId);
          if (task === null) {
            // Control changes (`control#<labourer>`) and tasks gone from every table keep their audit rows.
            if (audit.length === 0)
              throw new SoswError('task.notFound', `No task ${taskId} in ${runtime.dbPath}. List tasks with: sosw tasks --labourer <id>.`, {
                details: { taskId },
              });
            if (flags.json === true) writeJson({ task: null, audit });
            else writeLine(`${auditOnlyHeading(taskId)}\n${auditTable(audit)}`);
            return;
          }
          if (flags.json === true) writeJson({ task, audit });
          else writeLine(`${taskDetails(task)}\n\nAudit trail:\n${audit.length === 0 ? '  (none)' : auditTable(audit)}`);
          return;
        }
        const states = parseState(flags.state);
        const limit = parseLimit(flags.limit);
        const labourers = flags.labourer === undefined ? runtime.labourers : [labourerById(runtime.labourers, flags.labourer)];
        const tasks: TaskView[] = [];
        for (const labourer of labourers)
          for (const state of states) tasks.push(...(await listTasks(runtime.store, labourer, state, now, limit)));
        // Tasks of labourers the config no longer defines are in no listing: say they exist.
        const configured = runtime.labourers.map((l) => l.id);
        const unknown =
          resolveBackend(flags.backend) === 'sqlite' && flags.labourer === undefined
            ? openTasksOfUnknownLabourers(runtime.dbPath, configured)
            : [];
        const warning = unknownLabourersWarning(unknown, configured);
        if (flags.json === true) writeJson({ tasks, ...(unknown.length === 0 ? {} : { unknownLabourers: unknown }) });
        else {
          writeLine(tasks.length === 0 ? 'No tasks match.' : taskTable(tasks));
          if (warning !== null) writeLine(`\n${warning}`);
        }
      } finally {
        await runtime.stop();
      }
    },
  );
}
