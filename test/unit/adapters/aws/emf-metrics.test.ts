import { describe, expect, it, vi } from 'vitest';
import { EMF_MAX_VALUES, EmfMetrics, emfCounterName } from '../../../../src/adapters/aws/emf-metrics.js';
import { ManualClock } from '../../../../src/core/clock.js';

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }>;
  };
  [key: string]: unknown;
}

function capture(options: ConstructorParameters<typeof EmfMetrics>[0] = {}) {
  const lines: string[] = [];
  const metrics = new EmfMetrics({ clock: new ManualClock(1_700_000_000_000), ...options, write: (line) => lines.push(line) });
  return { metrics, lines, docs: (): EmfDocument[] => lines.map((l) => JSON.parse(l) as EmfDocument) };
}

describe('EmfMetrics', () => {
  it('writes one EMF line per labourer with counters and observations, namespace sosw, dimension labourer', () => {
    const { metrics, docs } = capture();
    metrics.count('invoked', 'a', 3);
    metrics.count('invoked', 'a');
    metrics.count('dead', 'b');
    metrics.observe('dispatch_latency_ms', 'a', 12);
    metrics.observe('dispatch_latency_ms', 'a', 30);
    metrics.observe('queue_wait_seconds', 'a', 4);

    metrics.flush();
    const [a, b] = docs();

    expect(a).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'sosw',
            Dimensions: [['labourer']],
            Metrics: [
              { Name: 'tasks_invoked', Unit: 'Count' },
              { Name: 'dispatch_latency_ms', Unit: 'Milliseconds' },
              { Name: 'queue_wait_seconds', Unit: 'Seconds' },
            ],
          },
        ],
      },
      labourer: 'a',
      tasks_invoked: 4,
      dispatch_latency_ms: [12, 30],
      queue_wait_seconds: 4,
    });
    expect(b).toMatchObject({ labourer: 'b', tasks_dead: 1 });
    expect(b?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'tasks_dead', Unit: 'Count' }]);
  });

  it('starts over after a flush and writes nothing when nothing happened', () => {
    const { metrics, lines } = capture();
    metrics.count('queued', 'a');
    metrics.flush();

    const second = metrics.flush();

    expect(lines).toHaveLength(1);
    expect(second).toEqual([]);
    expect(metrics.pendingLabourers).toEqual([]);
  });

  it('splits observations over 100 values across lines, counters on the first one only', () => {
    const { metrics, docs } = capture();
    metrics.count('invoked', 'a', 250);
    for (let i = 0; i < 250; i++) metrics.observe('dispatch_latency_ms', 'a', i);

    metrics.flush();
    const written = docs();

    expect(written).toHaveLength(3);
    expect(written.map((d) => (d.dispatch_latency_ms as number[]).length)).toEqual([EMF_MAX_VALUES, EMF_MAX_VALUES, 50]);
    expect(written.map((d) => d.tasks_invoked)).toEqual([250, undefined, undefined]);
    expect(written.flatMap((d) => d.dispatch_latency_ms as number[])).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('adds extra dimensions to every line and dimension set, in a custom namespace', () => {
    const { metrics, docs } = capture({ namespace: 'acme/sosw', dimensions: { function: 'sosw_orchestrator' } });
    metrics.count('invoked', 'a');
    metrics.observe('tick_duration_ms', 'a', Number.NaN);

    metrics.flush();
    const [doc] = docs();

    expect(doc?._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'acme/sosw', Dimensions: [['labourer', 'function']] });
    expect(doc).toMatchObject({ function: 'sosw_orchestrator', labourer: 'a', tasks_invoked: 1 });
    expect(doc).not.toHaveProperty('tick_duration_ms');
  });

  it('writes to stdout by default, one line each', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const metrics = new EmfMetrics();
    metrics.count('completed', 'a');

    metrics.flush();

    expect(write).toHaveBeenCalledTimes(1);
    expect(String(write.mock.calls[0]?.[0])).toMatch(/^\{"_aws".*"tasks_completed":1\}\n$/);
  });

  it('names counters tasks_<name>', () => {
    expect(emfCounterName('claim_lost')).toBe('tasks_claim_lost');
  });
});
