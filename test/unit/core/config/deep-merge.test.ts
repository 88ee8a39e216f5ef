import { describe, expect, it } from 'vitest';
import { deepMerge, deepMergeAll, isPlainObject } from '../../../../src/core/config/deep-merge.js';

describe('deepMerge', () => {
  it('merges nested objects and replaces arrays (spec example, lists fixed)', () => {
    // Prepare
    const base = { a: 1, b: 2, g: { 41: 41 }, l: [25] };
    const override = { c: 3, b: { b1: 11 }, g: { g1: 'g1' }, l: [25, 26] };

    // Act
    const merged = deepMerge(base, override);

    // Assert
    expect(merged).toEqual({ a: 1, b: { b1: 11 }, c: 3, g: { 41: 41, g1: 'g1' }, l: [25, 26] });
  });

  it('replaces a list instead of taking the union of both (weakness 53)', () => {
    expect(deepMerge({ b: { b4: ['boo', 123] } }, { b: { b4: ['moo'] } })).toEqual({ b: { b4: ['moo'] } });
  });

  it('does not duplicate unhashable list items', () => {
    const merged = deepMerge({ a: [{ a: 1, b: 1 }, { a: '42' }] }, { a: [{ a: 1, b: 1 }, { a: 2 }] });
    expect(merged.a).toEqual([{ a: 1, b: 1 }, { a: 2 }]);
  });

  it('lets null overwrite a map', () => {
    expect(deepMerge({ a: 1, b: { b1: 21 } }, { b: null })).toEqual({ a: 1, b: null });
  });

  it('merges a map over a null base value instead of crashing', () => {
    expect(deepMerge({ b: null }, { b: { x: 1 } })).toEqual({ b: { x: 1 } });
  });

  it('skips undefined values of the override', () => {
    expect(deepMerge({ a: 1 }, { a: undefined, b: 2 })).toEqual({ a: 1, b: 2 });
  });

  it.each([
    ['a scalar over a map', { a: { x: 1 } }, { a: 5 }, { a: 5 }],
    ['a map over a scalar', { a: 5 }, { a: { x: 1 } }, { a: { x: 1 } }],
    ['a map over a list', { a: [1] }, { a: { x: 1 } }, { a: { x: 1 } }],
    ['a list over a map', { a: { x: 1 } }, { a: [1] }, { a: [1] }],
  ])('replaces on a shape change: %s', (_name, base, override, expected) => {
    expect(deepMerge(base, override)).toEqual(expected);
  });

  it('leaves its inputs untouched and shares no objects with them', () => {
    // Prepare
    const base = { g: { x: 1 }, l: [{ k: 1 }] };
    const override = { g: { y: 2 }, m: { deep: [1, 2] } };
    const before = structuredClone({ base, override });

    // Act
    const merged = deepMerge(base, override);
    (merged.g as Record<string, unknown>).x = 99;
    ((merged.l as Array<Record<string, unknown>>)[0] as Record<string, unknown>).k = 99;
    ((merged.m as Record<string, unknown[]>).deep as unknown[]).push(3);

    // Assert
    expect({ base, override }).toEqual(before);
  });

  it('ignores prototype-polluting keys', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"x": 1}, "ok": 1}') as Record<string, unknown>;
    const merged = deepMerge({}, hostile);
    expect(merged).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('deepMergeAll', () => {
  it('applies layers left to right and skips missing ones', () => {
    const merged = deepMergeAll({ a: 1, n: { x: 1, y: 1 } }, null, { n: { y: 2 } }, undefined, { a: 3 });
    expect(merged).toEqual({ a: 3, n: { x: 1, y: 2 } });
  });

  it('returns an empty document for no layers', () => {
    expect(deepMergeAll()).toEqual({});
  });
});

describe('isPlainObject', () => {
  it.each([
    [{}, true],
    [Object.create(null), true],
    [[], false],
    [null, false],
    [new Date(0), false],
    ['x', false],
  ])('classifies %o as %s', (value, expected) => {
    expect(isPlainObject(value)).toBe(expected);
  });
});
