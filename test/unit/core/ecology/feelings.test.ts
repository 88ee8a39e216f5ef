import { describe, expect, it } from 'vitest';
import { compileHealthRule, getHealth } from '../../../../src/core/ecology/feelings.js';
import { SoswError } from '../../../../src/core/errors.js';

function caught(fn: () => unknown): SoswError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SoswError) return error;
    throw error;
  }
  throw new Error('expected a SoswError');
}

describe('getHealth', () => {
  // spec orchestrator-ecology.md 2.7, worked example
  const metric = { feelings: { '3': 50, '4': 25 }, operator: 'le' };

  it.each([
    [0, 4],
    [1.0, 4],
    [25, 4],
    [25.000001, 3],
    [30, 3],
    [50, 3],
    [51, 0],
  ])('maps %d to status %d with feelings {3: 50, 4: 25} and le', (value, status) => {
    expect(getHealth(value, metric)).toBe(status);
  });

  it.each(['le', '__le__', '<='])('gives the same table with the spelling %j', (operator) => {
    expect([0, 25, 30, 51].map((v) => getHealth(v, { ...metric, operator }))).toEqual([4, 4, 3, 0]);
  });

  it.each([
    ['ge', 80, 4],
    ['ge', 79, 3],
    ['ge', 50, 3],
    ['ge', 49, 0],
    ['>', 80, 3],
    ['>', 81, 4],
    ['__gt__', 50, 0],
  ])('supports greater operators: %s with value %d gives %d', (operator, value, status) => {
    // The original rejected every positive threshold here (weakness 33).
    expect(getHealth(value, { feelings: { '4': 80, '3': 50 }, operator })).toBe(status);
  });

  it('supports lt with a strict bound', () => {
    const rule = { feelings: { '4': 25, '2': 50 }, operator: 'lt' };
    expect([24, 25, 49, 50].map((v) => getHealth(v, rule))).toEqual([4, 2, 2, 0]);
  });

  it('supports eq and ne', () => {
    expect(getHealth(1, { feelings: { '4': 1, '1': 0 }, operator: 'eq' })).toBe(4);
    expect(getHealth(0, { feelings: { '4': 1, '1': 0 }, operator: '==' })).toBe(1);
    expect(getHealth(7, { feelings: { '4': 1, '1': 0 }, operator: 'eq' })).toBe(0);
    expect(getHealth(5, { feelings: { '4': 0 }, operator: '!=' })).toBe(4);
    expect(getHealth(0, { feelings: { '4': 0 }, operator: 'ne' })).toBe(0);
  });

  it('accepts [status, threshold] pairs as resolved by the task config', () => {
    expect(
      getHealth(30, {
        feelings: [
          [3, 50],
          [4, 25],
        ],
        operator: 'le',
      }),
    ).toBe(3);
  });

  it('accepts negative thresholds with greater operators', () => {
    expect(getHealth(-5, { feelings: { '4': -1, '2': -10 }, operator: 'ge' })).toBe(2);
  });
});

describe('compileHealthRule validation', () => {
  it('rejects the spec invalid example {1: 40, 3: 50, 4: 25} with le, whatever the value', () => {
    const error = caught(() => getHealth(0, { name: 'cpu', feelings: { '1': 40, '3': 50, '4': 25 }, operator: 'le' }));
    expect(error.code).toBe('ecology.invalidFeelings');
    expect(error.message).toContain('"cpu"');
    expect(error.message).toContain('status 1');
    expect(error.details).toMatchObject({
      field: 'health_metrics.cpu.feelings',
      status: 1,
      threshold: 40,
      higherStatus: 3,
      higherThreshold: 50,
    });
  });

  it.each([
    ['le with equal thresholds', { '4': 25, '3': 25 }, 'le'],
    ['lt decreasing', { '4': 50, '3': 25 }, 'lt'],
    ['ge increasing', { '4': 50, '3': 80 }, 'ge'],
    ['gt equal', { '4': 50, '3': 50 }, '>'],
    ['eq duplicate', { '4': 1, '3': 1 }, 'eq'],
  ])('rejects an impossible order: %s', (_label, feelings, operator) => {
    expect(caught(() => compileHealthRule({ feelings, operator })).code).toBe('ecology.invalidFeelings');
  });

  it.each([
    ['an empty map', {}],
    ['a status out of range', { '5': 10 }],
    ['a non-numeric status', { high: 10 }],
    [
      'a duplicate status',
      [
        [3, 10],
        [3, 20],
      ] as Array<[number, number]>,
    ],
    ['a non-finite threshold', { '4': Number.NaN }],
  ])('rejects %s', (_label, feelings) => {
    expect(caught(() => compileHealthRule({ feelings, operator: 'le' })).code).toBe('ecology.invalidFeelings');
  });

  it('rejects an unknown operator with ecology.invalidOperator', () => {
    expect(caught(() => compileHealthRule({ feelings: { '4': 1 }, operator: 'approx' })).code).toBe('ecology.invalidOperator');
  });

  it('orders the pairs highest status first', () => {
    expect(compileHealthRule({ feelings: { '2': 70, '4': 25, '3': 50 }, operator: 'le' }).pairs).toEqual([
      [4, 25],
      [3, 50],
      [2, 70],
    ]);
  });
});
