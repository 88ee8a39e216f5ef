import { describe, expect, it } from 'vitest';
import { formatDay, parseDay } from '../../../../src/core/scheduling/civil-date.js';
import { PeriodResolver } from '../../../../src/core/scheduling/periods.js';
import { constructJobData, type PlanInput, planJob } from '../../../../src/core/scheduling/plan.js';
import type { JobObject } from '../../../../src/core/scheduling/values.js';
import { constructPayload } from '../../../../src/core/task/payload.js';
import { ATTRS } from './fixtures.js';

const today = parseDay('2019-04-30');
const D1 = formatDay(today - 2);
const D2 = formatDay(today - 1);
const input = (job: JobObject, chunkableAttrs: readonly string[] = ATTRS): PlanInput => ({
  job,
  chunkableAttrs,
  periods: new PeriodResolver(),
  today,
});

describe('constructJobData (spec 5)', () => {
  it('applies the skeleton over a job that needs no chunking', () => {
    expect(constructJobData(input({ pl: 1 }), { labourer_id: 'some' })).toEqual([{ pl: 1, labourer_id: 'some' }]);
    expect(constructJobData(input({}))).toEqual([{}]);
  });

  it('A: the real-life job gives 5 tasks per isolated date, first date first', () => {
    const job = {
      period: 'last_2_days',
      isolate_days: true,
      isolate_sections: 'True',
      sections: {
        '111': { all_campaigns: true },
        '222': { all_campaigns: true },
        '333': { isolate_stores: true, all_campaigns: false, stores: { '333-111': null, '333-222': null, '333-333': { keep_me: 7 } } },
      },
    };
    const base = { isolate_sections: 'True' };
    const perDate = (d: string): JobObject[] => [
      { ...base, date_list: [d], sections: ['111'], all_campaigns: true },
      { ...base, date_list: [d], sections: ['222'], all_campaigns: true },
      { ...base, date_list: [d], sections: ['333'], isolate_stores: true, all_campaigns: false, stores: ['333-111'] },
      { ...base, date_list: [d], sections: ['333'], isolate_stores: true, all_campaigns: false, stores: ['333-222'] },
      { ...base, date_list: [d], sections: ['333'], isolate_stores: true, all_campaigns: false, stores: ['333-333'], keep_me: 7 },
    ];
    expect(constructJobData(input(job))).toEqual([...perDate(D1), ...perDate(D2)]);
  });

  it('B: the tutorial job gives 8 tasks', () => {
    const job = {
      topics: {
        cars: { isolate_words: true, words: ['toyota', 'mazda'] },
        food: { isolate_words: true, words: ['recipe', 'cooking'] },
      },
      period: 'last_2_days',
      isolate_days: true,
      isolate_topics: true,
      isolate_words: true,
    };
    const f = { isolate_topics: true, isolate_words: true, labourer_id: 'tw' };
    const perDate = (d: string): JobObject[] =>
      [
        ['cars', 'toyota'],
        ['cars', 'mazda'],
        ['food', 'recipe'],
        ['food', 'cooking'],
      ].map(([t, w]) => ({ ...f, date_list: [d], topics: [t], words: [w] }));
    expect(constructJobData(input(job, ['topic', 'word']), { labourer_id: 'tw' })).toEqual([...perDate(D1), ...perDate(D2)]);
  });

  it('C: a root isolate_words with yesterday gives 4 tasks', () => {
    const job = {
      isolate_words: true,
      period: 'yesterday',
      topics: { cars: { words: ['toyota', 'mazda', 'nissan'] }, food: { words: ['recipe'] } },
    };
    const tasks = constructJobData(input(job, ['topic', 'word']));
    expect(tasks.map((t) => [t.topics, t.words])).toEqual([
      [['cars'], ['toyota']],
      [['cars'], ['mazda']],
      [['cars'], ['nissan']],
      [['food'], ['recipe']],
    ]);
    for (const t of tasks) expect(t).toMatchObject({ isolate_words: true, date_list: [D2] });
  });
});

