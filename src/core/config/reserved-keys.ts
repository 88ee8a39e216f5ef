/**
 * Config documents are JSON objects whose keys name labourers, job schemas and metrics. The key
 * `__proto__` cannot name anything: JavaScript object handling drops it (or turns it into a
 * prototype), so a labourer called `__proto__` would vanish without a word. Refuse it up front.
 */
import { SoswError } from '../errors.js';

const MAX_DEPTH = 32;

function findProtoKey(value: unknown, path: readonly string[], depth: number): string[] | null {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findProtoKey(value[i], [...path, String(i)], depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return [...path, key];
    const found = findProtoKey((value as Record<string, unknown>)[key], [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** The path of the first `__proto__` key in a document, or null. */
export function findReservedKey(input: unknown): string[] | null {
  return findProtoKey(input, [], 0);
}

/**
 * Throw `config.invalid` naming the field when a config document has a `__proto__` key anywhere.
 *
 * @example
 * rejectReservedKeys(JSON.parse('{"labourers":{"__proto__":{}}}'), 'task config', 'task_config');
 * // throws: Invalid task config: task_config.labourers.__proto__ ...
 */
export function rejectReservedKeys(input: unknown, what: string, fieldPrefix = ''): void {
  const found = findProtoKey(input, fieldPrefix === '' ? [] : [fieldPrefix], 0);
  if (found === null) return;
  const field = found.join('.');
  throw new SoswError(
    'config.invalid',
    `Invalid ${what}:\n  - ${field}: "__proto__" is reserved and cannot name a labourer, job schema or metric; rename it (for a Lambda function, use its ARN or another name).`,
    { details: { field, problems: [{ field, problem: '"__proto__" is a reserved key' }] } },
  );
}
