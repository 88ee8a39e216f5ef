import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SoswError } from '../../../core/errors.js';
import { checkArray, checkFinite, checkId, checkOneOf, checkRecord } from '../../../core/task/store-arguments.js';
import { META_ACTIONS, type MetaEntry, type MetaLog } from '../../../ports/meta-log.js';
import { awsErrorName } from '../shared/aws-errors.js';
import { type BackoffOptions, resolveBackoff } from '../shared/backoff.js';
import { type ClientOrConfig, LazyClient } from '../shared/client-options.js';
import { documentClient } from './document-client.js';
import { cancellationCodes, DynamoSender } from './dynamo-sender.js';
import { fromMetaItem, META_RESERVED, metaForTaskQuery, metaKey, metaWriteTransaction, toMetaItem } from './operations/meta-entries.js';
import { checkTtl, type DynamoTtl } from './ttl.js';

export type DynamoMetaLogOptions = ClientOrConfig<DynamoDBClient, DynamoDBClientConfig> & {
  /**
   * The meta table (hash task_id, range created_at).
   * @defaultValue `'sosw_tasks_meta'`
   */
  readonly tableName?: string;
  /**
   * Entries per TransactWriteItems request (at most 100).
   * @defaultValue 100
   */
  readonly batchSize?: number;
  readonly backoff?: BackoffOptions;
  /**
   * Retention: every row written carries `attribute` = floor(created_at) + `seconds` (epoch seconds)
   * for the table's DynamoDB TTL. Bad values fail with `config.invalid`.
   * @defaultValue none: rows are kept forever
   */
  readonly ttl?: DynamoTtl;
};

function checkEntry(entry: MetaEntry, i: number): void {
  const op = 'write';
  checkId(op, `entries[${i}].taskId`, entry?.taskId);
  checkFinite(op, `entries[${i}].createdAt`, entry.createdAt);
  checkOneOf(op, `entries[${i}].action`, entry.action, META_ACTIONS);
  for (const field of ['labourerId', 'author', 'invocationId', 'logStreamName'] as const) {
    if (entry[field] !== undefined) checkId(op, `entries[${i}].${field}`, entry[field]);
  }
  checkRecord(op, `entries[${i}].extra`, entry.extra);
}

/**
 * The task audit trail on the original's `sosw_tasks_meta` table. The original creates rows
 * conditionally (an existing key wins); BatchWriteItem cannot carry conditions, so a batch is sent as
 * TransactWriteItems of up to 100 conditional Puts: fewer requests than BatchWrite's 25, the first
 * entry of a key stays. Rows that already exist are dropped and the rest re-sent.
 *
 * @example
 * const meta = new DynamoMetaLog();
 * await meta.write([{ taskId, createdAt: Date.now() / 1000, action: 'invoked', author: 'sosw_orchestrator' }]);
 */
export class DynamoMetaLog implements MetaLog {
  readonly #client: LazyClient<DynamoDBClient>;
  readonly #sender: DynamoSender;
  readonly #table: string;
  readonly #batchSize: number;
  readonly #ttl: DynamoTtl | undefined;

  public constructor(options: DynamoMetaLogOptions = {}) {
    this.#client = new LazyClient(options.client, () => new DynamoDBClient(options.clientConfig ?? {}));
    this.#sender = new DynamoSender(() => documentClient(this.#client.get()), resolveBackoff(options.backoff));
    this.#table = options.tableName ?? 'sosw_tasks_meta';
    this.#batchSize = Math.max(1, Math.min(100, Math.floor(options.batchSize ?? 100)));
    this.#ttl = checkTtl('ttl', options.ttl, META_RESERVED);
  }

  public async write(entries: readonly MetaEntry[]): Promise<void> {
    checkArray('write', 'entries', entries);
    entries.forEach(checkEntry);
    const seen = new Set<string>();
    const unique = entries.filter((e) => !seen.has(metaKey(e)) && seen.add(metaKey(e)) !== undefined);
    for (let i = 0; i < unique.length; i += this.#batchSize) {
      let pending = unique.slice(i, i + this.#batchSize).map((entry) => toMetaItem(entry, this.#ttl));
      for (let attempt = 0; pending.length > 0; attempt++) {
        try {
          const input = metaWriteTransaction(this.#table, pending);
          await this.#sender.run('write', this.#table, (c) => c.send(new TransactWriteCommand(input)));
          break;
        } catch (error) {
          if (awsErrorName(error) !== 'TransactionCanceledException' || attempt >= 3) throw error;
          const codes = cancellationCodes(error);
          const before = pending.length;
          pending = pending.filter((_, index) => codes[index] !== 'ConditionalCheckFailed');
          if (pending.length === before) {
            throw new SoswError(
              'store.conflict',
              `Writing ${before} meta entries to ${this.#table} was cancelled (${codes.join(', ')}): retry.`,
              {
                details: { table: this.#table, codes },
                cause: error,
              },
            );
          }
        }
      }
    }
  }

  public async forTask(taskId: string): Promise<MetaEntry[]> {
    checkId('forTask', 'taskId', taskId);
    return (await this.#sender.query('forTask', metaForTaskQuery(this.#table, taskId))).map((item) =>
      fromMetaItem(item, this.#ttl?.attribute),
    );
  }

  /** Destroy the client if this log created it. Idempotent. */
  public async close(): Promise<void> {
    this.#client.close();
  }
}
