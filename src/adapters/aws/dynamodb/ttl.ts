/**
 * DynamoDB TTL (retention) of the closed-tasks and audit tables: the attribute that carries the
 * expiry (epoch seconds, a Number, as DynamoDB TTL requires) and how long an item is kept. Pure.
 */
import { describeValue, SoswError } from '../../../core/errors.js';
import type { Item } from './items.js';

/** Keep an item `seconds` after its time (closed_at, created_at), in `attribute`. */
export interface DynamoTtl {
  /** Attribute the table's TTL is switched on for (the deployment's default is `expires_at`). */
  readonly attribute: string;
  /** Whole seconds (> 0) an item is kept. */
  readonly seconds: number;
}

/** The expiry of an item stamped `at`: whole epoch seconds. */
export function expiresAt(at: number, ttl: DynamoTtl): number {
  return Math.floor(at) + ttl.seconds;
}

/** `item` with the expiry set (`ttl` undefined: unchanged). */
export function withExpiry(item: Item, at: number, ttl: DynamoTtl | undefined): Item {
  return ttl === undefined ? item : { ...item, [ttl.attribute]: expiresAt(at, ttl) };
}

/** `item` without the TTL attribute (`attribute` undefined: unchanged). */
export function withoutExpiry(item: Item, attribute: string | undefined): Item {
  if (attribute === undefined || !(attribute in item)) return item;
  const copy: Item = { ...item };
  delete copy[attribute];
  return copy;
}

/**
 * Check a TTL option of an adapter (`option` names it, e.g. `closedTtl`). `reserved` are attribute
 * names the TTL must not overwrite (keys and the fields sosw reads).
 */
export function checkTtl(option: string, ttl: DynamoTtl | undefined, reserved: readonly string[]): DynamoTtl | undefined {
  if (ttl === undefined) return undefined;
  const fail = (field: string, expected: string, received: unknown): SoswError =>
    new SoswError(
      'config.invalid',
      `Option ${option}.${field} must be ${expected}, got ${describeValue(received)}. Fix or omit ${option}.`,
      {
        details: { option: `${option}.${field}`, received },
      },
    );
  if (ttl === null || typeof ttl !== 'object') throw fail('attribute', 'set (an object { attribute, seconds })', ttl);
  if (typeof ttl.attribute !== 'string' || ttl.attribute.trim() === '')
    throw fail('attribute', 'a non-empty attribute name', ttl.attribute);
  if (reserved.includes(ttl.attribute))
    throw fail('attribute', `an attribute sosw does not use (not ${reserved.join(', ')})`, ttl.attribute);
  if (typeof ttl.seconds !== 'number' || !Number.isInteger(ttl.seconds) || ttl.seconds <= 0) {
    throw fail('seconds', 'a whole number of seconds > 0', ttl.seconds);
  }
  return Object.freeze({ attribute: ttl.attribute, seconds: ttl.seconds });
}
