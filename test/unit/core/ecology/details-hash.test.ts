import { describe, expect, it } from 'vitest';
import { detailsKey } from '../../../../src/core/ecology/details-hash.js';

describe('detailsKey', () => {
  it('ignores the order of object keys, at every depth', () => {
    const a = { MetricName: 'CPU', Namespace: 'AWS/RDS', Dimensions: [{ Name: 'db', Value: 'x' }], Period: 60 };
    const b = { Period: 60, Dimensions: [{ Value: 'x', Name: 'db' }], Namespace: 'AWS/RDS', MetricName: 'CPU' };
    expect(detailsKey(a)).toBe(detailsKey(b));
  });

  it('keeps the order of arrays', () => {
    expect(detailsKey({ s: [1, 'a'] })).not.toBe(detailsKey({ s: ['a', 1] }));
  });

  it('tells different values, types and shapes apart', () => {
    const keys = [{ a: 1 }, { a: '1' }, { a: 2 }, { b: 1 }, { a: [] }, { a: {} }, { a: null }, {}, [], { o: [['a', 1]] }].map(detailsKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('treats undefined values as absent', () => {
    expect(detailsKey({ a: 1, b: undefined })).toBe(detailsKey({ a: 1 }));
  });
});
