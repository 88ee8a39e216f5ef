/**
 * How long minute rollups are kept: `task_config.history_retention_hours` (shared by every
 * essential, so the Orchestrator, the Scavenger and the dashboard agree). Pure.
 */
import { describeValue, SoswError } from '../errors.js';

/** @defaultValue 24 hours */
export const DEFAULT_HISTORY_RETENTION_HOURS = 24;
/** Longest retention accepted (30 days): a rollup per labourer per minute stays small, but not unbounded. */
export const MAX_HISTORY_RETENTION_HOURS = 720;

export interface HistoryConfig {
  /** Seconds a rollup is kept after its minute. */
  readonly retentionSeconds: number;
}

/**
 * Read `history_retention_hours` from a `task_config` document. A value that is not a number of
 * hours in (0, 720] fails with `config.invalid` naming the key.
 *
 * @example
 * resolveHistoryConfig({ history_retention_hours: 6 }).retentionSeconds; // 21600
 */
export function resolveHistoryConfig(taskConfig: unknown = {}): HistoryConfig {
  const value = (taskConfig as Record<string, unknown> | null | undefined)?.history_retention_hours;
  if (value === undefined) return { retentionSeconds: DEFAULT_HISTORY_RETENTION_HOURS * 3600 };
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_HISTORY_RETENTION_HOURS || value * 60 < 1) {
    throw new SoswError(
      'config.invalid',
      `task_config.history_retention_hours is ${describeValue(value)}: give the hours minute rollups are kept, a number from 1/60 to ${MAX_HISTORY_RETENTION_HOURS} (default ${DEFAULT_HISTORY_RETENTION_HOURS}).`,
      { details: { field: 'task_config.history_retention_hours', received: value } },
    );
  }
  return { retentionSeconds: Math.round(value * 3600) };
}
