/** Charts, jobs and the engines' decisions. */
import type { DecisionsView, JobsView, SeriesPoint, SeriesValues } from '../source.js';
import { clockTime, colourOf, compact, duration, esc, relative } from './html.js';
import { lineChart } from './line-chart.js';

/** Time covered by the charts at most, and at least (they zoom in on a short history). */
export const CHART_SPAN_MS = 5 * 60_000;
export const CHART_MIN_SPAN_MS = 30_000;

function seriesOf(points: readonly SeriesPoint[], ids: readonly string[], pick: (v: SeriesValues) => number | undefined) {
  return ids.map((id, i) => ({
    name: id,
    colour: colourOf(i),
    points: points.flatMap((p): Array<[number, number]> => {
      const v = p.labourers[id];
      const value = v === undefined ? undefined : pick(v);
      return value === undefined ? [] : [[p.at, value]];
    }),
  }));
}

/** The adaptive concurrency target per labourer, drawn only when some labourer has one. */
function adaptiveChart(points: readonly SeriesPoint[], labourerIds: readonly string[], common: { nowMs: number; spanMs: number }): string {
  const series = seriesOf(points, labourerIds, (v) => v.adaptiveTarget).filter((s) => s.points.length > 0);
  if (series.length === 0) return '';
  return lineChart({ ...common, title: 'Adaptive target', unit: 'invocations at once', testId: 'chart-adaptive', series });
}

export function chartsSection(points: readonly SeriesPoint[], labourerIds: readonly string[], nowMs: number): string {
  const recent = points.filter((p) => p.at >= nowMs - CHART_SPAN_MS);
  const oldest = recent[0]?.at ?? nowMs;
  const spanMs = Math.min(CHART_SPAN_MS, Math.max(CHART_MIN_SPAN_MS, Math.ceil((nowMs - oldest) / 10_000) * 10_000));
  const common = { nowMs, spanMs };
  return `<p class="small muted">Last ${esc(duration(spanMs / 1000))}; throughput is averaged over a few seconds.</p><div class="charts">${lineChart(
    {
      ...common,
      title: 'Queue depth',
      unit: 'tasks queued',
      testId: 'chart-queue',
      series: seriesOf(recent, labourerIds, (v) => v.queued),
    },
  )}${lineChart({
    ...common,
    title: 'Throughput',
    unit: 'tasks completed per second',
    testId: 'chart-throughput',
    series: seriesOf(recent, labourerIds, (v) => v.completedPerSecond),
  })}${adaptiveChart(recent, labourerIds, common)}</div>`;
}

function bar(done: number, dead: number, total: number): string {
  const pct = (n: number): string => `${total === 0 ? 0 : ((n / total) * 100).toFixed(1)}%`;
  return `<div class="progress"><span class="ok" style="width:${pct(done - dead)}"></span><span class="bad" style="width:${pct(dead)}"></span></div>`;
}

export function jobsSection(view: JobsView, nowMs: number): string {
  const rows = view.labourers.map((l) => {
    const pct = l.total === 0 ? 100 : Math.floor((l.done / l.total) * 100);
    const eta =
      l.done === l.total ? 'done' : l.etaSeconds === null ? 'no completions in the last minute' : `about ${duration(l.etaSeconds)} left`;
    return `<div class="job" data-testid="progress-${esc(l.labourerId)}"><div class="jobhead"><b>${esc(l.labourerId)}</b><span>${compact(l.done)} of ${compact(l.total)} closed (${pct}%)${l.dead > 0 ? `, ${compact(l.dead)} dead` : ''} · ${esc(eta)}</span></div>${bar(l.done, l.dead, l.total)}</div>`;
  });
  const jobs = view.jobs.map((j) => {
    const closed = j.closed === null ? 'too large to count by id' : `${j.closed} closed${(j.dead ?? 0) > 0 ? `, ${j.dead} dead` : ''}`;
    const queueing = j.queueingDone ? `${compact(j.total)} tasks queued` : `queueing ${compact(j.queuedRows)} of ${compact(j.total)}`;
    return `<tr><td class="mono">${esc(j.jobId)}</td><td>${esc(j.labourerId)}</td><td>${esc(queueing)}</td><td>${esc(closed)}</td><td>${esc(relative(j.scheduledAt, nowMs))}</td></tr>`;
  });
  const table =
    jobs.length === 0
      ? ''
      : `<div class="tablewrap" tabindex="0" role="region" aria-label="jobs"><table><thead><tr><th>job</th><th>labourer</th><th>queueing</th><th>progress</th><th>scheduled</th></tr></thead><tbody>${jobs.join('')}</tbody></table></div>`;
  return `${rows.join('')}<p class="small muted">${esc(view.note)}</p>${table}`;
}

export function decisionsSection(view: DecisionsView, nowMs: number): string {
  if (view.known === false)
    return '<p class="muted">Not known here: the Orchestrator and the Scavenger run in another process (sosw dev, or the deployed functions), and their decisions are in its output or logs. sosw status shows each labourer\'s last decision where a heartbeat or a run left one.</p>';
  const busy = view.orchestrator.filter((d) => d.invoked > 0 || d.error !== undefined).slice(0, 12);
  const orchestrator =
    busy.length === 0
      ? '<p class="muted">No invocations yet: every recent tick found nothing to do (see each labourer\'s last tick above).</p>'
      : `<ol class="log" tabindex="0" aria-label="Orchestrator ticks that invoked">${busy
          .map(
            (d) =>
              `<li><span class="when">${esc(clockTime(d.at))}</span> <b>${esc(d.labourerId)}</b> tick ${d.tick}: <b>${d.invoked}</b> invoked. ${esc(d.reason)}</li>`,
          )
          .join('')}</ol>`;
  const last = view.scavengerLastRunAt === null ? 'has not run yet' : `last ran ${relative(view.scavengerLastRunAt, nowMs)}`;
  const scavenger =
    view.scavenger.length === 0
      ? `<p class="muted">Nothing archived, retried or closed yet (the Scavenger ${esc(last)}).</p>`
      : `<ol class="log" tabindex="0" aria-label="Scavenger runs that changed something">${view.scavenger
          .slice(0, 12)
          .map((r) => `<li><span class="when">${esc(clockTime(r.at))}</span> ${esc(r.summary)}</li>`)
          .join('')}</ol><p class="small muted">The Scavenger ${esc(last)}.</p>`;
  return `<div class="split"><div><h3>Orchestrator <small>ticks that invoked</small></h3>${orchestrator}</div><div><h3>Scavenger <small>runs that changed something</small></h3>${scavenger}</div></div>`;
}
