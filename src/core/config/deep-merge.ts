/**
 * The recursive config merge (the original's `recursive_update`, fixed: see weakness 53).
 *
 * Rules, for every key of `override`:
 * - both sides plain objects (or the base value is missing / null) → merged recursively;
 * - an array in `override` REPLACES the base value (no set union, no concatenation: a config
 *   layer that lists `chunkable_attrs` means exactly that list);
 * - `null` in `override` overwrites (deliberate removal of a setting);
 * - `undefined` in `override` is skipped (an optional option left out does not erase config);
 * - anything else overwrites.
 *
 * Inputs are never modified, and the result shares no object or array with them, so mutating a
 * merged config cannot leak into a caller's defaults. Keys `__proto__`, `constructor` and
 * `prototype` are ignored, so a config document cannot pollute prototypes.
 */

/** A JSON-like document: what config layers are made of. */
export type ConfigDocument = Record<string, unknown>;

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** True for `{...}` objects (object literals, `JSON.parse` output, `Object.create(null)`). */
export function isPlainObject(value: unknown): value is ConfigDocument {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isPlainObject(value)) return mergeInto({}, value);
  return value;
}

/** Merge `source` into `target`, which the caller owns (fresh); values taken from `source` are cloned. */
function mergeInto(target: ConfigDocument, source: Readonly<ConfigDocument>): ConfigDocument {
  for (const key in source) {
    if (!Object.hasOwn(source, key) || FORBIDDEN_KEYS.has(key)) continue;
    const value = source[key];
    if (value === undefined) continue;
    const current = target[key];
    if (isPlainObject(value) && isPlainObject(current)) {
      mergeInto(current, value);
    } else {
      target[key] = cloneValue(value);
    }
  }
  return target;
}

/**
 * Merge `override` over `base` into a new document (see the module comment for the rules).
 *
 * @example
 * deepMerge({ a: 1, g: { x: 1 }, l: [25] }, { g: { y: 2 }, l: [26] });
 * // → { a: 1, g: { x: 1, y: 2 }, l: [26] }
 */
export function deepMerge(base: Readonly<ConfigDocument>, override: Readonly<ConfigDocument>): ConfigDocument {
  return mergeInto(mergeInto({}, base), override);
}

/**
 * Merge layers left to right, later layers winning; `null` / `undefined` layers are skipped.
 *
 * @example
 * deepMergeAll(defaults, sharedConfig, functionConfig, explicitOptions);
 */
export function deepMergeAll(...layers: ReadonlyArray<Readonly<ConfigDocument> | null | undefined>): ConfigDocument {
  const out: ConfigDocument = {};
  for (const layer of layers) {
    if (layer) mergeInto(out, layer);
  }
  return out;
}
