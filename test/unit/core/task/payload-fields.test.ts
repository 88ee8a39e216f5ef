import { describe, expect, it } from 'vitest';
import { constructPayload } from '../../../../src/core/task/payload.js';

describe('constructPayload', () => {
  // spec tasks-and-greenfield.md 4.6
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
    [{ payload: 7 }, { payload: 7 }],
    [{ payload: [1, 2] }, { payload: [1, 2] }],
    [{}, {}],
    [{ payload: { a: 1 }, a: 2 }, { a: 2 }],
  ])('turns %j into %j', (fields, expected) => {
    expect(JSON.parse(constructPayload(fields))).toEqual(expected);
  });

  it('does not change the caller object', () => {
    const payload = { foo: 1 };
    constructPayload({ payload, bar: 2 });
    expect(payload).toEqual({ foo: 1 });
  });

  it.each([
    ['a JSON string of a non-object', { payload: '42' }],
    [
      'a cycle',
      (() => {
        const a: Record<string, unknown> = {};
        a.self = a;
        return { payload: a };
      })(),
    ],
  ])('refuses %s with task.invalidPayload', (_label, fields) => {
    expect(() => constructPayload(fields)).toThrowError(expect.objectContaining({ code: 'task.invalidPayload' }));
  });
});
