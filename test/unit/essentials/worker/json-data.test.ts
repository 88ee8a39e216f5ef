/** jsonProblem must agree with JSON.stringify (no false alarm on data it accepts); safeJsonStringify must never throw. */
import { describe, expect, it } from 'vitest';
import { jsonProblem, safeJsonStringify } from '../../../../src/essentials/worker/json-data.js';

function circular(): Record<string, unknown> {
  const a: Record<string, unknown> = { name: 'a', list: [1, { deep: true }] };
  (a.list as unknown[]).push({ back: a });
  return a;
}

describe('jsonProblem', () => {
  it.each([
    ['a BigInt', { n: 1n }, { path: 'result.n', reason: 'a BigInt' }],
    ['a BigInt at the root', 5n, { path: 'result', reason: 'a BigInt' }],
    [
      'a cycle, naming where it points back to',
      circular(),
      { path: 'result.list[2].back', reason: 'a circular reference (back to result)' },
    ],
    ['an odd key', { 'a b': [0, 2n] }, { path: 'result["a b"][1]', reason: 'a BigInt' }],
  ])('finds %s', (_name, value, expected) => {
    expect(() => JSON.stringify(value)).toThrow();
    expect(jsonProblem(value)).toEqual(expected);
  });

  it('reports a toJSON that throws', () => {
    const value = {
      when: {
        toJSON: () => {
          throw new Error('no clock');
        },
      },
    };
    expect(jsonProblem(value)).toEqual({ path: 'result.when', reason: 'its toJSON() threw: no clock' });
  });

  it('reports a getter that throws instead of throwing itself', () => {
    const value = Object.defineProperty({}, 'bad', {
      enumerable: true,
      get: () => {
        throw new Error('nope');
      },
    });
    expect(jsonProblem(value)).toMatchObject({ path: 'result', reason: expect.stringContaining('nope') });
  });

  it.each([
    ['plain data', { rows: [1, 'a', null, true, { x: 1.5 }] }],
    [
      'shared (non-circular) references',
      (() => {
        const shared = { id: 1 };
        return { a: shared, b: [shared, shared] };
      })(),
    ],
    ['a Date and a Map (toJSON, or written as {})', { at: new Date(0), m: new Map([[1, 2]]) }],
    ['what JSON.stringify skips', { f: () => 1, u: undefined, s: Symbol('x'), arr: [undefined, () => 1] }],
    ['a BigInt turned to text by toJSON', { n: { toJSON: () => '12' } }],
    ['undefined', undefined],
  ])('accepts %s, as JSON.stringify does', (_name, value) => {
    expect(() => JSON.stringify(value)).not.toThrow();
    expect(jsonProblem(value)).toBeUndefined();
  });

  it('uses the root name it is given', () => {
    expect(jsonProblem({ x: 1n }, 'report')).toEqual({ path: 'report.x', reason: 'a BigInt' });
  });
});

describe('safeJsonStringify', () => {
  it('writes BigInts as digits and cycles as [Circular], without throwing', () => {
    const a: Record<string, unknown> = { n: 12n };
    a.self = a;
    expect(JSON.parse(safeJsonStringify(a))).toEqual({ n: '12', self: '[Circular]' });
  });

  it('writes shared (non-circular) references in full, as JSON.stringify does', () => {
    const shared = { id: 1 };
    const value = { a: shared, b: [shared, { c: shared }] };
    expect(safeJsonStringify(value)).toBe(JSON.stringify(value));
  });

  it('marks a cycle found below a sibling that was already written', () => {
    const inner: Record<string, unknown> = { k: 1 };
    inner.loop = inner;
    expect(JSON.parse(safeJsonStringify({ first: { k: 0 }, second: inner }))).toEqual({
      first: { k: 0 },
      second: { k: 1, loop: '[Circular]' },
    });
  });

  it('returns a JSON placeholder when a getter throws', () => {
    const value = Object.defineProperty({}, 'bad', {
      enumerable: true,
      get: () => {
        throw new Error('nope');
      },
    });
    expect(JSON.parse(safeJsonStringify(value))).toBe('[unserializable: nope]');
  });

  it('applies the replace function first', () => {
    expect(safeJsonStringify({ e: new Error('boom') }, (_k, v) => (v instanceof Error ? v.message : v))).toBe('{"e":"boom"}');
  });
});
