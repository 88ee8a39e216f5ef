import { describe, expect, it } from 'vitest';
import type { LabourerSummary } from '../../../../src/dashboard/source.js';
import { chartsSection, decisionsSection } from '../../../../src/dashboard/views/activity-sections.js';
import { compact, duration, esc, jsonScript, relative } from '../../../../src/dashboard/views/html.js';
import { labourerCard } from '../../../../src/dashboard/views/labourer-cards.js';
import { lineChart, niceCeiling } from '../../../../src/dashboard/views/line-chart.js';
import { deadSection, retriesSection } from '../../../../src/dashboard/views/task-tables.js';
import { taskSection } from '../../../../src/dashboard/views/task-view.js';

const NOW = Date.UTC(2025, 0, 1, 12);

function summary(overrides: Partial<LabourerSummary> = {}): LabourerSummary {
  return {
    labourerId: 'w',
    health: 2,
    healthName: 'Moderate',
    metrics: [{ name: 'load', value: 75, status: 2 }],
    maxSimultaneousInvocations: 6,
    coefficient: 0.5,
    cap: 3,
    allowedNow: 1,
    running: 2,
    queued: 40,
    expired: 0,
    reported: 0,
    retrying: 1,
    completed: 9,
    dead: 0,
    cancelled: 0,
    ratePerSecond: 1.5,
    rateLimit: null,
    counters: { invoked: 12 },
    dispatchLatencyMs: { count: 3, p50: 2, p95: 9, max: 9 },
    lastDecision: { at: NOW - 2000, invoked: 1, reason: 'health 2 (Moderate): invoked 1 of 1 wanted' },
    ...overrides,
  };
}

describe('html helpers', () => {
  it('escapes markup, JSON in scripts, and formats numbers and times', () => {
    expect(esc('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(jsonScript({ s: '</script>' })).toBe('{"s":"\\u003c/script>"}');
    expect([compact(12.345), compact(12_345), compact(2_500_000)]).toEqual(['12.35', '12.3k', '2.5M']);
    expect([duration(42), duration(200), duration(7300)]).toEqual(['42s', '3m 20s', '2h 1m']);
    expect([relative(NOW - 5000, NOW), relative(NOW + 65_000, NOW), relative(NOW, NOW)]).toEqual(['5s ago', 'in 1m 5s', 'now']);
  });
});

describe('labourerCard', () => {
  it('shows health, slots, cap arithmetic, counts and the last decision', () => {
    const html = labourerCard(summary(), NOW);

    expect(html).toContain('class="health moderate"');
    expect(html).toContain('load = <b>75</b> → 2 Moderate');
    expect(html.match(/<i class="busy">/g)).toHaveLength(2);
    expect(html.match(/<i class="free">/g)).toHaveLength(1);
    expect(html.match(/<i class="closed">/g)).toHaveLength(3);
    expect(html).toContain('cap <b data-testid="cap">3</b> = floor(6 × 0.5)');
    expect(html).toContain('data-testid="queued">40<');
    expect(html).toContain('invoked 1 of 1 wanted');
    expect(html).toContain('2s ago');
  });

  it('draws as many free boxes as allowed now, closing the rest (a hold, a pin, the adaptive target)', () => {
    const paused = labourerCard(
      summary({ allowedNow: 0, control: { state: 'paused', badge: 'paused', text: 'paused by alice', pinned: false } }),
      NOW,
    );
    const pinned = labourerCard(
      summary({ cap: 6, coefficient: 1, allowedNow: 1, control: { state: 'active', badge: 'pinned', text: 'limit pinned', pinned: true } }),
      NOW,
    );

    expect(paused.match(/<i class="free">/g)).toBeNull();
    expect(paused.match(/<i class="closed">/g)).toHaveLength(4);
    expect(paused).toContain('data-testid="control-state">paused<');
    expect(pinned.match(/<i class="free">/g)).toHaveLength(1);
    expect(pinned.match(/<i class="closed">/g)).toHaveLength(3);
    expect(pinned).toContain('<span class="control pinned" data-testid="control-state">pinned</span>');
    expect(pinned).toContain('data-control="unpin"');
  });

  it('escapes labourer ids and metric names, and draws a bar for many slots', () => {
    const html = labourerCard(
      summary({ labourerId: '<script>x</script>', maxSimultaneousInvocations: 500, cap: 250, lastDecision: null }),
      NOW,
    );

    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('class="slotbar"');
    expect(html).toContain('No dispatch decision yet.');
  });
});

describe('charts', () => {
  it('rounds the y axis up to 1, 2 or 5 x 10^k', () => {
    expect([0, 0.4, 3, 7, 12, 180, 1000].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 200, 1000]);
  });

  it('draws one path per series and a legend with the latest values', () => {
    const svg = lineChart({
      title: 'Queue depth',
      unit: 'tasks',
      testId: 'chart',
      nowMs: NOW,
      spanMs: 60_000,
      series: [
        {
          name: 'w',
          colour: '#123456',
          points: [
            [NOW - 30_000, 4],
            [NOW, 8],
          ],
        },
      ],
    });

    expect(svg.match(/<path class="line"/g)).toHaveLength(1);
    expect(svg).toContain('stroke="#123456"');
    expect(svg).toContain('w <b>8</b>');
    expect(svg).not.toContain('waiting for samples');
  });

  it('says it is waiting while there are fewer than two samples, and zooms to the history it has', () => {
    const html = chartsSection([{ at: NOW, labourers: {} }], ['w'], NOW);

    expect(html).toContain('waiting for samples');
    expect(html).toContain('Last 30s');
  });
});

describe('tables and the task view', () => {
  it('lists dead tasks with a redrive button and retries with their due time', () => {
    const dead = deadSection([{ taskId: 't1', labourerId: 'w', attempts: 3, closedAt: NOW / 1000 - 60, createdAt: 0 }], NOW);
    const retries = retriesSection(
      [
        { taskId: 't2', labourerId: 'w', attempts: 1, dueAt: NOW / 1000 + 30 },
        { taskId: 't3', labourerId: 'w', attempts: 2, dueAt: NOW / 1000 - 1 },
      ],
      NOW,
    );

    expect(dead).toContain('data-redrive="t1"');
    expect(dead).toContain('1m 0s ago');
    expect(retries).toContain('in 30s');
    expect(retries).toContain('due now');
    expect(deadSection([], NOW)).toContain('No dead tasks.');
    expect(retriesSection([], NOW)).toContain('No tasks waiting');
  });

  it('shows a task with its payload and audit trail, or says it is unknown', () => {
    const html = taskSection(
      {
        taskId: 't1',
        labourerId: 'w',
        state: 'dead',
        attempts: 3,
        greenfield: 1,
        createdAt: NOW / 1000,
        payload: { region: '<b>' },
        audit: [{ at: NOW / 1000, action: 'created', author: 'sosw_scheduler' }],
      },
      't1',
    );

    expect(html).toContain('data-redrive="t1"');
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('<b>created</b>');
    expect(taskSection(null, 'nope')).toContain('No task');
  });

  it('explains idle engines in the decisions section', () => {
    const html = decisionsSection({ orchestrator: [], scavenger: [], scavengerLastRunAt: null }, NOW);

    expect(html).toContain('No invocations yet');
    expect(html).toContain('has not run yet');
  });
});
