import { describe, expect, it } from 'vitest';
import { constructPayload } from '../../../../src/core/task/payload.js';

describe('constructPayload (spec tasks-and-greenfield 4.6)', () => {
  it.each([
    [{ payload: { foo: 42 } }, { foo: 42 }],
    [{ payload: '{"foo": 42}' }, { foo: 42 }],
    [
      { payload: { foo: 42 }, shops: [1, 3] },
      { foo: 42, shops: [1, 3] },
    ],
    [{ bar: 'foo' }, { bar: 'foo' }],
    [{ bar: { foo: 3 } }, { bar: { foo: 3 } }],
    [{ payload: 'hello' }, { payload: 'hello' }],
    [{}, {}],
    [{ payload: 42 }, { payload: 42 }],
    [
      { payload: { foo: 1, bar: 2 }, foo: 'over' },
      { foo: 'over', bar: 2 },
    ],
  ])('%j -> %j', (fields, expected) => {
    const text = constructPayload(fields);
    expect(typeof text).toBe('string');
    expect(JSON.parse(text)).toEqual(expected);
  });

  it.each([['[1, 2]'], ['42'], ['null']])('rejects JSON text %s that is not an object with task.invalidPayload', (text) => {
    expect(() => constructPayload({ payload: text })).toThrow(expect.objectContaining({ code: 'task.invalidPayload' }));
  });

  it('does not modify its input', () => {
    const inner = { foo: 1 };
    constructPayload({ payload: inner, bar: 2 });
    expect(inner).toEqual({ foo: 1 });
  });
});
