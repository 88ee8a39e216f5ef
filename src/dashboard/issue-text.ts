/**
 * Plain-words problems for zod issues the dashboard's schemas leave without a message of their own,
 * so an error never shows zod's raw text ("Invalid input: expected number, received NaN").
 * Passed as the per-parse error map: a message written on a schema still wins.
 */
import type { z } from 'zod';

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

const KINDS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function sizeText(origin: string, bound: number | bigint): string {
  if (origin === 'string') return `${bound} characters`;
  if (origin === 'array' || origin === 'set') return `${bound} items`;
  return String(bound);
}

/** The problem in words, e.g. `is required`, `must be a number`, `must not be empty`. */
export function issueProblem(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${KINDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return `must be at least ${sizeText(issue.origin, issue.minimum)}`;
    case 'too_big':
      return `must be at most ${sizeText(issue.origin, issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return 'is not a known name';
    default:
      return 'is invalid';
  }
}

/** The per-parse error map: `schema.safeParse(value, { error: issueMessage })`. */
export const issueMessage: z.core.$ZodErrorMap = (issue) => issueProblem(issue);
