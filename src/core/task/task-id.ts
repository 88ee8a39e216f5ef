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
