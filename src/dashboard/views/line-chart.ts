/** Inline SVG line charts drawn on the server: no chart library, no CDN. */
import { compact, esc } from './html.js';

export interface ChartSeries {
  readonly name: string;
  readonly colour: string;
  /** [epoch ms, value], oldest first. */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface LineChartOptions {
  readonly title: string;
  /** Shown after the title, e.g. `tasks` or `tasks/s`. */
  readonly unit: string;
  readonly series: readonly ChartSeries[];
  /** Right edge of the time axis (epoch ms). */
  readonly nowMs: number;
  /** Width of the time axis in ms. */
  readonly spanMs: number;
  readonly testId: string;
}

const W = 560;
const H = 190;
const PAD = { left: 44, right: 12, top: 12, bottom: 26 };

/** The smallest 1, 2 or 5 x 10^k at or above `value` (at least 1). */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function axisLabel(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s === 0) return 'now';
  if (s < 60) return `-${s}s`;
  return s < 7200 ? `-${Math.round(s / 60)}m` : `-${Math.round(s / 3600)}h`;
}

/** One chart as an SVG figure with a legend; an empty chart says it is waiting for samples. */
export function lineChart(options: LineChartOptions): string {
  const { series, nowMs, spanMs } = options;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const start = nowMs - spanMs;
  const max = niceCeiling(Math.max(0, ...series.flatMap((s) => s.points.map((p) => p[1]))));
  const x = (at: number): number => PAD.left + (Math.min(Math.max(at - start, 0), spanMs) / spanMs) * plotW;
  const y = (v: number): number => PAD.top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const gy = y(v).toFixed(1);
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${gy}" y2="${gy}"/>`);
    parts.push(`<text class="tick" x="${PAD.left - 6}" y="${gy}" text-anchor="end" dominant-baseline="middle">${esc(compact(v))}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const at = start + (spanMs * i) / 4;
    parts.push(`<text class="tick" x="${x(at).toFixed(1)}" y="${H - 8}" text-anchor="middle">${axisLabel(nowMs - at)}</text>`);
  }
  const hasData = series.some((s) => s.points.length > 1);
  for (const s of series) {
    if (s.points.length === 0) continue;
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
    parts.push(`<path class="line" d="${d}" stroke="${esc(s.colour)}"><title>${esc(s.name)}</title></path>`);
    const last = s.points[s.points.length - 1] as readonly [number, number];
    parts.push(`<circle cx="${x(last[0]).toFixed(1)}" cy="${y(last[1]).toFixed(1)}" r="3" fill="${esc(s.colour)}"/>`);
  }
  if (!hasData)
    parts.push(
      `<text class="empty" x="${PAD.left + plotW / 2}" y="${PAD.top + plotH / 2}" text-anchor="middle">waiting for samples…</text>`,
    );
  const legend = series
    .map((s) => {
      const last = s.points[s.points.length - 1];
      const value = last === undefined ? '–' : compact(last[1]);
      return `<span class="key"><i style="background:${esc(s.colour)}"></i>${esc(s.name)} <b>${esc(value)}</b></span>`;
    })
    .join('');
  return `<figure class="chart" data-testid="${esc(options.testId)}">
<figcaption>${esc(options.title)} <small>${esc(options.unit)}</small></figcaption>
<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(options.title)}">${parts.join('')}</svg>
<div class="legend">${legend}</div>
</figure>`;
}
