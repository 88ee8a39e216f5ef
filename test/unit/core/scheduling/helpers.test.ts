import { describe, expect, it } from 'vitest';
import { rootFlags } from '../../../../src/core/scheduling/flags.js';
import { attrKey, nameVariants, nextAttr, plural } from '../../../../src/core/scheduling/names.js';
import { asList, chunks, validateListOfVals } from '../../../../src/core/scheduling/values.js';
import { ATTRS } from './fixtures.js';

describe('names (spec 7.1)', () => {
  it.each([
    ['store', 'stores'],
    ['stores', 'stores'],
    ['storesss', 'stores'],
  ])('plural(%s) is %s', (name, expected) => {
    expect(plural(name)).toBe(expected);
  });

  it('orders the spellings plural first', () => {
    expect(nameVariants('section')).toEqual(['sections', 'section']);
  });

  it.each([
    ['store', 'product'],
    ['stores', 'product'],
    ['section', 'store'],
    ['product', undefined],
    ['bad_name', undefined],
  ])('nextAttr(%s) is %s', (name, expected) => {
    expect(nextAttr(ATTRS, name)).toBe(expected);
  });

  it('finds attributes under either spelling, like get_list_of_multiple_or_one_or_empty_from_dict', () => {
    const input = { accounts: [123, 234], only_singular: '567' };
    const list = (name: string): unknown[] => {
      const key = attrKey(input, name, 'job');
      return key === undefined ? [] : asList((input as Record<string, unknown>)[key]);
    };
    expect(list('accounts')).toEqual([123, 234]);
    expect(list('account')).toEqual([123, 234]);
    expect(list('only_singular')).toEqual(['567']);
    expect(list('only_singulars')).toEqual(['567']);
    expect(list('missing')).toEqual([]);
  });
});

describe('rootFlags (spec 7.1)', () => {
  it('collects keys that start like a flag', () => {
    const data = { isolate_sections: true, isolate_Ss: false, max_stores_cool_per_batch: 42, sections: true, foo: { a: 1 } };
    expect(rootFlags(data)).toEqual({ isolate_sections: true, isolate_Ss: false, max_stores_cool_per_batch: 42 });
  });
});

describe('validateListOfVals (spec 7.2)', () => {
  it.each([
    [{ a: null, b: null }, ['a', 'b']],
    [
      ['a', 'b', 42],
      ['a', 'b', 42],
    ],
    [[], []],
    [{ only: { a: 1 } }, [{ only: { a: 1 } }]],
  ])('%j -> %j', (input, expected) => {
    expect(validateListOfVals(input, 'job.x')).toEqual(expected);
  });

  it.each([[{ a: 1, b: 2 }], ['text'], [[{ a: 1 }]], [42]])('rejects %j with job.invalid', (input) => {
    expect(() => validateListOfVals(input, 'job.x')).toThrow(expect.objectContaining({ code: 'job.invalid' }));
  });
});

describe('chunks', () => {
  it('splits into consecutive slices, the last one shorter', () => {
    expect([...chunks([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect([...chunks([], 2)]).toEqual([]);
  });
});
