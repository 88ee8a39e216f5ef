/**
 * JSON checks for what leaves a worker: where a value stops being JSON data (so a report that
 * cannot be sent is named before any invoker tries), and a stringify for log lines that never throws.
 */

/** Where and why a value cannot be sent as JSON. */
export interface JsonProblem {
  /** `result.rows[2].owner`: the first place JSON.stringify would fail. */
  readonly path: string;
  /** `a BigInt`, `a circular reference (back to result)`, `its toJSON() threw: ...`. */
  readonly reason: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The first place where `JSON.stringify(value)` would throw, or undefined when it would not. It
 * follows JSON.stringify's rules: `toJSON()` is called, functions, symbols and `undefined` are
 * skipped, shared (non-circular) references are fine. Plain data costs one walk and no allocation.
 *
 * @example
 * const a: Record<string, unknown> = { n: 1n }; a.self = a;
 * jsonProblem(a); // { path: 'result.n', reason: 'a BigInt' }
 */
export function jsonProblem(value: unknown, root = 'result'): JsonProblem | undefined {
  const ancestors: object[] = [];
  const paths: string[] = [];
  const walk = (current: unknown, key: string | number, path: string): JsonProblem | undefined => {
    let item = current;
    // JSON.stringify calls toJSON on objects and BigInts (a BigInt serialises when the app defines one).
    const hasToJson = (typeof item === 'object' && item !== null) || typeof item === 'bigint';
    if (hasToJson && typeof (item as { toJSON?: unknown }).toJSON === 'function') {
      try {
        item = (item as { toJSON: (key: string) => unknown }).toJSON(String(key));
      } catch (error) {
        return { path, reason: `its toJSON() threw: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    if (typeof item === 'bigint') return { path, reason: 'a BigInt' };
    if (item === null || typeof item !== 'object') return undefined;
    const seen = ancestors.indexOf(item);
    if (seen !== -1) return { path, reason: `a circular reference (back to ${paths[seen]})` };
    ancestors.push(item);
    paths.push(path);
    let problem: JsonProblem | undefined;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length && problem === undefined; i++) problem = walk(item[i], i, childPath(path, i));
    } else {
      for (const name of Object.keys(item)) {
        problem = walk((item as Record<string, unknown>)[name], name, childPath(path, name));
        if (problem !== undefined) break;
      }
    }
    ancestors.pop();
    paths.pop();
    return problem;
  };
  try {
    return walk(value, '', root);
  } catch (error) {
    // A getter that throws, or nesting deep enough to overflow the stack: JSON.stringify fails there too.
    return { path: root, reason: `it cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * JSON.stringify for log lines: BigInts become their digits, a circular reference becomes
 * `"[Circular]"`, and whatever still throws (a throwing getter or toJSON) becomes a short
 * placeholder. `replace` runs first on every value (to flatten errors, for example).
 *
 * @example
 * const a: Record<string, unknown> = { n: 1n }; a.self = a;
 * safeJsonStringify(a); // '{"n":"1","self":"[Circular]"}'
 */
export function safeJsonStringify(value: unknown, replace?: (key: string, value: unknown) => unknown): string {
  // The objects from the root down to the one being written: `this` (the holder) tells where we are.
  const ancestors: unknown[] = [];
  const replacer = function (this: unknown, key: string, raw: unknown): unknown {
    const item = replace === undefined ? raw : replace(key, raw);
    if (typeof item === 'bigint') return item.toString();
    if (item === null || typeof item !== 'object') return item;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(item)) return '[Circular]';
    ancestors.push(item);
    return item;
  };
  try {
    return JSON.stringify(value, replacer) ?? String(value);
  } catch (error) {
    return JSON.stringify(`[unserializable: ${error instanceof Error ? error.message : String(error)}]`);
  }
}
