/** Reading users' files as strict UTF-8: bytes that are not UTF-8 are refused, never replaced by U+FFFD. */
import { type ErrorCode, SoswError } from '../core/errors.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/** Offset of the first byte that is not part of valid UTF-8 (for the error message). */
function firstBadByte(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix: binary search on "decodes without error" (prefix cuts may split a character).
  while (high - low > 4) {
    const mid = (low + high) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid;
    }
  }
  return low;
}

/**
 * Decode a file's bytes as UTF-8 (a leading byte-order mark is dropped), or throw `code` naming
 * the file, the byte offset and the fix.
 *
 * @example
 * decodeUtf8(readFileSync('job.json'), 'job.json', 'job.invalid');
 */
export function decodeUtf8(bytes: Uint8Array, path: string, code: ErrorCode): string {
  try {
    return strict.decode(bytes);
  } catch (cause) {
    const offset = firstBadByte(bytes);
    throw new SoswError(
      code,
      `The file ${path} is not valid UTF-8 (first bad byte near offset ${offset}). Save it as UTF-8 (JSON text must be UTF-8).`,
      { details: { path, field: path, offset }, cause },
    );
  }
}
