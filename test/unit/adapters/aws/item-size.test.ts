import { describe, expect, it } from 'vitest';
import { taskSizeLimit } from '../../../../src/adapters/aws/dynamodb/dynamo-enqueue.js';
import { DYNAMO_MAX_ITEM_BYTES, dynamoItemBytes, dynamoValueBytes } from '../../../../src/adapters/aws/dynamodb/item-size.js';
import { resolveFieldNames } from '../../../../src/core/task/field-names.js';
import { utf8ByteLength } from '../../../../src/core/task/utf8.js';

describe('DynamoDB item sizes', () => {
  it('count names and strings in UTF-8 bytes', () => {
    expect(utf8ByteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(utf8ByteLength('\uD800x')).toBe(4);
    expect(dynamoItemBytes({ task_id: 'abc' })).toBe(7 + 3);
    expect(dynamoItemBytes({ é: 'é' })).toBe(4);
  });

  it('count numbers by significant digits, booleans and nulls as 1, lists and maps with overhead', () => {
    expect(dynamoValueBytes(0)).toBe(2);
    expect(dynamoValueBytes(1_700_000_000)).toBe(2);
    expect(dynamoValueBytes(1_712_345_678.123456)).toBe(1 + Math.ceil(16 / 2));
    expect(dynamoValueBytes(true)).toBe(1);
    expect(dynamoValueBytes(null)).toBe(1);
    expect(dynamoValueBytes(['ab', 1])).toBe(3 + (1 + 2) + (1 + 2));
    expect(dynamoValueBytes({ k: 'v' })).toBe(3 + 1 + 1 + 1);
  });

  it('a task item with a 400 KB payload is over the limit, one with 399 KB is under', () => {
    const limit = taskSizeLimit(resolveFieldNames({}));
    expect(limit.maxBytes).toBe(DYNAMO_MAX_ITEM_BYTES);
    expect(limit.taskBytes('w', 'x'.repeat(400 * 1024))).toBeGreaterThan(limit.maxBytes);
    expect(limit.taskBytes('w', 'x'.repeat(399 * 1024))).toBeLessThan(limit.maxBytes);
    // multi-byte text counts by bytes, not characters
    expect(limit.taskBytes('w', 'é'.repeat(210 * 1024))).toBeGreaterThan(limit.maxBytes);
  });
});
