import type { ZodError, z } from 'zod';
import { describeValue, type ErrorCode, SoswError } from '../errors.js';
import { findReservedKey } from './reserved-keys.js';
import { unknownKeys } from './unknown-keys.js';
import { type IgnoredKey, UNUSED_ORIGINAL_KEYS } from './unused-keys.js';

type Path = ReadonlyArray<PropertyKey>;

/**
 * Where a config document comes from, for error messages: what it is (with its file when there is
 * one) and how a path inside the document reads in the file the user wrote. A project config's
 * `task_config` is resolved as a task-config document, but its labourers are written at
 * `labourers.<id>` in `sosw.config.ts`, not at `task_config.labourers.<id>`.
 */
export interface ConfigPlace {
  /** `task config`, `project config (/srv/app/sosw.config.ts)`. */
  readonly what: string;
  /** The field path as written in the user's file. */
  field(path: Path): string;
}

const joinPath = (path: Path): string =>
  path
    .map(String)
    .filter((p) => p !== '')
    .join('.');

/**
 * A place whose fields are `prefix.<path>`.
 *
 * @example
 * configPlace('task config', ['task_config']).field(['max_attempts']); // 'task_config.max_attempts'
 */
export function configPlace(what: string, prefix: Path = []): ConfigPlace {
  return { what, field: (path) => joinPath([...prefix, ...path]) || '(root)' };
}

/** The place of a section inside a document (`task_config` inside a scheduler document). */
export function childPlace(parent: ConfigPlace, sub: Path): ConfigPlace {
  return { what: parent.what, field: (path) => parent.field([...sub, ...path]) };
}

export interface ConfigProblem {
  readonly field: string;
  readonly problem: string;
}

/** `config.invalid` listing the problems of one document. */
export function configProblemsError(place: ConfigPlace, problems: readonly ConfigProblem[], cause?: unknown): SoswError {
  const lines = problems.map((p) => `  - ${p.field}: ${p.problem}`).join('\n');
  const first = problems[0];
  return new SoswError('config.invalid', `Invalid ${place.what}:\n${lines}`, {
    details: { problems, ...(first === undefined ? {} : { field: first.field }) },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** `config.invalid` for one field: `problem` says what is expected, with an example. */
export function configFieldError(place: ConfigPlace, path: Path, problem: string, extra: Record<string, unknown> = {}): SoswError {
  const field = place.field(path);
  return new SoswError('config.invalid', `Invalid ${place.what}:\n  - ${field}: ${problem}`, {
    details: { field, problems: [{ field, problem }], ...extra },
  });
}

/** Default zod messages, which say what failed but not what to write instead. */
const ZOD_DEFAULT =
  /^(Invalid input|Invalid option|Too small|Too big|Invalid key in record|Invalid string|Invalid number|Unrecognized key)/;

/** True when the issue carries a received value worth showing (not undefined, not a whole object). */
function hasInput(issue: z.core.$ZodIssue): boolean {
  const input = (issue as { input?: unknown }).input;
  return Object.hasOwn(issue, 'input') && input !== undefined && (typeof input !== 'object' || input === null);
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, side: 'min' | 'max'): string {
  const value = side === 'min' ? issue.minimum : issue.maximum;
  const op = side === 'min' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `${op} ${String(value)}`;
}

/** The problem of one zod issue in words: what is expected, and what was received. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  const received = hasInput(issue) ? `, received ${describeValue(input)}` : '';
  if (!ZOD_DEFAULT.test(issue.message)) {
    return hasInput(issue) && !/received/.test(issue.message) ? `${issue.message}${received}` : issue.message;
  }
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? `is required (${issue.expected})` : `expected ${issue.expected}${received}`;
    case 'too_small':
      return `must be ${bound(issue, 'min')}${received}`;
    case 'too_big':
      return `must be ${bound(issue, 'max')}${received}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${received}`;
    case 'invalid_key': {
      const inner = issue.issues.map((i) => i.message).join('; ');
      return `is not a valid key${inner === '' ? '' : `: ${inner}`}`;
    }
    case 'unrecognized_keys':
      return `unknown key(s): ${issue.keys.join(', ')}`;
    default:
      return `${issue.message}${received}`;
  }
}

/** Turn a zod failure into one coded error whose message names every bad field and the fix. */
export function fromZodError(code: ErrorCode, what: string, error: ZodError, fieldPrefix = ''): SoswError {
  const problems = error.issues.map((issue) => {
    const path = [fieldPrefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return { field: path === '' ? '(root)' : path, problem: describeIssue(issue) };
  });
  const lines = problems.map((p) => `  - ${p.field}: ${p.problem}`).join('\n');
  return new SoswError(code, `Invalid ${what}:\n${lines}`, { details: { problems }, cause: error });
}

/** A problem at a path of a document (the path inside it, not yet as written in the file). */
export interface ConfigIssue {
  readonly path: Path;
  readonly message: string;
}

/** A validated document and the keys in it that are accepted but do nothing (to be warned about). */
export interface InspectedConfigDocument<T> {
  readonly data: T;
  readonly ignoredKeys: readonly IgnoredKey[];
}

/**
 * Validate one config document: no `__proto__` key, no unknown key of a strict object, no near miss
 * of a known key (see unknown-keys.ts), then the schema, then `check` (problems only the caller can
 * see, on the raw document). Every problem is reported at once, each with its field path as written
 * in the user's file. Returns the data and the original's keys sosw ignores.
 *
 * @example
 * const { data, ignoredKeys } = inspectConfigDocument(scavengerConfigSchema, doc, configPlace('scavenger config'));
 * for (const key of ignoredKeys) logger.warn({ field: key.field }, ignoredKeyMessage(key));
 */
export function inspectConfigDocument<T extends z.ZodType>(
  schema: T,
  input: unknown,
  place: ConfigPlace,
  check?: (input: unknown) => readonly ConfigIssue[],
): InspectedConfigDocument<z.output<T>> {
  const reserved = findReservedKey(input);
  if (reserved !== null) {
    throw configFieldError(
      place,
      reserved,
      '"__proto__" is reserved and cannot name a labourer, job schema or metric; rename it (for a Lambda function, use its ARN or another name).',
    );
  }
  const keys = unknownKeys(schema, input);
  const parsed = schema.safeParse(input, { reportInput: true });
  const problems: ConfigProblem[] = keys.issues.map((issue) => ({ field: place.field(issue.path), problem: issue.message }));
  if (!parsed.success) {
    const unrecognized: ConfigProblem[] = [];
    for (const issue of parsed.error.issues) {
      const problem = { field: place.field(issue.path), problem: describeIssue(issue) };
      // Unknown keys are reported above, one per key, with a hint.
      if (issue.code === 'unrecognized_keys') unrecognized.push(problem);
      else problems.push(problem);
    }
    if (problems.length === 0) problems.push(...unrecognized);
  }
  for (const issue of check?.(input) ?? []) problems.push({ field: place.field(issue.path), problem: issue.message });
  if (problems.length > 0) throw configProblemsError(place, problems, parsed.success ? undefined : parsed.error);
  const ignoredKeys = keys.unused.map((path) => ({
    field: place.field(path),
    what: place.what,
    instead: UNUSED_ORIGINAL_KEYS[String(path[path.length - 1])] ?? '',
  }));
  return { data: (parsed as { data: z.output<T> }).data, ignoredKeys };
}

/** {@link inspectConfigDocument} without the ignored keys. */
export function parseConfigDocument<T extends z.ZodType>(schema: T, input: unknown, place: ConfigPlace): z.output<T> {
  return inspectConfigDocument(schema, input, place).data;
}
