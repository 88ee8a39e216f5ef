/** Dead tasks (with a redrive button) and tasks waiting to be retried. */
import type { DeadTaskView, RetryView } from '../source.js';
import { esc, relative } from './html.js';

function taskLink(taskId: string): string {
  return `<a class="mono" href="/tasks/${encodeURIComponent(taskId)}">${esc(taskId)}</a>`;
}

/** `total`: dead tasks in the store (the table shows the newest few). */
export function deadSection(dead: readonly DeadTaskView[], nowMs: number, total = dead.length): string {
  if (dead.length === 0) return '<p class="muted" data-testid="no-dead">No dead tasks.</p>';
  const count = `<p class="count" data-testid="dead-count">${dead.length} of ${total} dead tasks, newest first · <a href="/explore?state=dead">filter, page and redrive them all</a></p>`;
  const rows = dead.map(
    (t) =>
      `<tr data-testid="dead-row" data-task-id="${esc(t.taskId)}"><td>${taskLink(t.taskId)}</td><td>${esc(t.labourerId)}</td><td class="num">${t.attempts}</td><td>${esc(relative(t.closedAt * 1000, nowMs))}</td><td><button type="button" class="redrive" data-redrive="${esc(t.taskId)}">Redrive</button></td></tr>`,
  );
  return `${count}<div class="tablewrap" tabindex="0" role="region" aria-label="dead tasks"><table><thead><tr><th>task</th><th>labourer</th><th class="num">attempts</th><th>closed</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></div>
<p class="small muted">Redrive puts a dead task back at the end of its labourer's queue with its attempts reset to 0.</p>`;
}

export function retriesSection(retries: readonly RetryView[], nowMs: number): string {
  if (retries.length === 0) return '<p class="muted" data-testid="no-retries">No tasks waiting for a retry.</p>';
  const rows = retries.map((t) => {
    const due = t.dueAt * 1000 <= nowMs ? 'due now' : relative(t.dueAt * 1000, nowMs);
    return `<tr data-testid="retry-row"><td>${taskLink(t.taskId)}</td><td>${esc(t.labourerId)}</td><td class="num">${t.attempts}</td><td>${esc(due)}</td></tr>`;
  });
  return `<div class="tablewrap" tabindex="0" role="region" aria-label="retries"><table><thead><tr><th>task</th><th>labourer</th><th class="num">attempts so far</th><th>back in the queue</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}
