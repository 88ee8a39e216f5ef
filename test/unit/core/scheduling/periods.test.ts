import { describe, expect, it } from 'vitest';
import { chunkDates } from '../../../../src/core/scheduling/chunk-dates.js';
import { dayAt, formatDay, parseDay } from '../../../../src/core/scheduling/civil-date.js';
import { definePeriod, PeriodResolver } from '../../../../src/core/scheduling/periods.js';

const resolver = new PeriodResolver();
const dates = (period: string, today: string, r = resolver): string[] => r.dates(period, parseDay(today)).map(formatDay);

describe('chunkDates: spec 6 worked examples (today 2019-04-30, a Tuesday)', () => {
  const today = parseDay('2019-04-30');
  it.each([
    ['today', [['2019-04-30']]],
    ['yesterday', [['2019-04-29']]],
    ['1_days_back', [['2019-04-29']]],
    ['7_days_back', [['2019-04-23']]],
    ['30_days_back', [['2019-03-31']]],
    ['last_3_days', [['2019-04-27'], ['2019-04-28'], ['2019-04-29']]],
    ['previous_2_days', [['2019-04-26'], ['2019-04-27']]],
    ['previous_3_days', [['2019-04-24'], ['2019-04-25'], ['2019-04-26']]],
    ['last_week', ['21', '22', '23', '24', '25', '26', '27'].map((d) => [`2019-04-${d}`])],
    ['5_days_back_extra', [['2019-04-25']]],
  ])('isolated %s', (period, expected) => {
    const tasks = chunkDates({ period, isolate_days: true, a: 'foo' }, resolver, today);
    expect(tasks).toEqual(expected.map((list) => ({ a: 'foo', date_list: list })));
  });

  it('rejects an unknown period with job.invalid', () => {
    expect(() => chunkDates({ period: 'putin_the_best', isolate_days: true }, resolver, today)).toThrow(
      expect.objectContaining({ code: 'job.invalid', message: expect.stringMatching(/unsupported period "putin_the_best"/) }),
    );
  });

  it('gives one task with every date without isolate_days', () => {
    expect(chunkDates({ period: 'last_3_days', a: 'foo' }, resolver, today)).toEqual([
      { a: 'foo', date_list: ['2019-04-27', '2019-04-28', '2019-04-29'] },
    ]);
    expect(chunkDates({ period: 'last_3_days', isolate_days: 'False' }, resolver, today)).toHaveLength(1);
  });

  it('passes a job without period through (period keys removed, skeleton applied)', () => {
    expect(chunkDates({ a: 1, isolate_days: true }, resolver, today, { labourer_id: 'L' })).toEqual([{ a: 1, labourer_id: 'L' }]);
  });

  it('rejects an empty period and a period that is not text', () => {
    expect(() => chunkDates({ period: 'last_0_days', isolate_days: true }, resolver, today)).toThrow(/covers no dates/);
    expect(() => chunkDates({ period: 'last_0_days' }, resolver, today)).toThrow(/covers no dates/);
    expect(() => chunkDates({ period: 3 }, resolver, today)).toThrow(/job\.period/);
  });
});

describe('periods: more reference dates', () => {
  it.each([
    ['2019-01-30', 'last_3_days', ['2019-01-27', '2019-01-28', '2019-01-29']],
    ['2019-01-30', 'last_5_days', ['2019-01-25', '2019-01-26', '2019-01-27', '2019-01-28', '2019-01-29']],
    ['2019-01-30', '30_days_back', ['2018-12-31']],
    ['2020-03-01', 'yesterday', ['2020-02-29']],
  ])('%s %s', (today, period, expected) => {
    expect(dates(period, today)).toEqual(expected);
  });

  it.each([
    ['2019-04-28', 'Sunday'],
    ['2019-04-29', 'Monday'],
    ['2019-04-30', 'Tuesday'],
    ['2019-05-01', 'Wednesday'],
    ['2019-05-02', 'Thursday'],
    ['2019-05-03', 'Friday'],
    ['2019-05-04', 'Saturday'],
  ])('last_week on %s (%s) is Sunday 2019-04-21 .. Saturday 2019-04-27', (today) => {
    const week = dates('last_week', today);
    expect(week).toHaveLength(7);
    expect(week[0]).toBe('2019-04-21');
    expect(week[6]).toBe('2019-04-27');
  });

  it('last_week on the next Sunday moves to the week that just ended (weakness 12 fixed)', () => {
    expect(dates('last_week', '2019-05-05')[0]).toBe('2019-04-28');
  });
});

describe('time zones', () => {
  // 2019-04-30T23:30:00Z is already 2019-05-01 in Berlin and still 2019-04-30 in New York.
  const instant = Date.UTC(2019, 3, 30, 23, 30);
  it('reads today in UTC by default and in an IANA zone when given', () => {
    expect(formatDay(dayAt(instant))).toBe('2019-04-30');
    expect(formatDay(dayAt(instant, 'Europe/Berlin'))).toBe('2019-05-01');
    expect(formatDay(dayAt(Date.UTC(2019, 4, 1, 2, 0), 'America/New_York'))).toBe('2019-04-30');
  });

  it('rejects an unknown zone with config.invalid', () => {
    expect(() => dayAt(instant, 'Mars/Olympus')).toThrow(expect.objectContaining({ code: 'config.invalid' }));
  });
});

describe('custom periods', () => {
  it('are typed functions tried after the built-ins', () => {
    const june = definePeriod('june_days_of_([0-9]{4})', (m) => {
      const first = parseDay(`${m[1]}-06-01`);
      return Array.from({ length: 30 }, (_, i) => first + i);
    });
    const shadowed = definePeriod('today', () => [0]);
    const custom = new PeriodResolver([june, shadowed]);
    const juneDays = dates('june_days_of_2018', '2019-04-30', custom);
    expect(juneDays).toHaveLength(30);
    expect(juneDays[29]).toBe('2018-06-30');
    expect(dates('today', '2019-04-30', custom)).toEqual(['2019-04-30']);
  });
});
