/**
 * Calendar periods of a job (`period` key; spec scheduler-chunking.md 6). Built-in patterns are
 * tried in the original's order, matched at the start of the text; custom patterns registered
 * as typed functions come after them.
 */
import { SoswError } from '../errors.js';
import { type DayNumber, dayRange, formatDay, MAX_DAY, MIN_DAY, weekdaySundayFirst } from './civil-date.js';

/**
 * A period function: the dates (day numbers, oldest first) for a period text that matched its
 * pattern. `match` is the regular-expression match; `today` is the calendar date of the plan.
 */
export type PeriodFunction = (match: RegExpExecArray, today: DayNumber) => readonly DayNumber[];

/** A named period pattern and its function. */
export interface PeriodDefinition {
  /** Regular expression source, matched at the start of the period text (e.g. `june_days`). */
  readonly pattern: string;
  readonly dates: PeriodFunction;
}

const n = (m: RegExpExecArray): number => Number(m[1]);

function outOfRange(period: string, problem: string): SoswError {
  return new SoswError(
    'job.invalid',
    `Invalid job at job.period: period ${JSON.stringify(period)} ${problem}; dates must lie between ${formatDay(MIN_DAY)} and ${formatDay(MAX_DAY)}, so use a smaller number of days.`,
    { details: { field: 'job.period', received: period, minDate: formatDay(MIN_DAY), maxDate: formatDay(MAX_DAY) } },
  );
}

/** `count` days from `first`, refused (before any array is built) when they leave the calendar's range. */
function checkedRange(period: string, first: DayNumber, count: number): DayNumber[] {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || first < MIN_DAY || first + count - 1 > MAX_DAY) {
    throw outOfRange(period, 'reaches beyond the calendar');
  }
  return dayRange(first, count);
}

/** The built-in periods, in matching order. */
export const BUILTIN_PERIODS: readonly PeriodDefinition[] = Object.freeze([
  // the N days before today, oldest first, today excluded
  { pattern: 'last_([0-9]+)_days', dates: (m, today) => checkedRange(m[0], today - n(m), n(m)) },
  // one date: today - N
  { pattern: '([0-9]+)_days_back', dates: (m, today) => checkedRange(m[0], today - n(m), 1) },
  { pattern: 'yesterday', dates: (_m, today) => [today - 1] },
  { pattern: 'today', dates: (_m, today) => [today] },
  // the N days before (today - N), oldest first
  { pattern: 'previous_([0-9]+)_days', dates: (m, today) => checkedRange(m[0], today - 2 * n(m), n(m)) },
  // the last complete Sunday..Saturday week; on a Sunday that is the week that ended yesterday
  // (the original went two weeks back on Sundays, weakness 12)
  { pattern: 'last_week', dates: (_m, today) => dayRange(today - weekdaySundayFirst(today) - 7, 7) },
]);

/** Define a custom period. `pattern` is a regular-expression source matched at the start of the text. */
/** A value `definePeriod` made (or one shaped like it): a pattern text and a dates function. */
export function isPeriodDefinition(value: unknown): value is PeriodDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const { pattern, dates } = value as Partial<PeriodDefinition>;
  return typeof pattern === 'string' && pattern !== '' && typeof dates === 'function';
}

export function definePeriod(pattern: string, dates: PeriodFunction): PeriodDefinition {
  return Object.freeze({ pattern, dates });
}

interface CompiledPeriod {
  readonly regex: RegExp;
  readonly definition: PeriodDefinition;
}

/** Matches period texts against the built-ins and then `custom`, in order. */
export class PeriodResolver {
  readonly #periods: readonly CompiledPeriod[];

  public constructor(custom: readonly PeriodDefinition[] = []) {
    this.#periods = [...BUILTIN_PERIODS, ...custom].map((definition) => ({ regex: new RegExp(`^(?:${definition.pattern})`), definition }));
  }

  /** The dates of `period` as of `today`; `job.invalid` when no pattern matches. */
  public dates(period: string, today: DayNumber): readonly DayNumber[] {
    for (const { regex, definition } of this.#periods) {
      const match = regex.exec(period);
      if (match === null) continue;
      const dates = definition.dates(match, today);
      for (const day of dates) {
        if (!Number.isSafeInteger(day) || day < MIN_DAY || day > MAX_DAY) throw outOfRange(period, 'gives a date outside the calendar');
      }
      return dates;
    }
    throw new SoswError(
      'job.invalid',
      `Invalid job at job.period: unsupported period ${JSON.stringify(period)}. Use last_N_days, N_days_back, yesterday, today, previous_N_days, last_week, or a registered custom period.`,
      { details: { field: 'job.period', received: period } },
    );
  }
}
