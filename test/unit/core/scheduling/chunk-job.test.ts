import { describe, expect, it } from 'vitest';
import { chunkJob, needsChunking } from '../../../../src/core/scheduling/chunk-job.js';
import type { JobObject } from '../../../../src/core/scheduling/values.js';
import { ATTRS, countBy, payload, payloadWith } from './fixtures.js';

const chunk = (job: JobObject, attrs: readonly string[] = ATTRS, skeleton: JobObject = {}): JobObject[] => [
  ...chunkJob(job, attrs, skeleton),
];
const P = payload();
const sections = P.sections as Record<string, { stores: unknown }>;
const WED_STORES = sections.section_weddings?.stores;
const CON_STORES = sections.section_conversions?.stores;
const MUSIC = ['product_march', 'product_chorus', 740, 'product,4', 'product 5'];

describe('needsChunking', () => {
  it('finds a flag at any depth and ignores flat values at upper levels', () => {
    expect(needsChunking(ATTRS, 0, payload())).toBe(false);
    expect(needsChunking(ATTRS, 0, { ...payload(), isolate_products: true })).toBe(true);
    expect(needsChunking(ATTRS, 0, { sections: ['a', 'b'] })).toBe(false);
    expect(needsChunking(ATTRS, 0, { isolate_section: true, sections: ['a'] })).toBe(true);
  });

  it('lets upper-level flags override the same flags of a sub-level', () => {
    const job = { isolate_stores: false, sections: { s1: { isolate_stores: true, stores: ['a'] } } };
    expect(needsChunking(ATTRS, 0, job)).toBe(false);
  });
});

