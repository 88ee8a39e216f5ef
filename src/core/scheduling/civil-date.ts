/**
 * Calendar dates as whole day numbers (days since 1970-01-01), so that date arithmetic is plain
 * integer arithmetic. "Today" is read in UTC or in an IANA time zone through the Intl API.
 */
import { SoswError } from '../errors.js';

/** Days since 1970-01-01 (UTC calendar). */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date at instant `ms` in `timeZone` (UTC when undefined). */
export function dayAt(ms: number, timeZone?: string): DayNumber {
  if (timeZone === undefined || timeZone === 'UTC') return Math.floor(ms / MS_PER_DAY);
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatterFor(timeZone).formatToParts(ms);
  } catch (cause) {
    throw new SoswError('config.invalid', `Unknown time zone ${JSON.stringify(timeZone)}: use an IANA name such as "Europe/Berlin".`, {
      details: { field: 'timezone', received: timeZone },
      cause,
    });
  }
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return Math.floor(Date.UTC(get('year'), get('month') - 1, get('day')) / MS_PER_DAY);
}

/** The first and last calendar dates a job may name: 0001-01-01 and 9999-12-31 (four-digit years). */
export const MIN_DAY: DayNumber = -719_162;
export const MAX_DAY: DayNumber = 2_932_896;

/** `YYYY-MM-DD`. */
export function formatDay(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Parse `YYYY-MM-DD` into a day number. */
export function parseDay(text: string): DayNumber {
  return Math.floor(Date.parse(`${text}T00:00:00Z`) / MS_PER_DAY);
}

/** Day of the week with Sunday = 0 ... Saturday = 6. */
export function weekdaySundayFirst(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** `count` consecutive days starting at `first`. */
export function dayRange(first: DayNumber, count: number): DayNumber[] {
  const days = new Array<DayNumber>(Math.max(count, 0));
  for (let i = 0; i < days.length; i++) days[i] = first + i;
  return days;
}
