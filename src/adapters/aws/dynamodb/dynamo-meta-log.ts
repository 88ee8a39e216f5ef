import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { checkArray, checkId, checkMetaEntry } from '../../../core/task/store-arguments.js';
import type { MetaEntry, MetaLog } from '../../../ports/meta-log.js';
import { type BackoffOptions, resolveBackoff } from '../shared/backoff.js';
import { type ClientOrConfig, LazyClient } from '../shared/client-options.js';
import { documentClient } from './document-client.js';
import { DynamoSender } from './dynamo-sender.js';
import type { Item } from './items.js';
import { fromMetaItem, META_RESERVED, metaForTaskQuery, metaKey, toMetaItem } from './operations/meta-entries.js';
import { checkTtl, type DynamoTtl } from './ttl.js';

export type DynamoMetaLogOptions = ClientOrConfig<DynamoDBClient, DynamoDBClientConfig> & {
  /**
   * The meta table (hash task_id, range created_at).
   * @defaultValue `'sosw_tasks_meta'`
   */
  readonly tableName?: string;
  /** @deprecated Ignored: rows go in BatchWriteItem requests of 25 (kept so existing options still typecheck). */
  readonly batchSize?: number;
  readonly backoff?: BackoffOptions;
  /**
   * Retention: every row written carries `attribute` = floor(created_at) + `seconds` (epoch seconds)
   * for the table's DynamoDB TTL. Bad values fail with `config.invalid`.
   * @defaultValue none: rows are kept forever
   */
  readonly ttl?: DynamoTtl;
};

/** BatchWriteItem's limit of items per request. */
const BATCH_WRITE_MAX = 25;
/** Batch requests of one write call in flight at once. */
const IN_FLIGHT = 4;

/**
 * The task audit trail on the original's `sosw_tasks_meta` table, written with plain BatchWriteItem
 * requests of 25 (1 write unit per row; the conditional Puts in TransactWriteItems this replaced
 * billed 2). The original creates rows conditionally (an existing key wins); here a key written twice
 * keeps the last row. Engines write a key twice only when they retry the same row (identical content,
 * or, for an archive the Scavenger repairs, the same row from another invocation), so no row of a
 * change is lost either way. Up to four batches are in flight at once.
 *
 * @example
 * const meta = new DynamoMetaLog();
 * await meta.write([{ taskId, createdAt: Date.now() / 1000, action: 'invoked', author: 'sosw_orchestrator' }]);
 */
export class DynamoMetaLog implements MetaLog {
  readonly #client: LazyClient<DynamoDBClient>;
  readonly #sender: DynamoSender;
  readonly #table: string;
  readonly #ttl: DynamoTtl | undefined;

  public constructor(options: DynamoMetaLogOptions = {}) {
    this.#client = new LazyClient(options.client, () => new DynamoDBClient(options.clientConfig ?? {}));
    this.#table = options.tableName ?? 'sosw_tasks_meta';
    this.#sender = new DynamoSender(() => documentClient(this.#client.get()), resolveBackoff(options.backoff), { meta: this.#table });
    this.#ttl = checkTtl('ttl', options.ttl, META_RESERVED);
  }

  public async write(entries: readonly MetaEntry[]): Promise<void> {
    checkArray('write', 'entries', entries);
    for (let i = 0; i < entries.length; i++) checkMetaEntry(entries[i] as MetaEntry, i, false);
    // BatchWriteItem rejects two rows of one key in a request: the last of them is kept, as across requests.
    const byKey = new Map(entries.map((entry) => [metaKey(entry), entry]));
    const items = [...byKey.values()].map((entry) => toMetaItem(entry, this.#ttl));
    const chunks: Item[][] = [];
    for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) chunks.push(items.slice(i, i + BATCH_WRITE_MAX));
    for (let i = 0; i < chunks.length; i += IN_FLIGHT) {
      await Promise.all(chunks.slice(i, i + IN_FLIGHT).map((chunk) => this.#sender.batchPut('write', this.#table, chunk)));
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
