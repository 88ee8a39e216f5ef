import { SoswError } from '../errors.js';

/** The comparison behind a health metric's `feeling_comparison_operator`. */
export type ComparisonName = 'le' | 'lt' | 'ge' | 'gt' | 'eq' | 'ne';

export interface ComparisonOperator {
  /** Canonical name (`le`, `lt`, `ge`, `gt`, `eq`, `ne`). */
  readonly name: ComparisonName;
  /** `less` for le/lt, `greater` for ge/gt, `equality` for eq/ne. */
  readonly direction: 'less' | 'greater' | 'equality';
  /** `value <op> threshold`. */
  compare(value: number, threshold: number): boolean;
}

const OPERATORS: Readonly<Record<ComparisonName, ComparisonOperator>> = Object.freeze({
  le: { name: 'le', direction: 'less', compare: (a: number, b: number): boolean => a <= b },
  lt: { name: 'lt', direction: 'less', compare: (a: number, b: number): boolean => a < b },
  ge: { name: 'ge', direction: 'greater', compare: (a: number, b: number): boolean => a >= b },
  gt: { name: 'gt', direction: 'greater', compare: (a: number, b: number): boolean => a > b },
  eq: { name: 'eq', direction: 'equality', compare: (a: number, b: number): boolean => a === b },
  ne: { name: 'ne', direction: 'equality', compare: (a: number, b: number): boolean => a !== b },
});

const SYMBOLS: Readonly<Record<string, ComparisonName>> = Object.freeze({
  '<=': 'le',
  '<': 'lt',
  '>=': 'ge',
  '>': 'gt',
  '==': 'eq',
  '=': 'eq',
  '!=': 'ne',
});

/** Every spelling accepted, for error messages and docs. */
export const OPERATOR_SPELLINGS: readonly string[] = Object.freeze([
  ...Object.keys(OPERATORS),
  ...Object.keys(OPERATORS).map((n) => `__${n}__`),
  ...Object.keys(SYMBOLS),
]);

/**
 * Resolve an operator name as written in config: the Python `operator` names (`le`), their dunder
 * forms (`__le__`) and the symbols (`<=`). The original accepted only the first two (weakness 34).
 *
 * @example
 * resolveOperator('<=').compare(20, 25); // true
 */
export function resolveOperator(spelling: string): ComparisonOperator {
  const trimmed = spelling.trim();
  const bare = /^__([a-z]{2})__$/.exec(trimmed)?.[1] ?? trimmed;
  const name = (SYMBOLS[bare] ?? bare) as ComparisonName;
  const found = Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : undefined;
  if (found === undefined) {
    throw new SoswError(
      'ecology.invalidOperator',
      `Unknown feeling_comparison_operator ${JSON.stringify(spelling)}. Use one of: ${OPERATOR_SPELLINGS.join(', ')}.`,
      { details: { field: 'feeling_comparison_operator', received: spelling, allowed: OPERATOR_SPELLINGS } },
    );
  }
  return found;
}
