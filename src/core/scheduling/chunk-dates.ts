/**
 * Date chunking (`chunk_dates`, spec scheduler-chunking.md 6): `period` and `isolate_days` are
 * taken out of the job and turned into `date_list` values. The input is never modified.
 */
import { type DayNumber, formatDay } from './civil-date.js';
import { flagOn } from './flags.js';
import type { PeriodResolver } from './periods.js';
import { invalidJob, type JobObject } from './values.js';

/** The job without its period keys, and the `date_list` of each date group (none without a period). */
export interface DateGroups {
  readonly job: JobObject;
  /** One entry per date group; `undefined` means "no date_list key". */
  readonly dateLists: ReadonlyArray<readonly string[] | undefined>;
}

/** Split a job's `period` into date groups as of calendar day `today`. */
export function dateGroups(job: JobObject, resolver: PeriodResolver, today: DayNumber): DateGroups {
  const { period, isolate_days: isolate, ...rest } = job;
  if (period === undefined || period === null) return { job: rest, dateLists: [undefined] };
  if (typeof period !== 'string') throw invalidJob('job.period', 'a period must be a text such as "last_3_days"', period);
  const dates = resolver.dates(period, today).map(formatDay);
  if (dates.length === 0) throw invalidJob('job.period', `period ${JSON.stringify(period)} covers no dates`);
  const dateLists = flagOn(isolate, 'job.isolate_days') ? dates.map((d) => [d]) : [dates];
  return { job: rest, dateLists };
}

/**
 * `chunk_dates(job, skeleton)`: the job once per date group, with `date_list` set.
 *
 * @example
 * chunkDates({ period: 'yesterday', a: 1 }, new PeriodResolver(), parseDay('2019-04-30'));
 * // [{ a: 1, date_list: ['2019-04-29'] }]
 */
export function chunkDates(job: JobObject, resolver: PeriodResolver, today: DayNumber, skeleton: JobObject = {}): JobObject[] {
  const groups = dateGroups(job, resolver, today);
  return groups.dateLists.map((list) =>
    list === undefined ? { ...groups.job, ...skeleton } : { ...groups.job, ...skeleton, date_list: [...list] },
  );
}
