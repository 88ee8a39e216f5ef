/** One task: its facts, payload, result and audit trail. */
import type { TaskDetail } from '../source.js';
import { esc } from './html.js';

function when(seconds: number | undefined): string {
  return seconds === undefined ? '–' : new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 23);
}

function json(value: unknown): string {
  return `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`;
}

export function taskSection(task: TaskDetail | null, taskId: string): string {
  if (task === null)
    return `<p data-testid="task-unknown">No task <span class="mono">${esc(taskId)}</span> in the queue, the retry queue or the archive.</p>`;
  const redrive = task.state === 'dead' ? ` <button type="button" data-redrive="${esc(task.taskId)}">Redrive</button>` : '';
  const facts: Array<[string, string]> = [
    ['state', `<span class="state ${esc(task.state)}" data-testid="task-state">${esc(task.state)}</span>${redrive}`],
    ['labourer', esc(task.labourerId)],
    ['attempts', `<span data-testid="task-attempts">${task.attempts}</span>`],
    ['created', esc(when(task.createdAt))],
    ['completed', esc(when(task.completedAt))],
    ['closed', esc(when(task.closedAt))],
    ['next attempt', esc(when(task.desiredLaunchTime))],
    ['greenfield', `<span class="mono">${esc(task.greenfield)}</span>`],
  ];
  const audit =
    task.audit.length === 0
      ? '<p class="muted">No audit entries (the meta log may be off).</p>'
      : `<table data-testid="audit"><thead><tr><th>time (UTC)</th><th>action</th><th>by</th><th>details</th></tr></thead><tbody>${task.audit
          .map(
            (e) =>
              `<tr><td class="mono">${esc(when(e.at))}</td><td><b>${esc(e.action)}</b></td><td>${esc(e.author ?? '')}</td><td class="mono">${esc(e.extra === undefined ? '' : JSON.stringify(e.extra))}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<div class="grid2"><div><dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>
<h3>payload</h3>${json(task.payload)}${task.result === undefined ? '' : `<h3>result</h3>${json(task.result)}`}${task.stats === undefined ? '' : `<h3>stats</h3>${json(task.stats)}`}</div>
<div><h3>Audit trail <small>oldest first</small></h3>${audit}</div></div>`;
}
