import { describe, expect, it } from 'vitest';
import { isCanonicalTaskId, newTaskId, newTaskIds } from '../../../../src/core/task/task-id.js';

describe('task ids', () => {
  it('are 32 lowercase hex characters with the UUIDv7 version and variant bits', () => {
    const id = newTaskId(1_700_000_000_000);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(id[12]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[16]);
    expect(isCanonicalTaskId(id)).toBe(true);
  });

  it('start with the 48-bit millisecond timestamp, so they sort by creation time', () => {
    expect(newTaskId(1_700_000_000_000).slice(0, 12)).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
    expect(newTaskId(1_700_000_000_000.9).slice(0, 12)).toBe('018bcfe56800');
    const earlier = newTaskId(1_000);
    const later = newTaskId(2_000);
    expect(earlier < later).toBe(true);
  });

  it('do not collide within one millisecond', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newTaskId(1_700_000_000_000)));
    expect(ids.size).toBe(10_000);
  });

  it.each(['', 'ABCDEF0123456789abcdef0123456789', '0123456789abcdef0123456789abcde', '0123456789abcdef0123456789abcdefa', 'g'.repeat(32)])(
    'isCanonicalTaskId rejects %j',
    (id) => {
      expect(isCanonicalTaskId(id)).toBe(false);
    },
  );
});

describe('newTaskIds', () => {
  it('returns `count` ids in the newTaskId format, sharing the timestamp prefix', () => {
    const ids = newTaskIds(1_700_000_000_000, 3);
    expect(ids).toHaveLength(3);
    for (const id of ids) {
      expect(isCanonicalTaskId(id)).toBe(true);
      expect(id.slice(0, 12)).toBe(newTaskId(1_700_000_000_000).slice(0, 12));
      expect(id[12]).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(id[16]);
    }
  });

  it('draws fresh randomness past one Web Crypto fill (65536 bytes) and never repeats', () => {
    const ids = newTaskIds(1_000, 20_000);
    expect(new Set(ids).size).toBe(20_000);
    expect(ids.at(-1)).not.toBe(ids[0]);
  });

  it('returns nothing for zero', () => {
    expect(newTaskIds(1_000, 0)).toEqual([]);
  });
});
