import { describe, expect, it } from 'vitest';
import { itemWriteUnits, readUnits, requestUnits, totalUnits } from '../../../../src/core/cost/capacity.js';

describe('capacity model', () => {
  describe('itemWriteUnits', () => {
    it.each([
      [0, false, 1],
      [1, false, 1],
      [1024, false, 1],
      [1025, false, 2],
      [3 * 1024, false, 3],
      [500, true, 2],
      [3 * 1024, true, 6],
    ])('bills %i bytes (transactional %s) as %i units', (bytes, transactional, units) => {
      expect(itemWriteUnits(bytes, transactional)).toBe(units);
    });
  });

  describe('readUnits', () => {
    it.each([
      [3500, 'strong', 1],
      [3500, 'eventual', 0.5],
      [8 * 1024, 'strong', 2],
      [8 * 1024, 'eventual', 1],
      [8 * 1024, 'transactional', 4],
      [10 * 1024, 'strong', 3],
      [0, 'eventual', 0.5],
    ] as const)('bills %i bytes read %s as %d units', (bytes, consistency, units) => {
      expect(readUnits(bytes, consistency)).toBe(units);
    });
  });

  describe('requestUnits', () => {
    it('adds one index write per index the item lands in, never doubled by a transaction', () => {
      expect(requestUnits({ kind: 'put', itemBytes: 200, transactional: true, indexes: [{ projectedBytes: 200, change: 'put' }] })).toEqual(
        {
          write: 3,
          read: 0,
        },
      );
    });

    it('bills two index writes when an update moves an index key', () => {
      expect(requestUnits({ kind: 'update', itemBytes: 200, indexes: [{ projectedBytes: 200, change: 'keyChange' }] })).toEqual({
        write: 3,
        read: 0,
      });
    });

    it('bills a condition check as a transactional write of the checked item', () => {
      expect(requestUnits({ kind: 'conditionCheck', itemBytes: 40 })).toEqual({ write: 2, read: 0 });
    });

    it('rounds a query once over the sum of the items it read', () => {
      // 100 items of 162 bytes: 16,200 bytes -> 4 x 4 KB -> 2 units eventually consistent (not 100 x 0.5).
      expect(requestUnits({ kind: 'query', bytesRead: 100 * 162, consistency: 'eventual' })).toEqual({ write: 0, read: 2 });
    });

    it('rounds a get per item', () => {
      expect(requestUnits({ kind: 'get', itemBytes: 5000, consistency: 'strong' })).toEqual({ write: 0, read: 2 });
    });
  });

  it('totalUnits multiplies each request by its count', () => {
    expect(
      totalUnits([
        { request: { kind: 'put', itemBytes: 10 }, times: 3 },
        { request: { kind: 'get', itemBytes: 10, consistency: 'eventual' }, times: 0.5 },
      ]),
    ).toEqual({ write: 3, read: 0.25 });
  });
});
