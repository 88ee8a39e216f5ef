import { describe, expect, it } from 'vitest';
import { ChainConfigSource } from '../../../../src/adapters/local/chain-config-source.js';
import { MemoryConfigSource } from '../../../../src/adapters/local/memory-config-source.js';
import type { ConfigSource } from '../../../../src/ports/config-source.js';

describe('ChainConfigSource', () => {
  it("returns the first source's document without merging", async () => {
    const first = new MemoryConfigSource({ shared: { a: 1 } });
    const second = new MemoryConfigSource({ shared: { b: 2 }, only_second: { c: 3 } });
    const chain = new ChainConfigSource([first, second]);
    expect(await chain.get('shared')).toEqual({ a: 1 });
    expect(await chain.get('only_second')).toEqual({ c: 3 });
    expect(await chain.get('nowhere')).toBeNull();
  });

  it('stops at the first hit and propagates errors', async () => {
    const broken: ConfigSource = { get: async () => Promise.reject(new Error('down')) };
    const first = new MemoryConfigSource({ a: { x: 1 } });
    expect(await new ChainConfigSource([first, broken]).get('a')).toEqual({ x: 1 });
    await expect(new ChainConfigSource([first, broken]).get('b')).rejects.toThrow('down');
  });

  it('needs at least one source', () => {
    expect(() => new ChainConfigSource([])).toThrow(/at least one config source/);
  });
});
