import { describe, expect, it } from 'vitest';
import { attemptTimeline } from '../../../src/dashboard/attempt-timeline.js';
import type { AuditEntryView } from '../../../src/dashboard/source.js';

const row = (at: number, action: string, extra?: Record<string, unknown>, more: Partial<AuditEntryView> = {}): AuditEntryView => ({
  at,
  action,
  extra,
  ...more,
});

describe('attemptTimeline', () => {
  it('keeps every attempt with its start, end, outcome, error and duration, across a redrive', () => {
    // Prepare: fail, expire, die; redriven; then completes. Rows arrive out of order.
    const audit = [
      row(100, 'created'),
      row(130, 'marked_as_failed', { attempt: 1, error: 'boom 1', code: 'E_ONE' }, { logStreamName: 'stream-1' }),
      row(110, 'invoked', { attempt: 1 }, { invocationId: 'req-1' }),
      row(140, 'scheduled_for_retry', { attempt: 1, reason: 'failed' }),
      row(150, 'invoked', { attempt: 2 }),
      row(1150, 'scheduled_for_retry', { attempt: 2, reason: 'expired' }),
      row(1200, 'invoked', { attempt: 3 }),
      row(1201, 'marked_as_failed', { attempt: 3, error: 'boom 3' }),
      row(1300, 'archived_dead', { attempt: 3, reason: 'failed' }),
      row(2000, 'redriven'),
      row(2010, 'invoked', { attempt: 1 }),
      row(2012.5, 'marked_as_completed', { attempt: 1 }),
      row(2100, 'archived'),
    ];

    const attempts = attemptTimeline(audit);

    expect(attempts).toEqual([
      {
        attempt: 1,
        round: 0,
        startedAt: 110,
        endedAt: 130,
        durationSeconds: 20,
        outcome: 'failed',
        error: 'boom 1',
        code: 'E_ONE',
        invocationId: 'req-1',
        logStreamName: 'stream-1',
      },
      expect.objectContaining({ attempt: 2, round: 0, startedAt: 150, endedAt: 1150, outcome: 'expired', error: 'expired' }),
      expect.objectContaining({ attempt: 3, round: 0, outcome: 'failed', error: 'boom 3', durationSeconds: 1 }),
      expect.objectContaining({ attempt: 1, round: 1, outcome: 'completed', error: undefined, durationSeconds: 2.5 }),
    ]);
  });

  it('leaves the last attempt running until a row closes it, and numbers attempts without an attempt field', () => {
    const attempts = attemptTimeline([row(1, 'invoked'), row(2, 'marked_as_failed', { error: { nested: true } }), row(3, 'invoked')]);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.error])).toEqual([
      [1, 'failed', '{"nested":true}'],
      [2, 'running', undefined],
    ]);
  });

  it('answers no attempts for a task never invoked', () => {
    expect(attemptTimeline([row(1, 'created')])).toEqual([]);
  });
});
