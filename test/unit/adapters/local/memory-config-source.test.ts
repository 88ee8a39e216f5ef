import { describe, expect, it } from 'vitest';
import { MemoryConfigSource } from '../../../../src/adapters/local/memory-config-source.js';

describe('MemoryConfigSource', () => {
  it('returns a stored document, or null', async () => {
    const source = new MemoryConfigSource({ a_config: { x: 1 } });
    expect(await source.get('a_config')).toEqual({ x: 1 });
    expect(await source.get('b_config')).toBeNull();
    expect(source.reads).toBe(2);
  });

  it('copies documents in and out', async () => {
    const original = { nested: { x: 1 } };
    const source = new MemoryConfigSource({ a: original });
    original.nested.x = 2;
    const got = await source.get('a');
    (got?.nested as { x: number }).x = 3;
    expect(await source.get('a')).toEqual({ nested: { x: 1 } });
  });

  it('sets and deletes documents, rejecting non-objects', async () => {
    const source = new MemoryConfigSource();
    source.set('a', { y: 2 });
    expect(await source.get('a')).toEqual({ y: 2 });
    source.delete('a');
    expect(await source.get('a')).toBeNull();
    expect(() => source.set('b', [] as never)).toThrow(/Config document b must be a JSON object/);
  });
});
