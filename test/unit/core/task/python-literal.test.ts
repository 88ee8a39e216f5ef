import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { parsePythonLiteral } from '../../../../src/core/task/python-literal.js';
import { parseTaskPayload } from '../../../../src/core/task/worker-event.js';

describe('parsePythonLiteral (payloads the original archived as a Python repr)', () => {
  it.each([
    ["{'a': True, 'b': None, 'c': [1, 'x']}", { a: true, b: null, c: [1, 'x'] }],
    ["{\"double\": \"quotes\", 'n': -1.5e3, 't': (1, 2), 'e': {}}", { double: 'quotes', n: -1500, t: [1, 2], e: {} }],
    ["{'esc': 'it\\'s\\n\\x41\\u00e9\\U0001F600', 'u': u'x', 1: False}", { esc: "it's\nAé😀", u: 'x', '1': false }],
    ["{'price': Decimal('12.50'), 'big': 1_000}", { price: 12.5, big: 1000 }],
    ["{'trailing': [1, 2,], }", { trailing: [1, 2] }],
  ])('reads %s', (text, expected) => {
    expect(parsePythonLiteral(text)).toEqual(expected);
  });

  it.each([
    "__import__('os').system('touch /tmp/pwned')",
    "{'a': open('/etc/passwd')}",
    "{'a': 1} or exit()",
    "{'a': lambda: 1}",
    "{'a': 'unterminated}",
    "{'__proto__': {'polluted': True}}",
    "{'a': float('inf')}",
    `${'['.repeat(100)}${']'.repeat(100)}`,
  ])('refuses %s without evaluating anything', (text) => {
    expect(parsePythonLiteral(text)).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseTaskPayload', () => {
  it('reads a Python-repr payload as the worker event fields', () => {
    expect(parseTaskPayload({ taskId: 't', payload: "{'a': True, 'b': None, 'c': [1, 'x']}" })).toEqual({ a: true, b: null, c: [1, 'x'] });
  });

  it('still refuses a payload that is neither JSON nor a Python dict literal', () => {
    for (const payload of ["['a', 'b']", "{'a': exec('1')}", 'not json']) {
      let caught: unknown;
      try {
        parseTaskPayload({ taskId: 't', payload });
      } catch (error) {
        caught = error;
      }
      expect(SoswError.is(caught, 'task.invalidPayload')).toBe(true);
    }
  });
});
