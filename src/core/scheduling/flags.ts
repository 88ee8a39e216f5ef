/**
 * Isolation flags: `isolate_<attr>` and `max_<attr>s_per_batch`, at any depth of a job
 * (spec scheduler-chunking.md 7.1, 7.3). Flags are read strictly: booleans, numbers and the
 * strings true/false/1/0/yes/no (the original read the string "False" as on, weakness 9).
 */
import { nameVariants } from './names.js';
import { invalidJob, isPlainObject, type JobObject } from './values.js';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', '']);

/** Whether a flag value means "on". Unknown words are `job.invalid` rather than guessed. */
export function flagOn(value: unknown, field: string): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  throw invalidJob(field, 'a flag must be true or false', value);
}

/** A `max_*_per_batch` value as a positive whole number, or undefined when not set. */
export function batchValue(value: unknown, field: string): number | undefined {
  if (value === null || value === undefined || value === false) return undefined;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n > 0) return n;
  throw invalidJob(field, 'a batch size must be a positive whole number', value);
}

/** True if any isolation flag of `attr` (either spelling) is on in `data`. */
export function isolationRequested(attr: string, data: JobObject, path: string): boolean {
  for (const v of nameVariants(attr)) {
    if (flagOn(data[`isolate_${v}`], `${path}.isolate_${v}`)) return true;
    if (batchValue(data[`max_${v}_per_batch`], `${path}.max_${v}_per_batch`) !== undefined) return true;
  }
  return false;
}

/**
 * The batch size for `attr` at a level: the job's own `max_<plural>_per_batch`, then the one
 * inherited through the skeleton, then the singular spellings (the original ignored those,
 * weakness 10). Undefined when none is set.
 */
export function batchSize(attr: string, job: JobObject, skeleton: JobObject, path: string): number | undefined {
  for (const v of nameVariants(attr)) {
    const key = `max_${v}_per_batch`;
    const own = batchValue(job[key], `${path}.${key}`);
    if (own !== undefined) return own;
    const inherited = batchValue(skeleton[key], `${path}.${key}`);
    if (inherited !== undefined) return inherited;
  }
  return undefined;
}

const ROOT_FLAG = /^(isolate_\w*|max_\w*_per_batch)/;

/** Every flag-looking key of `data` (matched at the start of the key), pushed down to sub-levels. */
export function rootFlags(data: JobObject): JobObject {
  const flags: JobObject = {};
  for (const k of Object.keys(data)) if (ROOT_FLAG.test(k)) flags[k] = data[k];
  return flags;
}

export { isPlainObject };
