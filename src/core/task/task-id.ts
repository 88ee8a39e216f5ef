/**
 * Task ids: 32 lowercase hex characters, like the original's UUIDv1 without dashes. Ours are
 * UUIDv7 (time-ordered, random tail), so they sort by creation time and never collide between
 * processes. Uses the Web Crypto global, available in Node 20 and Lambda without imports.
 */
export function newTaskId(nowMs: number): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let ms = Math.floor(nowMs);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

const TASK_ID_PATTERN = /^[0-9a-f]{32}$/;

/** True for a well-formed task id (32 lowercase hex). Stores accept any non-empty id for compatibility. */
export function isCanonicalTaskId(id: string): boolean {
  return TASK_ID_PATTERN.test(id);
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Random bytes per id: 74 random bits of UUIDv7 fit in 10 bytes. Web Crypto fills at most 65536 bytes per call. */
const RANDOM_BYTES_PER_ID = 10;
const MAX_RANDOM_FILL = 65_536;

/**
 * `count` ids for one moment, in the same format as `newTaskId`, drawing randomness in bulk: one
 * Web Crypto call per ~6500 ids instead of one per id (which costs microseconds each), so a batch
 * of a million tasks is not dominated by id generation.
 */
export function newTaskIds(nowMs: number, count: number): string[] {
  const random = new Uint8Array(count * RANDOM_BYTES_PER_ID);
  for (let offset = 0; offset < random.length; offset += MAX_RANDOM_FILL) {
    globalThis.crypto.getRandomValues(random.subarray(offset, Math.min(offset + MAX_RANDOM_FILL, random.length)));
  }
  let ms = Math.floor(nowMs);
  let prefix = '';
  for (let i = 0; i < 6; i++) {
    prefix = `${HEX_BYTE[ms % 256]}${prefix}`;
    ms = Math.floor(ms / 256);
  }
  const ids = new Array<string>(count);
  for (let k = 0; k < count; k++) {
    const r = k * RANDOM_BYTES_PER_ID;
    let id = `${prefix}${HEX_BYTE[(random[r]! & 0x0f) | 0x70]}${HEX_BYTE[random[r + 1]!]}${HEX_BYTE[(random[r + 2]! & 0x3f) | 0x80]}`;
    for (let j = 3; j < RANDOM_BYTES_PER_ID; j++) id += HEX_BYTE[random[r + j]!];
    ids[k] = id;
  }
  return ids;
}
