import { describe, expect, it } from 'vitest';
import { isQueueFileKey, parseStored, queueFileName, queueKeys, queueProgressSchema } from '../../../../src/core/scheduling/queue-file.js';
import { jobTaskIds, sha256Hex } from '../../../../src/core/scheduling/sha256.js';

describe('sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['héllo', '3c48591d8d098a4538f5e013dfcf406e948eac4d3277b10bf614e295d6068179'],
    ['a'.repeat(64), 'ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb'],
  ])('digests %j', (message, digest) => {
    expect(sha256Hex(message)).toBe(digest);
  });

  it('gives 32-hex ids that are stable per job and row and differ across jobs', () => {
    const a = jobTaskIds('job-a');
    const b = jobTaskIds('job-b');
    expect(a(0)).toMatch(/^[0-9a-f]{32}$/);
    expect(a(41)).toBe(jobTaskIds('job-a')(41));
    expect(a(1)).not.toBe(a(2));
    expect(a(1)).not.toBe(b(1));
    expect(a(1_000_000).endsWith('00000000000f4240')).toBe(true);
  });
});

describe('queue files', () => {
  it('derives the file name from queue_file and the job id', () => {
    expect(queueFileName('tasks_queue.txt', 'abc-123')).toBe('tasks_queue_abc-123.txt');
    expect(queueFileName('my.queue.txt', 'a/b c')).toBe('my.queue_a-b-c.txt');
  });

  it('builds keys like the original (locked_ prefix) plus a progress record', () => {
    expect(queueKeys('sosw/scheduler', 'q.txt')).toEqual({
      name: 'q.txt',
      file: 'sosw/scheduler/q.txt',
      progress: 'sosw/scheduler/progress_q.txt',
      lock: 'sosw/scheduler/locked_q.txt',
      takeoverPrefix: 'sosw/scheduler/locked_q.txt.takeover.',
    });
    expect(queueKeys('', 'q.txt').file).toBe('q.txt');
  });

  it('tells queue files apart from locks and progress records', () => {
    expect(isQueueFileKey('p', 'p/q.txt')).toBe(true);
    expect(isQueueFileKey('p', 'p/locked_q.txt')).toBe(false);
    expect(isQueueFileKey('p', 'p/progress_q.txt')).toBe(false);
    expect(isQueueFileKey('p', 'other/q.txt')).toBe(false);
    expect(isQueueFileKey('p', 'p/sub/q.txt')).toBe(false);
  });

  it('parses stored documents or names the bad key', () => {
    expect(parseStored(queueProgressSchema, 'k', '{"cursor":5}')).toEqual({ cursor: 5 });
    expect(() => parseStored(queueProgressSchema, 'p/k', 'nope')).toThrow(/p\/k is not valid JSON/);
    expect(() => parseStored(queueProgressSchema, 'p/k', '{"cursor":-1}')).toThrow(/unexpected shape/);
  });
});
