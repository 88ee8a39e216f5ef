import { describe, expect, it } from 'vitest';
import { RequestIds } from '../../../../src/adapters/local/request-ids.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('RequestIds', () => {
  it('gives UUID-shaped ids (version 4, RFC variant), all different', () => {
    const ids = new RequestIds();
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i += 1) {
      const id = ids.next();
      expect(id).toMatch(UUID_V4);
      seen.add(id);
    }
    expect(seen.size).toBe(10_000);
  });

  it('does not repeat across generators (a random prefix each)', () => {
    const prefixes = new Set(Array.from({ length: 200 }, () => new RequestIds().next().slice(0, 24)));
    expect(prefixes.size).toBe(200);
  });
});
