/**
 * Number fields of config documents whose every failure says what is expected, with an example:
 * `must be a whole number >= 1 (most tasks of one key running at once), e.g. 2`. The value received
 * is added by the error formatter (zod-errors.ts).
 */
import { z } from 'zod';

export interface NumberRule {
  /** Whole numbers only. */
  readonly int?: boolean;
  readonly min?: number;
  /** Exclusive lower bound. */
  readonly gt?: number;
  readonly max?: number;
  /** Exclusive upper bound. */
  readonly lt?: number;
  /** A good value, shown in the message. */
  readonly example: number;
  /** What the number means, shown in the message. */
  readonly meaning?: string;
}

/** `a whole number >= 1`, `a number > 0 and < 1`. */
export function describeNumberRule(rule: NumberRule): string {
  const bounds = [
    rule.min !== undefined ? `>= ${rule.min}` : undefined,
    rule.gt !== undefined ? `> ${rule.gt}` : undefined,
    rule.max !== undefined ? `<= ${rule.max}` : undefined,
    rule.lt !== undefined ? `< ${rule.lt}` : undefined,
  ].filter((b) => b !== undefined);
  return `${rule.int ? 'a whole number' : 'a number'}${bounds.length === 0 ? '' : ` ${bounds.join(' and ')}`}`;
}

/**
 * A number field with one explanatory message for every failure.
 *
 * @example
 * numberField({ int: true, min: 1, example: 2, meaning: 'most tasks of one key running at once' });
 */
export function numberField(rule: NumberRule): z.ZodNumber {
  const message = `must be ${describeNumberRule(rule)}${rule.meaning === undefined ? '' : ` (${rule.meaning})`}, e.g. ${rule.example}`;
  let schema = z.number({ error: message });
  if (rule.int) schema = schema.int();
  if (rule.min !== undefined) schema = schema.min(rule.min);
  if (rule.gt !== undefined) schema = schema.gt(rule.gt);
  if (rule.max !== undefined) schema = schema.max(rule.max);
  if (rule.lt !== undefined) schema = schema.lt(rule.lt);
  return schema;
}

/** A whole number of seconds >= `min`. */
export function secondsField(example: number, meaning: string, min = 1): z.ZodNumber {
  return numberField({ int: true, min, example, meaning: `seconds; ${meaning}` });
}
