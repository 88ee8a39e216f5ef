import { describe, expect, it } from 'vitest';
import { DynamoMetaLog } from '../../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from '../../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { fromClosedItem, liveAttributes, toClosedItem } from '../../../../src/adapters/aws/dynamodb/items.js';
import { fromMetaItem, toMetaItem } from '../../../../src/adapters/aws/dynamodb/operations/meta-entries.js';
import { archiveTransaction, redriveTransaction } from '../../../../src/adapters/aws/dynamodb/operations/moves.js';
import { reportTransaction } from '../../../../src/adapters/aws/dynamodb/operations/report-task.js';
import { DEFAULT_DYNAMO_TABLE_NAMES as T } from '../../../../src/adapters/aws/dynamodb/table-names.js';
import { checkTtl, expiresAt, withoutExpiry } from '../../../../src/adapters/aws/dynamodb/ttl.js';
import { SoswError } from '../../../../src/core/errors.js';
import { resolveFieldNames } from '../../../../src/core/task/field-names.js';

const F = resolveFieldNames();
const TTL = { attribute: 'expires_at', seconds: 86_400 } as const;
const live = { task_id: 't1', labourer_id: 'w', created_at: 1.5, greenfield: 1_731_557_600, attempts: 3, payload: '{}', stat_rows: 2 };

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('DynamoDB TTL (retention)', () => {
  it('expires at whole epoch seconds: floor(time) + seconds', () => {
    expect(expiresAt(1_700_000_000.75, TTL)).toBe(1_700_086_400);
    expect(Number.isInteger(expiresAt(12.5, { attribute: 'x', seconds: 1 }))).toBe(true);
  });

  describe('archiveTransaction', () => {
    it('puts the closed item with the expiry closed_at + seconds', () => {
      const { input, closed } = archiveTransaction(T, F, live, 1_700_000_000.25, TTL);
      expect(closed.expires_at).toBe(1_700_086_400);
      expect(input.TransactItems?.[0]?.Put).toMatchObject({
        TableName: 'sosw_closed_tasks',
        Item: { task_id: 't1', expires_at: 1_700_086_400 },
      });
    });

    it('writes no TTL attribute without the option (unchanged layout)', () => {
      const { closed } = archiveTransaction(T, F, live, 1_700_000_000);
      expect(closed).not.toHaveProperty('expires_at');
      expect(Object.keys(closed).sort()).toEqual([...Object.keys(live), 'closed_at', 'labourer_id_task_status'].sort());
    });

    it('uses the configured attribute name', () => {
      const closed = toClosedItem(live, F, 100, { attribute: 'ttl_at', seconds: 60 });
      expect(closed.ttl_at).toBe(160);
    });
  });

  describe('redriveTransaction', () => {
    it('removes the TTL attribute from the item put back into the tasks table', () => {
      const closed = toClosedItem(live, F, 100, TTL);
      const { input, live: back } = redriveTransaction(T, F, closed, 5_000, TTL.attribute);
      expect(back).not.toHaveProperty('expires_at');
      expect(back).toMatchObject({ task_id: 't1', greenfield: 5_000, attempts: 0, stat_rows: 2 });
      expect(back).not.toHaveProperty('closed_at');
      expect(input.TransactItems?.[0]?.Put?.Item).toEqual(back);
    });

    it('keeps an attribute of that name when no TTL attribute is named', () => {
      expect(liveAttributes({ ...live, expires_at: 1 }, F)).toHaveProperty('expires_at', 1);
    });
  });

  it('reads a closed item without the TTL attribute in extra', () => {
    const closed = toClosedItem({ ...live, owner: 'me' }, F, 100, TTL);
    expect(fromClosedItem(closed, F, TTL.attribute).extra).toEqual({ owner: 'me' });
    expect(fromClosedItem(closed, F).extra).toEqual({ owner: 'me', expires_at: 86_500 });
  });

  describe('meta rows', () => {
    const entry = { taskId: 't1', createdAt: 1_700_000_000.999, action: 'invoked', author: 'o', extra: { expires_at: 5 } } as const;

    it('carry floor(created_at) + seconds, over an extra of the same name', () => {
      expect(toMetaItem(entry, TTL).expires_at).toBe(1_700_086_400);
    });

    it('carry nothing extra without the option', () => {
      expect(toMetaItem({ ...entry, extra: {} })).not.toHaveProperty('expires_at');
    });

    it('read back without the TTL attribute', () => {
      const item = toMetaItem({ ...entry, extra: {} }, TTL);
      expect(fromMetaItem(item, TTL.attribute)).toEqual({ taskId: 't1', createdAt: entry.createdAt, action: 'invoked', author: 'o' });
    });

    it('go into the report transaction with the expiry', () => {
      const request = { taskId: 't1', outcome: 'completed', at: 10, invokedAtLeast: 1 } as const;
      const input = reportTransaction(T, F, request, toMetaItem({ taskId: 't1', createdAt: 10.5, action: 'marked_as_completed' }, TTL));
      expect(input.TransactItems?.[1]?.Put).toMatchObject({ TableName: 'sosw_tasks_meta', Item: { created_at: 10.5, expires_at: 86_410 } });
    });
  });

  describe('options', () => {
    it.each([
      [{ attribute: '', seconds: 60 }, 'closedTtl.attribute'],
      [{ attribute: 'task_id', seconds: 60 }, 'closedTtl.attribute'],
      [{ attribute: 'closed_at', seconds: 60 }, 'closedTtl.attribute'],
      [{ attribute: 'expires_at', seconds: 0 }, 'closedTtl.seconds'],
      [{ attribute: 'expires_at', seconds: 1.5 }, 'closedTtl.seconds'],
      [{ attribute: 'expires_at', seconds: Number.NaN }, 'closedTtl.seconds'],
    ])('the store rejects closedTtl %j with config.invalid naming %s', (closedTtl, field) => {
      const error = thrown(() => new DynamoTaskStore({ clientConfig: {}, closedTtl }));
      expect(SoswError.is(error, 'config.invalid')).toBe(true);
      expect((error as SoswError).message).toContain(field);
    });

    it('the meta log and the store reject a TTL on a meta key attribute', () => {
      for (const build of [
        () => new DynamoMetaLog({ ttl: { attribute: 'created_at', seconds: 60 } }),
        () => new DynamoTaskStore({ metaTtl: { attribute: 'task_id', seconds: 60 } }),
      ]) {
        expect(SoswError.is(thrown(build), 'config.invalid')).toBe(true);
      }
    });

    it('checkTtl passes a valid option through, and undefined as undefined', () => {
      expect(checkTtl('ttl', TTL, [])).toEqual(TTL);
      expect(checkTtl('ttl', undefined, [])).toBeUndefined();
    });
  });

  it('withoutExpiry leaves the item alone when the attribute is absent', () => {
    const item = { a: 1 };
    expect(withoutExpiry(item, 'expires_at')).toBe(item);
  });
});
