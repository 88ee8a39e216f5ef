/**
 * Unknown keys in config documents. Strict objects (a project's root, `labourers.<id>`, `adaptive`)
 * refuse every key they do not know. The original's documents (`task_config`, `scheduler_config`,
 * `orchestrator_config`, ...) are loose, because teams reuse their Python documents, which carry keys
 * sosw does not read. A loose object still refuses a key that is a near miss of one it knows
 * (`max_atempts`, `rowsToProcess`): such a key is a typo whose setting would silently fall back to
 * the default. Keys the original defines are never refused (an explicit allow-list per object); those
 * of them that sosw reads nowhere (unused-keys.ts) are reported, so the caller can warn about them.
 */
import type { z } from 'zod';
import { UNUSED_ORIGINAL_KEYS } from './unused-keys.js';

type Path = ReadonlyArray<string | number>;

/** A key refused, with the path of the key itself (the object's path plus the key). */
export interface UnknownKeyIssue {
  readonly path: Path;
  readonly message: string;
}

export interface UnknownKeyReport {
  /** Keys refused: unknown keys of strict objects, near misses of known keys in loose ones. */
  readonly issues: readonly UnknownKeyIssue[];
  /** Paths of the keys accepted and ignored (unknown to sosw, not near any known key). */
  readonly ignored: readonly Path[];
  /** Paths of the original's keys that sosw reads nowhere (see unused-keys.ts), accepted where the original defines them. */
  readonly unused: readonly Path[];
}

interface OriginalKeys {
  readonly keys: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
}

const ORIGINAL_KEYS = new WeakMap<object, OriginalKeys>();

/**
 * Declare the keys of a loose config object that the original sosw defines and sosw ignores: they
 * are never taken for typos. Returns the schema (register the final schema instance).
 *
 * @example
 * export const scavengerConfigSchema = withOriginalKeys(z.looseObject({ ... }), ['init_clients', 'meta_handler_config']);
 */
export function withOriginalKeys<T extends z.ZodType>(schema: T, keys: readonly string[], patterns: readonly RegExp[] = []): T {
  ORIGINAL_KEYS.set(schema, { keys: new Set(keys), patterns });
  return schema;
}

/** What to write instead of a key an object refuses, by key; gets the path of the object. */
export type KeyHints = Readonly<Record<string, (objectPath: Path) => string>>;

const KEY_HINTS = new WeakMap<object, KeyHints>();

/**
 * Declare the message of keys users write in the wrong place (`labourers.<id>.config`): refused as
 * any unknown key, but the message says where the setting goes instead of listing the keys.
 * Returns the schema (register the final schema instance).
 */
