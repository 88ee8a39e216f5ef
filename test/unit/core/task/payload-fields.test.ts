import { describe, expect, it } from 'vitest';
import { constructPayload } from '../../../../src/core/task/payload.js';

describe('constructPayload edge cases', () => {
  // The spec table lives in payload.test.ts; these are the cases it does not cover.
  it.each([
    [{ payload: [1, 2] }, { payload: [1, 2] }],
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
