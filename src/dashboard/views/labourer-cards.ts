/** The labourers section: one card per labourer with health, slots, counts and the last decision. */
import { ECO_STATUS_NAMES } from '../../core/labourer/labourer.js';
import type { LabourerSummary, Overview } from '../source.js';
import { compact, esc, healthClass, relative } from './html.js';

const HEALTH_NAMES: readonly string[] = ECO_STATUS_NAMES;
const MAX_SLOT_BOXES = 48;

function metricsLine(l: LabourerSummary): string {
  if (l.metrics.length === 0) {
    return l.lastDecision === null ? 'health not read yet' : 'no health metrics: always High';
  }
  return l.metrics
    .map((m) => {
      const value = m.value === null ? `no data (${m.problem ?? 'noData'})` : compact(m.value);
      return `${esc(m.name)} = <b>${esc(value)}</b> → ${m.status} ${esc(HEALTH_NAMES[m.status] ?? '')}`;
    })
    .join('<br>');
}

/**
 * Slot boxes: busy (running), free (as many as *allowed now*), and closed (by health, a hold, a pin,
 * the adaptive target or the rate limit), so the boxes and the number never disagree.
 */
function slots(l: LabourerSummary): string {
  const max = l.maxSimultaneousInvocations;
  const open = l.running + l.allowedNow;
  const title = `${l.running} running · ${l.allowedNow} free now · cap ${l.cap} of ${max} slots at health ${l.health}`;
  if (max > MAX_SLOT_BOXES) {
    const pct = (n: number): string => `${Math.min(100, (n / Math.max(max, 1)) * 100).toFixed(1)}%`;
    return `<div class="slotbar" title="${esc(title)}"><span class="cap" style="width:${pct(open)}"></span><span class="busy" style="width:${pct(l.running)}"></span></div>`;
  }
  const boxes: string[] = [];
  for (let i = 0; i < max; i++) boxes.push(`<i class="${i < l.running ? 'busy' : i < open ? 'free' : 'closed'}"></i>`);
  return `<div class="slots" title="${esc(title)}">${boxes.join('')}</div>`;
}

function tile(name: string, value: number, testId: string, cls = ''): string {
  return `<div class="tile ${cls}"><dd data-testid="${testId}">${esc(compact(value))}</dd><dt>${esc(name)}</dt></div>`;
}

function rateLine(l: LabourerSummary): string {
  const limit = l.rateLimit === null ? 'no rate limit' : `limit ${l.rateLimit.invocations}/${l.rateLimit.per}`;
  const latency =
    l.dispatchLatencyMs === null
      ? ''
      : ` · dispatch latency p50 ${compact(l.dispatchLatencyMs.p50)} ms, p95 ${compact(l.dispatchLatencyMs.p95)} ms`;
  return `${esc(compact(l.ratePerSecond))} invocations/s over the last minute (${esc(limit)})${esc(latency)}`;
}

function counters(l: LabourerSummary): string {
  const names = ['queued', 'invoked', 'completed', 'failed', 'retried', 'returned', 'dead'];
  return names.map((n) => `${esc(n)} <b>${esc(compact(l.counters[n] ?? 0))}</b>`).join(' · ');
}

/** What the operator set (paused, draining, pinned) and the buttons that change it; each asks first. */
function controlsLine(l: LabourerSummary): string {
  if (l.control === undefined) return '';
  const { state, badge, text, pinned } = l.control;
  const id = esc(l.labourerId);
  const button = (verb: string, label: string): string =>
    `<button type="button" class="ghost" data-control="${verb}" data-labourer="${id}">${esc(label)}</button>`;
  const held = state !== 'active';
  const buttons = [
    held ? button('resume', 'Resume') : `${button('pause', 'Pause')}${button('drain', 'Drain')}`,
    button('limit', 'Pin limit'),
    pinned ? button('unpin', 'Clear limit') : '',
  ].join('');
  return `<div class="controls" data-testid="controls"><span class="control ${esc(badge)}" data-testid="control-state">${esc(badge)}</span>${text === '' ? '' : ` <small>${esc(text)}</small>`}<div class="buttons">${buttons}</div></div>`;
}

export function labourerCard(l: LabourerSummary, nowMs: number): string {
  const why =
    l.lastDecision === null
      ? '<p class="why muted">No dispatch decision yet.</p>'
      : `<p class="why" data-testid="why"><b>Last tick:</b> ${esc(l.lastDecision.reason)} <small>${esc(relative(l.lastDecision.at, nowMs))}</small></p>`;
  return `<article class="card labourer" data-testid="labourer-${esc(l.labourerId)}" data-labourer="${esc(l.labourerId)}">
<header><h3>${esc(l.labourerId)}</h3><span class="health ${healthClass(l.health)}" data-testid="health">${l.health} · ${esc(l.healthName)}</span></header>
<p class="metrics">${metricsLine(l)}</p>
${slots(l)}
<p class="cap">cap <b data-testid="cap">${l.cap}</b> = floor(${l.maxSimultaneousInvocations} × ${compact(l.coefficient)}) · running <b>${l.running}</b> · allowed now <b data-testid="allowed">${l.allowedNow}</b></p>
<dl class="tiles">${tile('queued', l.queued, 'queued')}${tile('running', l.running, 'running')}${tile('retrying', l.retrying, 'retrying', l.retrying > 0 ? 'warn' : '')}${tile('completed', l.completed, 'completed', 'ok')}${tile('dead', l.dead, 'dead', l.dead > 0 ? 'bad' : '')}</dl>
<p class="small muted">expired, awaiting the Scavenger <b data-testid="expired">${l.expired}</b> · reported, awaiting archive <b data-testid="reported">${l.reported}</b> · cancelled <b data-testid="cancelled">${l.cancelled}</b></p>
<p class="small">${rateLine(l)}</p>
${why}
${controlsLine(l)}
<p class="small muted counters">this process: ${counters(l)}</p>
</article>`;
}

export function labourersSection(overview: Overview): string {
  if (overview.labourers.length === 0) return '<p class="muted">The project has no labourers.</p>';
  return `<div class="cards">${overview.labourers.map((l) => labourerCard(l, overview.at)).join('')}</div>`;
}
