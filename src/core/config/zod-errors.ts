import type { ZodError } from 'zod';
import { type ErrorCode, SoswError } from '../errors.js';

/** Turn a zod failure into one coded error whose message names every bad field and the fix. */
export function fromZodError(code: ErrorCode, what: string, error: ZodError, fieldPrefix = ''): SoswError {
  const problems = error.issues.map((issue) => {
    const path = [fieldPrefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return { field: path === '' ? '(root)' : path, problem: issue.message };
  });
  const lines = problems.map((p) => `  - ${p.field}: ${p.problem}`).join('\n');
  return new SoswError(code, `Invalid ${what}:\n${lines}`, { details: { problems }, cause: error });
}