export function withKeyHints<T extends z.ZodType>(schema: T, hints: KeyHints): T {
  KEY_HINTS.set(schema, hints);
  return schema;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

const normalize = (key: string): string => key.toLowerCase().replace(/[_\-\s]/g, '');

/**
 * The known key `key` is a near miss of, or undefined: equal ignoring case and underscores
 * (`maxAttempts`, `MAX_ATTEMPTS`), or within 2 edits (1 for keys of 4 to 7 characters).
 *
 * @example
 * closestKey('max_atempts', ['max_attempts', 'labourers']); // 'max_attempts'
 */
export function closestKey(key: string, known: Iterable<string>): string | undefined {
  const norm = normalize(key);
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    if (candidate === key) return undefined;
    const candidateNorm = normalize(candidate);
    if (candidateNorm === norm) return candidate;
    const length = Math.max(key.length, candidate.length);
    const allowed = length >= 8 ? 2 : length >= 4 ? 1 : 0;
    if (allowed === 0) continue;
    const distance = Math.min(editDistance(key.toLowerCase(), candidate.toLowerCase()), editDistance(norm, candidateNorm));
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  values?: unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The option of a union that fits the value (by discriminator, else the only one of the value's kind). */
function unionOption(def: Def, value: unknown): z.ZodType | undefined {
  const options = def.options ?? [];
  if (def.discriminator !== undefined && isPlainObject(value)) {
    const tag = value[def.discriminator];
    return options.find((option) => {
      const field = defOf(option).shape?.[def.discriminator as string];
      return field !== undefined && (defOf(field).values ?? []).includes(tag);
    });
  }
  const kind = (option: z.ZodType): string => {
    const type = defOf(option).type;
    return type === 'object' || type === 'record' ? 'object' : type === 'array' || type === 'tuple' ? 'array' : 'other';
  };
  const valueKind = isPlainObject(value) ? 'object' : Array.isArray(value) ? 'array' : 'other';
  const fitting = options.filter((option) => kind(option) === valueKind);
  return fitting.length === 1 ? fitting[0] : undefined;
}

function listKeys(keys: readonly string[]): string {
  return keys.length <= 16 ? ` Allowed keys: ${keys.join(', ')}.` : '';
}

function visitObject(schema: z.ZodType, def: Def, value: Record<string, unknown>, path: Path, report: Report, depth: number): void {
  const shape = def.shape ?? {};
  const strict = def.catchall !== undefined && defOf(def.catchall).type === 'never';
  const original = ORIGINAL_KEYS.get(schema);
  const isOriginal = (key: string): boolean =>
    original !== undefined && (original.keys.has(key) || original.patterns.some((pattern) => pattern.test(key)));
  for (const key of Object.keys(value)) {
    const keyPath = [...path, key];
    // Before the shape: a few unused keys are in it, only to be validated (`default_simultaneous_invocations`).
    if (isOriginal(key) && Object.hasOwn(UNUSED_ORIGINAL_KEYS, key)) report.unused.push(keyPath);
    const field = shape[key];
    if (field !== undefined) {
      visit(field, value[key], keyPath, report, depth + 1);
      continue;
    }
    const known = Object.keys(shape);
    const placed = KEY_HINTS.get(schema);
    if (placed !== undefined && Object.hasOwn(placed, key)) {
      report.issues.push({ path: keyPath, message: (placed[key] as (objectPath: Path) => string)(path) });
      continue;
    }
    const hint = closestKey(key, known);
    if (strict) {
      report.issues.push({
        path: keyPath,
        message: hint === undefined ? `unknown key.${listKeys(known)}` : `unknown key; did you mean "${hint}"?`,
      });
      continue;
    }
    if (isOriginal(key)) {
      report.ignored.push(keyPath);
      continue;
    }
    if (hint !== undefined) {
      report.issues.push({
        path: keyPath,
        message: `unknown key; did you mean "${hint}"? (as written it would be ignored and the default used)`,
      });
    } else {
      report.ignored.push(keyPath);
    }
  }
}

interface Report {
  issues: UnknownKeyIssue[];
  ignored: Path[];
  unused: Path[];
}

function visit(schema: z.ZodType, value: unknown, path: Path, report: Report, depth: number): void {
  if (depth > 32 || value === undefined || value === null) return;
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      if (def.innerType !== undefined) visit(def.innerType, value, path, report, depth + 1);
      return;
    case 'pipe':
      if (def.in !== undefined) visit(def.in, value, path, report, depth + 1);
      return;
    case 'array':
      if (Array.isArray(value) && def.element !== undefined) {
        for (const [i, item] of value.entries()) visit(def.element, item, [...path, i], report, depth + 1);
      }
      return;
    case 'tuple':
      if (Array.isArray(value)) {
        for (const [i, item] of value.entries()) {
          const itemSchema = def.items?.[i] ?? def.rest ?? undefined;
          if (itemSchema) visit(itemSchema, item, [...path, i], report, depth + 1);
        }
      }
      return;
    case 'record':
      if (isPlainObject(value) && def.valueType !== undefined) {
        for (const key of Object.keys(value)) visit(def.valueType, value[key], [...path, key], report, depth + 1);
      }
      return;
    case 'union': {
      const option = unionOption(def, value);
      if (option !== undefined) visit(option, value, path, report, depth + 1);
      return;
    }
    case 'object':
      if (isPlainObject(value)) visitObject(schema, def, value, path, report, depth);
      return;
    default:
      return;
  }
}

/**
 * Walk a config document along its schema and report the keys it does not know: refused ones
 * (with "did you mean" when a known key is near) and ignored ones.
 *
 * @example
 * unknownKeys(scavengerConfigSchema, { retry_task_limit: 5 }).issues[0]?.message; // 'unknown key; did you mean "retry_tasks_limit"? ...'
 */
export function unknownKeys(schema: z.ZodType, input: unknown): UnknownKeyReport {
  const report: Report = { issues: [], ignored: [], unused: [] };
  visit(schema, input, [], report, 0);
  return report;
}
