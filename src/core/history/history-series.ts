/**
 * The dashboard's history charts from stored minute rollups: one point per minute of the range,
 * minutes nobody wrote counted as zero (and their queue depth unknown). Pure.
 */
import { latencyPercentileMs, type MinuteRollup, mergeRollups, minuteOf } from './minute-rollup.js';

/** Ranges the time-range picker offers, in minutes. */
export const HISTORY_RANGES = Object.freeze({ '15m': 15, '1h': 60, '6h': 360, '24h': 1440 } as const);
export type HistoryRange = keyof typeof HISTORY_RANGES;
export const HISTORY_RANGE_NAMES = Object.freeze(Object.keys(HISTORY_RANGES) as HistoryRange[]);

export interface HistoryPoint {
  /** Epoch seconds of the minute's start. */
  readonly minute: number;
  readonly queued: number | null;
  readonly invoked: number;
  readonly completed: number;
  readonly failed: number;
  readonly dead: number;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
}

export interface HistorySeries {
  readonly range: HistoryRange;
  /** Epoch seconds: the first minute shown and the minute after the last. */
  readonly from: number;
  readonly to: number;
  /** Per labourer, oldest minute first, one point per minute of the range. */
  readonly labourers: Readonly<Record<string, readonly HistoryPoint[]>>;
}

/** The minutes [from, to) of `range` ending with the minute that holds `nowMs`. */
export function rangeMinutes(range: HistoryRange, nowMs: number): { from: number; to: number } {
  const to = minuteOf(nowMs) + 60;
  return { from: to - HISTORY_RANGES[range] * 60, to };
}

/**
 * One point per minute and labourer; rollups outside [from, to) or of other labourers are ignored,
 * several of the same minute are added up.
 */
export function historySeries(
  range: HistoryRange,
  window: { from: number; to: number },
  labourerIds: readonly string[],
  rollups: readonly MinuteRollup[],
): HistorySeries {
  const byKey = new Map<string, MinuteRollup>();
  for (const r of rollups) {
    if (r.minute < window.from || r.minute >= window.to) continue;
    const key = `${r.labourerId}\u0000${r.minute}`;
    const seen = byKey.get(key);
    byKey.set(key, seen === undefined ? r : mergeRollups(seen, r));
  }
  const labourers: Record<string, HistoryPoint[]> = {};
  for (const id of labourerIds) {
    const points: HistoryPoint[] = [];
    for (let minute = window.from; minute < window.to; minute += 60) {
      const r = byKey.get(`${id}\u0000${minute}`);
      points.push(
        r === undefined
          ? { minute, queued: null, invoked: 0, completed: 0, failed: 0, dead: 0, latencyP50Ms: null, latencyP95Ms: null }
          : {
              minute,
              queued: r.queued,
              invoked: r.invoked,
              completed: r.completed,
              failed: r.failed,
              dead: r.dead,
              latencyP50Ms: latencyPercentileMs(r.latencyBuckets, 0.5),
              latencyP95Ms: latencyPercentileMs(r.latencyBuckets, 0.95),
            },
      );
    }
    labourers[id] = points;
  }
  return { range, from: window.from, to: window.to, labourers };
}
