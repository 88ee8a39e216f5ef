/** One task: its facts, payload, result and audit trail. */
import { attemptTimeline } from '../attempt-timeline.js';
import type { TaskDetail } from '../source.js';
import { duration, esc } from './html.js';

function when(seconds: number | undefined): string {
  return seconds === undefined ? '–' : new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 23);
}

function json(value: unknown): string {
  return `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`;
}

/** One row per attempt: when it ran, how long, how it ended and why. */
function attemptsTable(task: TaskDetail): string {
  const attempts = attemptTimeline(task.audit);
  if (attempts.length === 0) return '<p class="muted" data-testid="no-attempts">Not invoked yet.</p>';
  const rows = attempts.map((a) => {
    const label = a.round === 0 ? String(a.attempt) : `${a.attempt} <small>(after redrive ${a.round})</small>`;
    const took = a.durationSeconds === undefined ? '–' : duration(a.durationSeconds);
    const why = [a.error, a.code === undefined ? undefined : `code ${a.code}`].filter((x) => x !== undefined).join(' · ');
    const where = a.logStreamName ?? a.invocationId ?? '';
    return `<tr data-testid="attempt-row" data-outcome="${esc(a.outcome)}"><td class="num">${label}</td><td class="mono">${esc(when(a.startedAt))}</td><td class="mono">${esc(when(a.endedAt))}</td><td>${esc(took)}</td><td><span class="state ${esc(a.outcome)}">${esc(a.outcome)}</span></td><td class="err">${esc(why)}</td><td class="mono small">${esc(where)}</td></tr>`;
  });
  return `<div class="tablewrap" tabindex="0" role="region" aria-label="attempts"><table data-testid="attempts"><thead><tr><th class="num">#</th><th>started (UTC)</th><th>ended</th><th>took</th><th>outcome</th><th>error</th><th>log stream / invocation</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
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
<div><h3>Attempts <small>oldest first</small></h3>${attemptsTable(task)}<h3>Audit trail <small>oldest first</small></h3><div class="tablewrap" tabindex="0" role="region" aria-label="audit trail">${audit}</div></div></div>`;
}
