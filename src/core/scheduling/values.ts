/**
 * Small value helpers shared by the chunking rules (spec scheduler-chunking.md 7.1-7.2).
 * Every function is pure and never mutates its input.
 */
import { describeValue, SoswError } from '../errors.js';

export type JobObject = Record<string, unknown>;

/** True for `{...}` values (not arrays, not null). */
export function isPlainObject(value: unknown): value is JobObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python truthiness of a JSON value: null, false, 0, "", [] and {} are falsy. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** `job.invalid` with the JSON path of the offending value. */
export function invalidJob(path: string, problem: string, received?: unknown): SoswError {
  const got = received === undefined ? '' : ` (got ${describeValue(received)})`;
  return new SoswError('job.invalid', `Invalid job at ${path}: ${problem}${got}.`, { details: { field: path, problem } });
}

/** `list_from(data, name)` for an already chosen value: falsy -> [], scalar/object -> [it], list -> list. */
export function asList(value: unknown): unknown[] {
  if (!isTruthy(value)) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * `validate_list_of_vals`: the values of a level as a flat list. A list of strings/numbers is
 * kept, an object whose values are all null gives its keys, a one-key object is wrapped.
 * Anything else is `job.invalid`.
 */
export function validateListOfVals(data: unknown, path: string): unknown[] {
  if (Array.isArray(data)) {
    for (const [i, v] of data.entries()) {
      if (typeof v !== 'string' && typeof v !== 'number') {
        throw invalidJob(`${path}[${i}]`, 'a list of values may hold only strings and numbers', v);
      }
    }
    return data;
  }
  if (isPlainObject(data)) {
    const keys = Object.keys(data);
    if (keys.every((k) => data[k] === null)) return keys;
    if (keys.length === 1) return [data];
    throw invalidJob(path, 'expected a list of values or an object whose values are all null', data);
  }
  throw invalidJob(path, 'expected a list of values or an object whose values are all null', data);
}

/** `chunks(list, n)`: consecutive slices of length n, the last one shorter. */
export function* chunks<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

/** A copy of `obj` without `key`. */
export function without(obj: JobObject, key: string): JobObject {
  const copy: JobObject = {};
  for (const k of Object.keys(obj)) if (k !== key) copy[k] = obj[k];
  return copy;
}
