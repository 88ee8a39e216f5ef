/**
 * The size of a DynamoDB item as DynamoDB counts it against its 400 KB item limit
 * (developer guide, "Item sizes and formats"): attribute names and strings in UTF-8 bytes,
 * numbers by significant digits, 1 byte for booleans and nulls, 3 bytes per list or map plus
 * 1 byte per element.
 */
import { utf8ByteLength } from '../task/utf8.js';

/** DynamoDB's item size limit: 400 KB. */
export const DYNAMO_MAX_ITEM_BYTES = 400 * 1024;

/** Bytes of a number: 1 byte per two significant digits, plus 1 (at most 21). */
function numberBytes(n: number): number {
  const digits = Math.abs(n).toExponential().replace(/e.*$/, '').replace('.', '').replace(/0+$/, '');
  return Math.min(21, Math.ceil(Math.max(digits.length, 1) / 2) + 1);
}

/** Stored bytes of one attribute value (document-client form: JS values, Sets, Uint8Arrays). */
export function dynamoValueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8ByteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(Number(value));
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) {
    let bytes = 0;
    for (const member of value) bytes += dynamoValueBytes(member);
    return bytes;
  }
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + 1 + dynamoValueBytes(v), 3);
  if (typeof value === 'object') {
    let bytes = 3;
    for (const [key, v] of Object.entries(value)) if (v !== undefined) bytes += 1 + utf8ByteLength(key) + dynamoValueBytes(v);
    return bytes;
  }
  return utf8ByteLength(String(value));
}

/**
 * Stored bytes of an item.
 *
 * @example
 * dynamoItemBytes({ task_id: 'abc', attempts: 0 }); // 7 + 3 + 8 + 2 = 20
 */
export function dynamoItemBytes(item: Readonly<Record<string, unknown>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) bytes += utf8ByteLength(name) + dynamoValueBytes(value);
  return bytes;
}
