/**
 * The History panel: a time-range picker (radio buttons: arrow keys move between ranges) and the
 * charts of the minute rollups the essentials stored. The client script (history-script.ts) loads
 * the charts from GET /api/history/section when the page opens, when the range changes and every
 * 30 seconds; the panel is not part of the live sections.
 */
import { HISTORY_RANGE_NAMES, type HistoryPoint, type HistoryRange, type HistorySeries } from '../../core/history/history-series.js';
import { colourOf, esc } from './html.js';
import { type ChartSeries, lineChart } from './line-chart.js';

const RANGE_LABELS: Readonly<Record<HistoryRange, string>> = { '15m': '15 min', '1h': '1 hour', '6h': '6 hours', '24h': '24 hours' };

/** The picker and an empty chart area the client script fills. */
export function historyPanel(selected: HistoryRange): string {
  const options = HISTORY_RANGE_NAMES.map(
    (range) =>
      `<label class="range"><input type="radio" name="history-range" value="${range}"${range === selected ? ' checked' : ''} data-testid="history-range-${range}"><span>${esc(RANGE_LABELS[range])}</span></label>`,
  ).join('');
  return `<div id="history-view" data-range="${selected}"><fieldset class="ranges"><legend>Time range</legend>${options}</fieldset>
<div id="history-charts" data-testid="history-charts" aria-live="polite"><p class="small muted">Loading the stored history…</p></div></div>`;
}

function line(name: string, colour: string, points: readonly HistoryPoint[], pick: (p: HistoryPoint) => number | null): ChartSeries {
  return {
    name,
    colour,
    points: points.flatMap((p): Array<[number, number]> => {
      const value = pick(p);
      return value === null ? [] : [[p.minute * 1000, value]];
    }),
  };
}

/** Four charts over the range: queue depth, completed per minute, failed and dead per minute, dispatch latency p50 / p95. */
export function historyCharts(series: HistorySeries): string {
  const ids = Object.keys(series.labourers);
  const common = { nowMs: series.to * 1000, spanMs: (series.to - series.from) * 1000 };
  const each = (make: (id: string, colour: string, points: readonly HistoryPoint[]) => ChartSeries[]): ChartSeries[] =>
    ids.flatMap((id, i) => make(id, colourOf(i), series.labourers[id] ?? []));
  const written = ids.some((id) =>
    (series.labourers[id] ?? []).some((p) => p.queued !== null || p.invoked + p.completed + p.failed + p.dead > 0),
  );
  const note = written
    ? `Per minute, as the Orchestrator and Scavenger stored it; the current minute is still filling.`
    : 'Nothing stored in this range yet: the essentials write a rollup per labourer and minute while they run.';
  return `<p class="small muted" data-testid="history-note" data-range="${esc(series.range)}">${esc(note)}</p><div class="charts">${lineChart(
    {
      ...common,
      title: 'Queue depth',
      unit: 'tasks queued',
      testId: 'history-queue',
      series: each((id, colour, points) => [line(id, colour, points, (p) => p.queued)]),
    },
  )}${lineChart({
    ...common,
    title: 'Throughput',
    unit: 'tasks completed per minute',
    testId: 'history-throughput',
    series: each((id, colour, points) => [line(id, colour, points, (p) => p.completed)]),
  })}${lineChart({
    ...common,
    title: 'Failures',
    unit: 'failed attempts and dead tasks per minute',
    testId: 'history-failures',
    series: each((id, colour, points) => [
      line(`${id} failed`, colour, points, (p) => p.failed),
      line(`${id} dead`, '#b91c1c', points, (p) => p.dead),
    ]),
  })}${lineChart({
    ...common,
    title: 'Dispatch latency',
    unit: 'ms from tick start to invoke, p50 and p95 (bucket bound)',
    testId: 'history-latency',
    series: each((id, colour, points) => [
      line(`${id} p50`, colour, points, (p) => p.latencyP50Ms),
      line(`${id} p95`, '#6d28d9', points, (p) => p.latencyP95Ms),
    ]),
  })}</div>`;
}

/** Styles of the picker: segmented buttons that keep the native radio keyboard behaviour. */
export const HISTORY_CSS = `
.ranges{display:flex;flex-wrap:wrap;gap:6px;border:0;padding:0;margin:0 0 10px}
.ranges legend{font-size:12px;color:var(--muted);padding:0;margin-bottom:4px;width:100%}
.range{position:relative}.range input{position:absolute;opacity:0;width:1px;height:1px}
.range span{display:inline-block;padding:4px 12px;border:1px solid var(--accent);border-radius:6px;color:var(--accent);cursor:pointer}
.range input:checked+span{background:var(--accent);color:#fff}
.range input:focus-visible+span{outline:3px solid #f59e0b;outline-offset:2px}
#history-view[aria-busy=true] .charts{opacity:.6}
`;