describe('planJob: spec 7.8 file contents', () => {
  it('one row for a job without chunking', () => {
    expect(constructJobData(input({ some_payload: 'foo' }), { labourer_id: 'tw' })).toEqual([{ labourer_id: 'tw', some_payload: 'foo' }]);
  });

  it('two rows for isolated dict-of-null sections', () => {
    const rows = constructJobData(input({ isolate_sections: true, sections: { section_technic: null, section_furniture: null } }), {
      labourer_id: 'L',
    });
    expect(rows).toEqual([
      { isolate_sections: true, sections: ['section_technic'], labourer_id: 'L' },
      { isolate_sections: true, sections: ['section_furniture'], labourer_id: 'L' },
    ]);
  });

  it('expands the period even when no attribute needs chunking (weakness 5 fixed)', () => {
    const job = { period: 'last_2_days', isolate_days: true, topics: { cars: { words: ['a', 'b'] } } };
    expect(constructJobData(input(job, ['topic', 'word']), { labourer_id: 'tw' })).toEqual([
      { topics: { cars: { words: ['a', 'b'] } }, date_list: [D1], labourer_id: 'tw' },
      { topics: { cars: { words: ['a', 'b'] } }, date_list: [D2], labourer_id: 'tw' },
    ]);
  });

  it('4 rows with isolate_words (2 dates x 2 words)', () => {
    const job = { period: 'last_2_days', isolate_days: true, isolate_words: true, topics: { cars: { words: ['a', 'b'] } } };
    const rows = constructJobData(input(job, ['topic', 'word']), { labourer_id: 'tw' });
    expect(rows.map((r) => [r.date_list, r.words])).toEqual([
      [[D1], ['a']],
      [[D1], ['b']],
      [[D2], ['a']],
      [[D2], ['b']],
    ]);
  });
});

describe('planJob', () => {
  const job = { period: 'last_3_days', isolate_days: true, isolate_sections: true, sections: ['a', 'b', 'c', 'd'] };

  it('counts without keeping tasks and streams them again from any row', () => {
    const plan = planJob(input(job));
    expect(plan.total).toBe(12);
    const all = [...plan.rows()];
    expect(all.map((r) => r.index)).toEqual([...Array(12).keys()]);
    for (const from of [0, 3, 4, 7, 11, 12, 40]) {
      expect([...plan.rows(from)]).toEqual(all.slice(from));
    }
  });

  it('validates the whole job while planning', () => {
    expect(() => planJob(input({ isolate_sections: true, sections: { a: { stores: ['x'] }, b: 'oops' } }))).toThrow(/job\.sections\.b/);
    expect(() => planJob(input({ greenfield: 5 }))).toThrow(/"greenfield" is generated by the store/);
    expect(() => planJob(input({ isolate_sections: true, sections: { a: { attempts: 1 } } }, ['section']))).toThrow(/attempts/);
    expect(() => planJob(input({ payload: '[1]' }))).toThrow(
      expect.objectContaining({ code: 'job.invalid', message: expect.stringMatching(/job\.payload/) }),
    );
  });

  it.each([
    ['flat runs', { isolate_sections: true, max_sections_per_batch: 3, sections: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], x: { y: 1 } }],
    [
      'dict-of-null runs with dates',
      { period: 'last_2_days', isolate_days: true, isolate_stores: true, sections: { s: { stores: { a: null, b: null } }, t: null } },
    ],
    ['a payload key', { isolate_sections: true, payload: '{"p": 1}', sections: ['a', 'b'] }],
    ['a flattened level next to other keys', { isolate_sections: true, sections: { s1: { stores: { a: null, b: null }, extra: 1 } } }],
    ['an empty run base', { isolate_sections: true, sections: ['a', 'b'], labourer_id: 'dropped' }],
    ['a falsy plural next to a singular key', { isolate_sections: true, sections: null, section: ['a', 'b'] }],
  ])('builds the same payload text fast as constructPayload does (%s)', (_name, job) => {
    const plan = planJob(input(job));
    const expected = [...plan.rows()].map((r) => ({ index: r.index, payload: constructPayload(r.fields) }));
    expect(expected.length).toBeGreaterThan(0);
    for (const from of [0, 1, expected.length - 1]) expect([...plan.payloads(from)]).toEqual(expected.slice(from));
  });

  it('takes labourer_id out of the rows (the skeleton sets it)', () => {
    expect([...planJob(input({ labourer_id: 'x', a: 1 })).rows()]).toEqual([{ index: 0, fields: { a: 1 } }]);
  });

  it('has no rows for an isolated empty level', () => {
    const plan = planJob(input({ isolate_sections: true, sections: [], period: 'today' }));
    expect(plan.total).toBe(0);
    expect([...plan.rows()]).toEqual([]);
  });
});