describe('chunkJob: spec 7.6 worked examples', () => {
  it('example 1: no isolation anywhere gives the payload unchanged', () => {
    expect(chunk(payload())).toEqual([payload()]);
    expect(chunk(payload(), [])).toEqual([payload()]);
  });

  it('example 2: isolate_sections at the root', () => {
    expect(chunk({ ...payload(), isolate_sections: true })).toEqual([
      { isolate_sections: true, sections: ['section_funerals'], stores: ['store_flowers', 'store_caskets'] },
      { isolate_sections: true, sections: ['section_weddings'], stores: WED_STORES },
      { isolate_sections: true, sections: ['section_conversions'], stores: CON_STORES },
      { isolate_sections: true, sections: ['section_gifts'] },
    ]);
  });

  it('example 3: isolate_stores at the root applies at every depth', () => {
    const f = { isolate_stores: true };
    expect(chunk({ ...payload(), ...f })).toEqual([
      { ...f, sections: ['section_funerals'], stores: ['store_flowers'] },
      { ...f, sections: ['section_funerals'], stores: ['store_caskets'] },
      { ...f, sections: ['section_weddings'], stores: ['store_flowers'] },
      { ...f, sections: ['section_weddings'], stores: ['store_limos'] },
      { ...f, sections: ['section_weddings'], stores: ['store_music'], products: MUSIC },
      { ...f, sections: ['section_conversions'], stores: ['store_training'], products: ['product_history', 'product_prayer'] },
      { ...f, sections: ['section_conversions'], stores: ['store_baptizing'] },
      { ...f, sections: ['section_conversions'], stores: ['store_circumcision'] },
      { ...f, sections: ['section_gifts'] },
    ]);
    expect(countBy(chunk({ ...payload(), ...f }), 'sections')).toEqual({
      section_funerals: 2,
      section_weddings: 3,
      section_conversions: 3,
      section_gifts: 1,
    });
  });

  it('example 4: a deep isolate_products makes every upper level chunk too', () => {
    const f = { isolate_products: true };
    const wed = { ...f, sections: ['section_weddings'] };
    const con = { ...f, sections: ['section_conversions'] };
    expect(chunk({ ...payload(), ...f })).toEqual([
      { ...f, sections: ['section_funerals'], stores: ['store_flowers', 'store_caskets'] },
      { ...wed, stores: ['store_flowers'] },
      { ...wed, stores: ['store_limos'] },
      ...MUSIC.map((p) => ({ ...wed, stores: ['store_music'], products: [p] })),
      { ...con, stores: ['store_training'], products: ['product_history'] },
      { ...con, stores: ['store_training'], products: ['product_prayer'] },
      { ...con, stores: ['store_baptizing'] },
      { ...con, stores: ['store_circumcision'] },
      { ...f, sections: ['section_gifts'] },
    ]);
  });

  it('example 5: isolate_products inside two stores only', () => {
    const job = payloadWith((p) => {
      Object.assign(p.sections.section_weddings?.stores.store_music as object, { isolate_products: true });
      Object.assign(p.sections.section_conversions?.stores.store_training as object, { isolate_products: true });
    });
    const tasks = chunk(job);
    expect(tasks).toHaveLength(13);
    expect(tasks.filter((t) => t.isolate_products === true)).toHaveLength(7);
    expect(countBy(tasks, 'sections')).toEqual({ section_funerals: 1, section_weddings: 7, section_conversions: 4, section_gifts: 1 });
    expect(countBy(tasks, 'stores')).toMatchObject({ store_training: 2, store_baptizing: 1 });
    expect(tasks[3]).toEqual({
      sections: ['section_weddings'],
      stores: ['store_music'],
      isolate_products: true,
      products: ['product_march'],
    });
  });

  it('example 6: max_products_per_batch inside store_music only', () => {
    const job = payloadWith((p) => {
      Object.assign(p.sections.section_weddings?.stores.store_music as object, { max_products_per_batch: 2 });
    });
    const music = { sections: ['section_weddings'], stores: ['store_music'], max_products_per_batch: 2 };
    expect(chunk(job)).toEqual([
      { sections: ['section_funerals'], stores: ['store_flowers', 'store_caskets'] },
      { sections: ['section_weddings'], stores: ['store_flowers'] },
      { sections: ['section_weddings'], stores: ['store_limos'] },
      { ...music, products: ['product_march', 'product_chorus'] },
      { ...music, products: [740, 'product,4'] },
      { ...music, products: ['product 5'] },
      { sections: ['section_conversions'], stores: CON_STORES },
      { sections: ['section_gifts'] },
    ]);
  });

  it('example 7: flat values with isolation', () => {
    expect(chunk({ isolate_sections: true, sections: { a: null, b: null, c: null } })).toEqual(
      ['a', 'b', 'c'].map((s) => ({ isolate_sections: true, sections: [s] })),
    );
    expect(chunk({ isolate_sections: true, sections: ['a', 'b', 'c'] })).toEqual(
      ['a', 'b', 'c'].map((s) => ({ isolate_sections: true, sections: [s] })),
    );
    expect(chunk({ isolate_section: true, sections: ['a', 'b'] })).toEqual([
      { isolate_section: true, sections: ['a'] },
      { isolate_section: true, sections: ['b'] },
    ]);
    expect(chunk({ isolate_sections: 'True', sections: ['a', 'b'] })).toHaveLength(2);
    expect(chunk({ isolate_sections: false, sections: ['a', 'b'] })).toEqual([{ isolate_sections: false, sections: ['a', 'b'] }]);
  });

  it('example 7 (fixed, weakness 9): the string "False" does not isolate; unknown words are rejected', () => {
    expect(chunk({ isolate_sections: 'False', sections: ['a', 'b'] })).toEqual([{ isolate_sections: 'False', sections: ['a', 'b'] }]);
    expect(() => chunk({ isolate_sections: 'maybe', sections: ['a'] })).toThrow(/job\.isolate_sections: a flag must be true or false/);
  });

  it('flag words as docs/scheduler.md lists them: yes/no, on/off, 1/0 in any case; others are job.invalid', () => {
    for (const on of ['yes', 'YES', 'on', '1', 'true', 1]) expect(chunk({ isolate_sections: on, sections: ['a', 'b'] })).toHaveLength(2);
    for (const off of ['no', 'off', '0', 'false', 0, '']) expect(chunk({ isolate_sections: off, sections: ['a', 'b'] })).toHaveLength(1);
    for (const bad of ['maybe', 'y', []])
      expect(() => chunk({ isolate_sections: bad, sections: ['a'] })).toThrow(/a flag must be true or false/);
  });

  it('a single value at an isolated level counts as a list of one, as in the original (list_from); true is refused', () => {
    expect(chunk({ isolate_sections: true, sections: 5 })).toEqual([{ isolate_sections: true, sections: [5] }]);
    expect(chunk({ isolate_sections: true, sections: 'north' })).toEqual([{ isolate_sections: true, sections: ['north'] }]);
    expect(() => chunk({ isolate_sections: true, sections: true })).toThrow(
      /job\.sections\[0\]: a list of values may hold only strings and numbers/,
    );
  });

  it('example 8: batching flat values', () => {
    expect(chunk({ max_sections_per_batch: 2, sections: ['a', 'b', 'c', 'd', 'e'] })).toEqual([
      { max_sections_per_batch: 2, sections: ['a', 'b'] },
      { max_sections_per_batch: 2, sections: ['c', 'd'] },
      { max_sections_per_batch: 2, sections: ['e'] },
    ]);
    expect(chunk({ isolate_sections: true, max_sections_per_batch: 2, sections: ['a', 'b', 'c'] }).map((t) => t.sections)).toEqual([
      ['a', 'b'],
      ['c'],
    ]);
    const f = { isolate_sections: true, max_products_per_batch: 2 };
    expect(chunk({ ...f, sections: { s1: { stores: { st1: { products: [1, 2, 3] } } } } })).toEqual([
      { ...f, sections: ['s1'], stores: ['st1'], products: [1, 2] },
      { ...f, sections: ['s1'], stores: ['st1'], products: [3] },
    ]);
  });

  it('reads the singular batch flag as a batch size too (weakness 10)', () => {
    expect(chunk({ max_section_per_batch: 2, sections: ['a', 'b', 'c'] }).map((t) => t.sections)).toEqual([['a', 'b'], ['c']]);
    expect(() => chunk({ max_sections_per_batch: 0, sections: ['a'] })).toThrow(/positive whole number/);
  });

  it('example 9: dict values kept as payload at the last level', () => {
    expect(chunk({ isolate_sections: true, sections: { a: { x: 1 }, b: null } }, ['section'])).toEqual([
      { isolate_sections: true, sections: ['a'], x: 1 },
      { isolate_sections: true, sections: ['b'] },
    ]);
    expect(() => chunk({ isolate_sections: true, sections: { a: { x: { y: 1 } }, b: 5 } }, ['section'])).toThrow(
      expect.objectContaining({ code: 'job.invalid', message: expect.stringMatching(/job\.sections\.b/) }),
    );
    expect(chunk({ isolate_sections: true, sections: { s1: { custom: 'data', x: 1 }, s2: null } })).toEqual([
      { isolate_sections: true, sections: ['s1'], custom: 'data', x: 1 },
      { isolate_sections: true, sections: ['s2'] },
    ]);
  });

  it('example 10: no chunking needed keeps custom data', () => {
    const job = { sections: { section_funerals: { custom: 'data' }, section_weddings: null } };
    expect(chunk(job)).toEqual([job]);
    expect(chunk({ foo: 'bar' })).toEqual([{ foo: 'bar' }]);
  });

  it('example 11: invalid values under an isolated level', () => {
    expect(() => chunk({ sections: { s1: { isolate_stores: true, stores: { st1: 'some_string' } } } })).toThrow(
      /job\.sections\.s1\.stores\.st1/,
    );
    const withTraining = (value: unknown): JobObject =>
      payloadWith((p) => {
        Object.assign(p.sections.section_conversions as object, { isolate_stores: true });
        (p.sections.section_conversions as { stores: Record<string, unknown> }).stores.store_training = value;
      });
    expect(() => chunk(withTraining('some_string'))).toThrow(expect.objectContaining({ code: 'job.invalid' }));
    expect(() => chunk(withTraining(['just_a_string']))).toThrow(expect.objectContaining({ code: 'job.invalid' }));

    const rootIsolated = payloadWith((p) => {
      (p.sections.section_conversions as { stores: Record<string, unknown> }).stores.store_training = 'some_string';
    });
    expect(chunk({ ...rootIsolated, isolate_sections: true })[2]).toEqual({
      isolate_sections: true,
      sections: ['section_conversions'],
      stores: { store_training: 'some_string', store_baptizing: null, store_circumcision: null },
    });
    expect(chunk({ isolate_sections: true, sections: { s1: { stores: { st1: 'some_string' } }, s2: null } })).toEqual([
      { isolate_sections: true, sections: ['s1'], stores: [{ st1: 'some_string' }] },
      { isolate_sections: true, sections: ['s2'] },
    ]);
  });

  it('example 11: a deep unchunkable structure stays in the payload', () => {
    const job = payloadWith((p) => {
      const training = (p.sections.section_conversions as { stores: Record<string, Record<string, unknown>> }).stores.store_training;
      Object.assign(training as object, { isolate_products: true });
      Object.assign((training as { products: object }).products, {
        product_book: { product_versions: { product_version_audio: null, product_version_paper: null } },
      });
    });
    const book = chunk(job).find((t) => (t.products as unknown[] | undefined)?.[0] === 'product_book');
    expect(book?.product_versions).toEqual({ product_version_audio: null, product_version_paper: null });
  });

  it('example 12 (fixed, weakness 8): a singular key gives each chunk once, under the plural key', () => {
    expect(chunk({ isolate_sections: true, section: ['a', 'b'] })).toEqual([
      { isolate_sections: true, sections: ['a'] },
      { isolate_sections: true, sections: ['b'] },
    ]);
    expect(chunk({ isolate_sections: true, section: 'a' })).toEqual([{ isolate_sections: true, sections: ['a'] }]);
    expect(() => chunk({ isolate_sections: true, section: ['a'], sections: ['b'] })).toThrow(/both "section" and "sections"/);
  });

  it('example 13 (fixed, weaknesses 6, 7): flat list at a non-last level, keys kept', () => {
    expect(chunk({ sections: ['a', 'b', 'c'], foo: 1 })).toEqual([{ sections: ['a', 'b', 'c'], foo: 1 }]);
    expect(chunk({ sections: ['a', 'b', 'c'], foo: 1 }, ['section'])).toEqual([{ sections: ['a', 'b', 'c'], foo: 1 }]);
  });

  it('example 14: lists of dicts', () => {
    expect(chunk({ sections: [{ a: 1 }, { b: 2 }] })).toEqual([{ sections: [{ a: 1 }, { b: 2 }] }]);
    expect(chunk({ isolate_sections: true, sections: [{ a: null, b: null }, { c: { stores: ['x', 'y'] } }] })).toEqual([
      { isolate_sections: true, sections: ['a'] },
      { isolate_sections: true, sections: ['b'] },
      { isolate_sections: true, sections: ['c'], stores: ['x', 'y'] },
    ]);
  });

  it('example 15 (fixed, weakness 6): keys next to a flattened level are kept', () => {
    expect(chunk({ isolate_sections: true, sections: { s1: { stores: { a: null, b: null }, extra: 1 } } })).toEqual([
      { isolate_sections: true, sections: ['s1'], stores: ['a', 'b'], extra: 1 },
    ]);
    expect(chunk({ isolate_sections: true, sections: { s1: { stores: { a: { x: 1 }, b: null }, extra: 1 } } })).toEqual([
      { isolate_sections: true, sections: ['s1'], extra: 1, stores: { a: { x: 1 }, b: null } },
    ]);
    const f = { isolate_sections: true, isolate_stores: true };
    expect(chunk({ ...f, sections: { s1: { stores: { a: null, b: null }, extra: 1 } } })).toEqual([
      { ...f, sections: ['s1'], extra: 1, stores: ['a'] },
      { ...f, sections: ['s1'], extra: 1, stores: ['b'] },
    ]);
    expect(chunk({ sections: ['a', 'b'], foo: 1 }, ['section'], { labourer_id: 'L' })).toEqual([
      { labourer_id: 'L', sections: ['a', 'b'], foo: 1 },
    ]);
  });

  it('example 16: other edge cases', () => {
    expect(chunk({ isolate_sections: true, sections: [] })).toEqual([]);
    expect(chunk({ isolate_sections: true, sections: { s1: { store: 'only_one' } } })).toEqual([
      { isolate_sections: true, sections: ['s1'], store: 'only_one' },
    ]);
    const f = { isolate_stores: true };
    expect(chunk({ ...f, sections: { s1: { stores: ['a', 'b'] }, s2: { stores: ['c'] } } })).toEqual([
      { ...f, sections: ['s1'], stores: ['a'] },
      { ...f, sections: ['s1'], stores: ['b'] },
      { ...f, sections: ['s2'], stores: ['c'] },
    ]);
  });

  it('keeps a sub-job whose chunked attribute is missing instead of dropping it', () => {
    expect(chunk({ isolate_stores: true, sections: { s1: { other: 1 }, s2: { stores: ['a'] } } })).toEqual([
      { isolate_stores: true, sections: ['s1'], other: 1 },
      { isolate_stores: true, sections: ['s2'], stores: ['a'] },
    ]);
  });

  it('never modifies its input and streams lazily', () => {
    const job = { ...payload(), isolate_products: true };
    const before = JSON.stringify(job);
    const it = chunkJob(job, ATTRS);
    expect(it.next().value).toMatchObject({ sections: ['section_funerals'] });
    expect([...it]).toHaveLength(12);
    expect(JSON.stringify(job)).toBe(before);
  });
});
