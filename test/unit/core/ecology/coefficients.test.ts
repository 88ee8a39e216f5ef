import { describe, expect, it } from 'vitest';
import { DEFAULT_INVOCATION_COEFFICIENTS, desiredInvocations, resolveCoefficients } from '../../../../src/core/ecology/coefficients.js';
import { SoswError } from '../../../../src/core/errors.js';

describe('desiredInvocations', () => {
  // spec orchestrator-ecology.md 1.4: max 10, nothing running
  it.each([
    [0, 0],
    [1, 0],
    [2, 5],
    [3, 7],
    [4, 10],
  ] as const)('status %d with max 10 and nothing running gives %d', (status, desired) => {
    expect(desiredInvocations({ cap: 10, coefficient: DEFAULT_INVOCATION_COEFFICIENTS[status], running: 0 })).toBe(desired);
  });

  it('floors max 5 at status 3 to 3, and to 1 new invocation with 2 running', () => {
    expect(desiredInvocations({ cap: 5, coefficient: 0.75, running: 0 })).toBe(3);
    expect(desiredInvocations({ cap: 5, coefficient: 0.75, running: 2 })).toBe(1);
  });

  it('gives nothing below High for a cap of 1 (the original default, weakness 41)', () => {
    expect(
      [2, 3, 4].map((s) => desiredInvocations({ cap: 1, coefficient: DEFAULT_INVOCATION_COEFFICIENTS[s as 2 | 3 | 4], running: 0 })),
    ).toEqual([0, 0, 1]);
  });

  it('never goes below zero when more are running than allowed', () => {
    expect(desiredInvocations({ cap: 4, coefficient: 1, running: 9 })).toBe(0);
  });

  it('does not lose one to float error', () => {
    expect(desiredInvocations({ cap: 100, coefficient: 0.29, running: 0 })).toBe(29);
  });
});

describe('resolveCoefficients', () => {
  it('keeps the defaults without overrides', () => {
    expect(resolveCoefficients()).toEqual({ 0: 0, 1: 0, 2: 0.5, 3: 0.75, 4: 1 });
  });

  it('applies string keys from JSON (ignored by the original, weakness 37)', () => {
    const table = resolveCoefficients(JSON.parse('{"2": 0.9, "1": 0.1}') as Record<string, number>);
    expect(table).toEqual({ 0: 0, 1: 0.1, 2: 0.9, 3: 0.75, 4: 1 });
  });

  it('applies numeric keys', () => {
    expect(resolveCoefficients({ 4: 0.8 })[4]).toBe(0.8);
  });

  it.each([
    [{ '5': 1 }, 'invocation_number_coefficient.5'],
    [{ high: 1 }, 'invocation_number_coefficient.high'],
    [{ '2': -1 }, 'invocation_number_coefficient.2'],
  ])('rejects %j naming the field', (overrides, field) => {
    let caught: unknown;
    try {
      resolveCoefficients(overrides);
    } catch (error) {
      caught = error;
    }
    expect(SoswError.is(caught, 'config.invalid')).toBe(true);
    expect((caught as SoswError).details.field).toBe(field);
  });
});
