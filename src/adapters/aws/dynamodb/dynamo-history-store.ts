import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { type QueryCommandInput, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { checkRollupsArgument, HISTORY_BUCKETS, type MinuteRollup } from '../../../core/history/minute-rollup.js';
import { checkFinite, checkIds } from '../../../core/task/store-arguments.js';
import type { HistoryStore } from '../../../ports/history-store.js';
import { type BackoffOptions, resolveBackoff } from '../shared/backoff.js';
import { type ClientOrConfig, LazyClient } from '../shared/client-options.js';
import { documentClient } from './document-client.js';
import { DynamoSender } from './dynamo-sender.js';
import type { Item } from './items.js';

/** Hash key prefix of rollup items in the meta table: no task id starts with it. */
export const HISTORY_KEY_PREFIX = 'history#';
const COUNTS = ['invoked', 'completed', 'failed', 'dead'] as const;
const bucketAttribute = (i: number): string => `lat_${i}`;

export type DynamoHistoryStoreOptions = ClientOrConfig<DynamoDBClient, DynamoDBClientConfig> & {
  /** The meta table (hash task_id, range created_at). @defaultValue `'sosw_tasks_meta'` */
  readonly tableName?: string;
  /** Seconds a rollup is kept after its minute (`task_config.history_retention_hours`). @defaultValue 86400 */
  readonly retentionSeconds?: number;
  /** The attribute the table's DynamoDB TTL is switched on for. @defaultValue `'expires_at'` */
  readonly ttlAttribute?: string;
  readonly backoff?: BackoffOptions;
};

/**
 * Minute rollups on DynamoDB, in the meta table the deployment already has: one item per labourer
 * and minute, hash key `history#<labourerId>`, range key `created_at` = the minute (epoch seconds).
 * The original's readers query the meta table by task id, so they never see these items. A rollup is
 * one UpdateItem (`ADD` of the counts, so racing writers lose nothing) carrying the TTL attribute
 * (minute + retention); reading one labourer's range is one Query (eventually consistent, ~200
 * bytes per minute: 24 hours are about 290 KB, three pages).
 *
 * @example
 * const history = new DynamoHistoryStore({ tableName: 'sosw_tasks_meta' });
 * await history.read(['fetch_prices'], from, to);
 */
export class DynamoHistoryStore implements HistoryStore {
  readonly #client: LazyClient<DynamoDBClient>;
  readonly #sender: DynamoSender;
  readonly #table: string;
  readonly #retentionSeconds: number;
  readonly #ttlAttribute: string;

  public constructor(options: DynamoHistoryStoreOptions = {}) {
    this.#client = new LazyClient(options.client, () => new DynamoDBClient(options.clientConfig ?? {}));
    this.#table = options.tableName ?? 'sosw_tasks_meta';
    this.#sender = new DynamoSender(() => documentClient(this.#client.get()), resolveBackoff(options.backoff), { meta: this.#table });
    this.#retentionSeconds = checkFinite('new DynamoHistoryStore', 'retentionSeconds', options.retentionSeconds ?? 86_400);
    this.#ttlAttribute = options.ttlAttribute ?? 'expires_at';
  }

  /** One UpdateItem per rollup, in parallel. */
  public async record(rollups: readonly MinuteRollup[], nowSeconds: number): Promise<void> {
    checkRollupsArgument('recordHistory', rollups);
    checkFinite('recordHistory', 'nowSeconds', nowSeconds);
    await Promise.all(
      rollups.map((r) => this.#sender.run('recordHistory', this.#table, (c) => c.send(new UpdateCommand(this.#update(r))))),
    );
  }

  /** One Query per labourer (every page), in parallel. */
  public async read(labourerIds: readonly string[], fromSeconds: number, toSeconds: number): Promise<MinuteRollup[]> {
    checkIds('readHistory', labourerIds, 'labourerIds');
    checkFinite('readHistory', 'fromSeconds', fromSeconds);
    checkFinite('readHistory', 'toSeconds', toSeconds);
    const to = Math.ceil(toSeconds) - 1;
    if (to < fromSeconds) return [];
    const pages = await Promise.all(
      [...new Set(labourerIds)].map((labourerId) => {
        const input: QueryCommandInput = {
          TableName: this.#table,
          KeyConditionExpression: 'task_id = :k AND created_at BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':k': `${HISTORY_KEY_PREFIX}${labourerId}`, ':from': fromSeconds, ':to': to },
        };
        return this.#sender.query('readHistory', input).then((items) => items.map((item) => fromItem(labourerId, item)));
      }),
    );
    return pages.flat();
  }

  public async close(): Promise<void> {
    this.#client.close();
  }

  #update(r: MinuteRollup): UpdateCommandInput {
    const values: Record<string, unknown> = { ':l': r.labourerId, ':e': r.minute + this.#retentionSeconds };
    const names: Record<string, string> = { '#e': this.#ttlAttribute };
    const adds: string[] = [];
    const add = (attribute: string, n: number): void => {
      if (n === 0) return;
      const token = `:a${adds.length}`;
      values[token] = n;
      adds.push(`${attribute} ${token}`);
    };
    for (const field of COUNTS) add(field, r[field]);
    for (const [i, n] of r.latencyBuckets.entries()) add(bucketAttribute(i), n);
    add('latency_sum_ms', r.latencySumMs);
    const sets = ['history_labourer = :l', '#e = :e'];
    if (r.queued !== null) {
      values[':q'] = r.queued;
      sets.push('queued = :q');
    }
    return {
      TableName: this.#table,
      Key: { task_id: `${HISTORY_KEY_PREFIX}${r.labourerId}`, created_at: r.minute },
      UpdateExpression: `SET ${sets.join(', ')}${adds.length === 0 ? '' : ` ADD ${adds.join(', ')}`}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }
}

function fromItem(labourerId: string, item: Item): MinuteRollup {
  const n = (name: string): number => Number(item[name] ?? 0);
  return {
    labourerId,
    minute: Number(item.created_at),
    queued: item.queued === undefined || item.queued === null ? null : Number(item.queued),
    invoked: n('invoked'),
    completed: n('completed'),
    failed: n('failed'),
    dead: n('dead'),
    latencyBuckets: Array.from({ length: HISTORY_BUCKETS }, (_, i) => n(bucketAttribute(i))),
    latencySumMs: n('latency_sum_ms'),
  };
}
