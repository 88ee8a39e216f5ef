import { describe, expect, it } from 'vitest';
import { OPERATOR_SPELLINGS, resolveOperator } from '../../../../src/core/ecology/operators.js';
import { SoswError } from '../../../../src/core/errors.js';

describe('resolveOperator', () => {
  it.each([
    ['le', 'le'],
    ['__le__', 'le'],
    ['<=', 'le'],
    ['lt', 'lt'],
    ['__lt__', 'lt'],
    ['<', 'lt'],
    ['ge', 'ge'],
    ['__ge__', 'ge'],
    ['>=', 'ge'],
    ['gt', 'gt'],
    ['__gt__', 'gt'],
    ['>', 'gt'],
    ['eq', 'eq'],
    ['__eq__', 'eq'],
    ['==', 'eq'],
    ['ne', 'ne'],
    ['__ne__', 'ne'],
    ['!=', 'ne'],
    [' <= ', 'le'],
  ])('resolves %j to %s', (spelling, name) => {
    expect(resolveOperator(spelling).name).toBe(name);
  });

  it.each([
    ['le', 25, 25, true],
    ['le', 25.000001, 25, false],
    ['lt', 25, 25, false],
    ['lt', 24, 25, true],
    ['ge', 80, 80, true],
    ['ge', 79, 80, false],
    ['gt', 80, 80, false],
    ['gt', 81, 80, true],
    ['eq', 3, 3, true],
    ['eq', 3, 4, false],
    ['ne', 3, 4, true],
    ['ne', 3, 3, false],
  ] as const)('%s compares %d with %d as %s', (name, value, threshold, expected) => {
    expect(resolveOperator(name).compare(value, threshold)).toBe(expected);
  });

  it.each(['lte', '=>', '__xx__', '', 'toString', 'constructor'])('rejects %j with ecology.invalidOperator', (spelling) => {
    let caught: unknown;
    try {
      resolveOperator(spelling);
    } catch (error) {
      caught = error;
    }
    expect(SoswError.is(caught, 'ecology.invalidOperator')).toBe(true);
    expect((caught as SoswError).message).toContain('feeling_comparison_operator');
    expect((caught as SoswError).message).toContain('<=');
  });

  it('lists every accepted spelling', () => {
    expect(OPERATOR_SPELLINGS).toEqual(expect.arrayContaining(['le', '__gt__', '>=', '!=']));
  });
});
