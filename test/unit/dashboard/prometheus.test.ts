import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../src/dashboard/latency-histogram.js';
import { escapeLabel, renderPrometheus } from '../../../src/dashboard/prometheus.js';
import { COUNTER_NAMES } from '../../../src/ports/metrics.js';

function labourer(id: string, counters: Record<string, number>) {
  const histogram = new LatencyHistogram([0.01, 0.1]);
  histogram.observe(0.005);
  histogram.observe(0.05);
  histogram.observe(3);
  return { labourerId: id, counters, queued: 7, running: 2, retrying: 1, dead: 4, health: 3, cap: 5, dispatchLatency: histogram.view() };
}

describe('renderPrometheus', () => {
  const text = renderPrometheus({ labourers: [labourer('a', { invoked: 12, completed: 10 }), labourer('b"\\\n', {})] });
  const lines = text.split('\n');

  it('writes HELP and TYPE once per metric, then one sample per labourer', () => {
    for (const name of COUNTER_NAMES) {
      const at = lines.indexOf(`# TYPE sosw_tasks_${name}_total counter`);
      expect(lines[at - 1]).toMatch(new RegExp(`^# HELP sosw_tasks_${name}_total \\S`));
      expect(lines[at + 1]).toMatch(new RegExp(`^sosw_tasks_${name}_total\\{labourer="a"\\} \\d+$`));
    }
    expect(text).toContain('sosw_tasks_invoked_total{labourer="a"} 12\n');
    expect(text).toContain('sosw_tasks_failed_total{labourer="a"} 0\n');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes gauges of where tasks are and of health', () => {
    expect(lines).toContain('# TYPE sosw_queue_depth gauge');
    expect(lines).toContain('sosw_queue_depth{labourer="a"} 7');
    expect(lines).toContain('sosw_tasks_running{labourer="a"} 2');
    expect(lines).toContain('sosw_tasks_retrying{labourer="a"} 1');
    expect(lines).toContain('sosw_tasks_dead{labourer="a"} 4');
    expect(lines).toContain('sosw_labourer_health{labourer="a"} 3');
    expect(lines).toContain('sosw_labourer_cap{labourer="a"} 5');
  });

  it('writes dispatch latency as a cumulative histogram in seconds', () => {
    expect(lines).toContain('# TYPE sosw_dispatch_latency_seconds histogram');
    expect(lines).toContain('sosw_dispatch_latency_seconds_bucket{labourer="a",le="0.01"} 1');
    expect(lines).toContain('sosw_dispatch_latency_seconds_bucket{labourer="a",le="0.1"} 2');
    expect(lines).toContain('sosw_dispatch_latency_seconds_bucket{labourer="a",le="+Inf"} 3');
    expect(lines).toContain('sosw_dispatch_latency_seconds_sum{labourer="a"} 3.055');
    expect(lines).toContain('sosw_dispatch_latency_seconds_count{labourer="a"} 3');
  });

  it('escapes label values', () => {
    expect(escapeLabel('b"\\\n')).toBe('b\\"\\\\\\n');
    expect(text).toContain('sosw_queue_depth{labourer="b\\"\\\\\\n"} 7');
  });
});
