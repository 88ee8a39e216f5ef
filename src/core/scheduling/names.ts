/**
 * Attribute names of the chunking rules: singular / plural forms and the order of the
 * chunkable attributes (spec scheduler-chunking.md 7.1).
 */
import { invalidJob, isTruthy, type JobObject } from './values.js';

/** `store` -> `stores`, `stores` -> `stores`: trailing `s` characters removed, then one `s`. */
export function plural(name: string): string {
  return `${singular(name)}s`;
}

/** `stores` -> `store`: trailing `s` characters removed. */
export function singular(name: string): string {
  return name.replace(/s+$/, '');
}

/**
 * The spellings of an attribute in a fixed order: plural first, then singular. (The original
 * used an unordered set, which made task order random and duplicated chunks; see weakness 8.)
 */
export function nameVariants(name: string): readonly [string, string] {
  return [plural(name), singular(name)];
}

/**
 * The key under which `job` holds attribute `attr`: the plural key if its value is truthy, else
 * the singular key if present. A job that gives both spellings is ambiguous and rejected.
 */
export function attrKey(job: JobObject, attr: string, path: string): string | undefined {
  const [many, one] = nameVariants(attr);
  const hasMany = many in job;
  const hasOne = one in job;
  if (hasMany && hasOne && isTruthy(job[many]) && isTruthy(job[one])) {
    throw invalidJob(`${path}.${one}`, `both "${one}" and "${many}" are given; use only "${many}"`);
  }
  if (hasMany && (isTruthy(job[many]) || !hasOne)) return many;
  if (hasOne) return one;
  return undefined;
}

/** `next_attr`: the chunkable attribute after `name` (either spelling), or undefined. */
export function nextAttr(attrs: readonly string[], name: string): string | undefined {
  const i = attrs.findIndex((a) => singular(a) === singular(name));
  return i < 0 ? undefined : attrs[i + 1];
}
