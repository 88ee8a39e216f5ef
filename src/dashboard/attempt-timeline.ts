/**
 * A task's attempts, read from its audit trail: each `invoked` row opens an attempt, and the next
 * report (`marked_as_completed` / `marked_as_failed`), expiry (`scheduled_for_retry`) or death
 * (`archived_dead`) closes it. Failure errors come from the `marked_as_failed` rows (the task itself
 * keeps only the last result), so no attempt's error is lost. A `redriven` row starts a new round.
 */
import type { AuditEntryView } from './source.js';

export const ATTEMPT_OUTCOMES = ['running', 'completed', 'failed', 'expired', 'dead'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export interface AttemptView {
  /** The attempt number the Orchestrator gave (counts from 1 again after a redrive). */
  readonly attempt: number;
  /** 0 before the first redrive, +1 after each. */
  readonly round: number;
  /** Epoch seconds. */
  readonly startedAt: number;
  readonly endedAt?: number | undefined;
  /** `endedAt - startedAt` in seconds. */
  readonly durationSeconds?: number | undefined;
  /** `running` until a row closes it. */
  readonly outcome: AttemptOutcome;
  /** The worker's error (failed) or the engine's reason (expired, dead). */
  readonly error?: string | undefined;
  readonly code?: string | undefined;
  readonly invocationId?: string | undefined;
  readonly logStreamName?: string | undefined;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const CLOSING: Readonly<Record<string, AttemptOutcome>> = {
  marked_as_completed: 'completed',
  marked_as_failed: 'failed',
  scheduled_for_retry: 'expired',
  archived_dead: 'dead',
};

/** Attempts oldest first, from audit rows in any order. */
export function attemptTimeline(audit: readonly AuditEntryView[]): AttemptView[] {
  const rows = [...audit].sort((a, b) => a.at - b.at);
  const attempts: AttemptView[] = [];
  let open: AttemptView | undefined;
  let round = 0;
  const close = (row: AuditEntryView, outcome: AttemptOutcome): void => {
    if (open === undefined) return;
    const extra = row.extra ?? {};
    const error = text(extra.error) ?? (outcome === 'completed' ? undefined : text(extra.reason));
    const closed: AttemptView = {
      ...open,
      endedAt: row.at,
      durationSeconds: Math.max(0, row.at - open.startedAt),
      outcome,
      error,
      code: text(extra.code),
      invocationId: open.invocationId ?? row.invocationId,
      logStreamName: row.logStreamName ?? open.logStreamName,
    };
    attempts[attempts.length - 1] = closed;
    open = undefined;
  };
  for (const row of rows) {
    if (row.action === 'invoked') {
      const attempt = typeof row.extra?.attempt === 'number' ? row.extra.attempt : attempts.filter((a) => a.round === round).length + 1;
      open = { attempt, round, startedAt: row.at, outcome: 'running', invocationId: row.invocationId, logStreamName: row.logStreamName };
      attempts.push(open);
    } else if (row.action === 'redriven') {
      round += 1;
      open = undefined;
    } else {
      const outcome = CLOSING[row.action];
      if (outcome !== undefined) close(row, outcome);
    }
  }
  return attempts;
}
