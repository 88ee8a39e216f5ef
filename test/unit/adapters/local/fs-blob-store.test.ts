import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../../src/adapters/local/fs-blob-store.js';

let root: string;
let blobs: FsBlobStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sosw-blobs-'));
  blobs = new FsBlobStore({ root });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('FsBlobStore', () => {
  it('puts, gets, overwrites and deletes objects under nested keys', async () => {
    expect(await blobs.get('sosw/scheduler/q.txt')).toBeNull();
    await blobs.put('sosw/scheduler/q.txt', 'one');
    expect(await blobs.get('sosw/scheduler/q.txt')).toBe('one');
    await blobs.put('sosw/scheduler/q.txt', 'two ✓');
    expect(await blobs.get('sosw/scheduler/q.txt')).toBe('two ✓');
    await blobs.delete('sosw/scheduler/q.txt');
    await blobs.delete('sosw/scheduler/q.txt');
    expect(await blobs.get('sosw/scheduler/q.txt')).toBeNull();
  });

  it('lists keys under a prefix, sorted, without temporary files', async () => {
    await blobs.put('p/b.txt', 'b');
    await blobs.put('p/a.txt', 'a');
    await blobs.put('p/sub/c.txt', 'c');
    await blobs.put('other/d.txt', 'd');
    expect(await blobs.list('p/')).toEqual(['p/a.txt', 'p/b.txt', 'p/sub/c.txt']);
    expect(await blobs.list('p/locked_')).toEqual([]);
    expect(await new FsBlobStore({ root: join(root, 'missing') }).list('')).toEqual([]);
    expect((await readdir(join(root, 'p'))).sort()).toEqual(['a.txt', 'b.txt', 'sub']);
  });

  it('creates an object only if it is absent, exactly once among concurrent writers', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => blobs.putIfAbsent('p/lock', `writer-${i}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await blobs.get('p/lock')).toBe(`writer-${winner}`);
    expect(await blobs.putIfAbsent('p/lock', 'late')).toBe(false);
    expect(await readdir(join(root, 'p'))).toEqual(['lock']);
  });

  it('writes again after its folder was removed behind its back', async () => {
    await blobs.put('p/q/a.txt', 'a');
    await rm(join(root, 'p'), { recursive: true });
    await blobs.put('p/q/a.txt', 'again');
    expect(await blobs.get('p/q/a.txt')).toBe('again');
  });

  it.each([['../escape'], ['/abs'], ['a//b'], ['a/./b'], [''], ['a\\b']])('rejects the key %j', async (key) => {
    await expect(blobs.put(key, 'x')).rejects.toMatchObject({ code: 'config.invalid' });
  });
});
