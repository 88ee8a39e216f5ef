/**
 * DynamoDB's billing rules as pure arithmetic: how many write and read request units one request
 * consumes. Every rule cites the page of AWS's documentation it comes from.
 *
 * - Writes: 1 unit per 1 KB of item, rounded up per item; transactional writes 2 units per KB.
 *   PutItem bills the larger of the old and new item, UpdateItem the larger of before and after,
 *   DeleteItem the deleted item; a write whose condition fails still bills (at least 1 unit).
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 * - Reads: 1 unit per 4 KB strongly consistent, half that eventually consistent, 2 units per 4 KB
 *   transactional. GetItem rounds each item up to 4 KB; Query and Scan add up the sizes of all the
 *   items they read (before any filter, whatever the projection) and round the sum up to 4 KB once
 *   per request. Global secondary indexes serve eventually consistent reads only.
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Reads
 * - Transactions: every item of TransactWriteItems is written twice (prepare and commit), so each
 *   action bills 2 units per KB; a ConditionCheck bills like a transactional write of the checked item.
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling
 * - Secondary indexes: a table write that puts an item into an index bills a write on the index for
 *   the projected size; an update that changes an index key bills two (delete the old index entry,
 *   put the new); removing an item bills one; writes that leave the index untouched bill none.
 *   Index writes are never transactional, even inside a transaction.
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ThroughputConsiderations.Writes
 */

export const WRITE_UNIT_BYTES = 1024;
export const READ_UNIT_BYTES = 4096;

/** How a secondary index is touched by one table write. */
export type IndexChange = 'put' | 'update' | 'keyChange' | 'remove';

export interface IndexWrite {
  /** Bytes of the item as projected into the index (keys plus projected attributes). */
  readonly projectedBytes: number;
  readonly change: IndexChange;
}

export type ReadConsistency = 'eventual' | 'strong' | 'transactional';

/** One request as DynamoDB bills it (a batch is the sum of its items' requests). */
export type BillableRequest =
  | {
      readonly kind: 'put' | 'update' | 'delete';
      /** Bytes billed for the table item: the larger of before and after for put and update. */
      readonly itemBytes: number;
      readonly transactional?: boolean;
      readonly indexes?: readonly IndexWrite[];
    }
  | { readonly kind: 'conditionCheck'; readonly itemBytes: number }
  | { readonly kind: 'get'; readonly itemBytes: number; readonly consistency: ReadConsistency }
  | {
      readonly kind: 'query';
      /** Sum of the sizes of every item the query reads (per request page, at most 1 MB). */
      readonly bytesRead: number;
      readonly consistency: Exclude<ReadConsistency, 'transactional'>;
    };

export interface Units {
  readonly write: number;
  readonly read: number;
}

/** Write units of one item of `bytes` (at least 1: an empty or failed write still bills one). */
export function itemWriteUnits(bytes: number, transactional = false): number {
  const units = Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
  return transactional ? 2 * units : units;
}

/** Read units of `bytes` read in one go (one item, or a query's sum). */
export function readUnits(bytes: number, consistency: ReadConsistency): number {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  if (consistency === 'eventual') return units / 2;
  return consistency === 'transactional' ? 2 * units : units;
}

function indexWriteUnits(index: IndexWrite): number {
  const one = itemWriteUnits(index.projectedBytes);
  return index.change === 'keyChange' ? 2 * one : one;
}

/**
 * The units one request bills.
 *
 * @example
 * requestUnits({ kind: 'put', itemBytes: 300, transactional: true }); // { write: 2, read: 0 }
 */
export function requestUnits(request: BillableRequest): Units {
  switch (request.kind) {
    case 'put':
    case 'update':
    case 'delete': {
      let write = itemWriteUnits(request.itemBytes, request.transactional === true);
      for (const index of request.indexes ?? []) write += indexWriteUnits(index);
      return { write, read: 0 };
    }
    case 'conditionCheck':
      return { write: itemWriteUnits(request.itemBytes, true), read: 0 };
    case 'get':
      return { write: 0, read: readUnits(request.itemBytes, request.consistency) };
    case 'query':
      return { write: 0, read: readUnits(request.bytesRead, request.consistency) };
  }
}

/** Units of requests, each sent `times` times (per task, per run...). */
export function totalUnits(requests: readonly { readonly request: BillableRequest; readonly times: number }[]): Units {
  let write = 0;
  let read = 0;
  for (const { request, times } of requests) {
    const u = requestUnits(request);
    write += u.write * times;
    read += u.read * times;
  }
  return { write, read };
}
