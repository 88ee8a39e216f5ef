import { checkRollupsArgument, HISTORY_BUCKETS, type MinuteRollup } from '../../core/history/minute-rollup.js';
import { checkFinite, checkIds } from '../../core/task/store-arguments.js';
import type { HistoryStore } from '../../ports/history-store.js';
import { SqliteConnection, type SqliteConnectionOptions } from './connection.js';
import { HISTORY_LATENCY_COLUMNS, historyTableName } from './migrations/0009_history.js';

export type SqliteHistoryStoreOptions = SqliteConnectionOptions & {
  /** Seconds a rollup is kept after its minute (`task_config.history_retention_hours`). @defaultValue 86400 */
  readonly retentionSeconds?: number;
};

interface HistoryRow {
  readonly labourer_id: string;
  readonly minute: number;
  readonly queued: number | null;
  readonly invoked: number;
  readonly completed: number;
  readonly failed: number;
  readonly dead: number;
  readonly latency_sum_ms: number;
  readonly [bucket: string]: number | string | null;
}

const COUNT_COLUMNS = ['invoked', 'completed', 'failed', 'dead', ...HISTORY_LATENCY_COLUMNS, 'latency_sum_ms'];

/**
 * Minute rollups on SQLite: `sosw_history` (migration 0009), one row per labourer and minute. A
 * `record` is one transaction: an upsert per rollup that adds the counts, then a delete of the rows
 * past the retention (indexed by minute), so the table stays bounded without a separate job.
 *
 * @example
 * const history = new SqliteHistoryStore({ database: openSqliteDatabase('sosw.db') });
 * await history.read(['fetch_prices'], from, to);
 */
export class SqliteHistoryStore implements HistoryStore {
  readonly #connection: SqliteConnection;
  readonly #retentionSeconds: number;
  readonly #record: (rollups: readonly MinuteRollup[], oldest: number) => void;
  readonly #read: (labourerIds: string, from: number, to: number) => HistoryRow[];

  public constructor(options: SqliteHistoryStoreOptions = {}) {
    this.#connection = new SqliteConnection(options);
    this.#retentionSeconds = options.retentionSeconds ?? 86_400;
    checkFinite('new SqliteHistoryStore', 'retentionSeconds', this.#retentionSeconds);
    const built = this.#connection.use('new SqliteHistoryStore', (db, tables) => {
      const table = `"${historyTableName(tables)}"`;
      const columns = ['labourer_id', 'minute', 'queued', ...COUNT_COLUMNS];
      // upsert — params: one value per column — adds the counts, keeps the stored depth when none is given
      const upsert = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
          ON CONFLICT (labourer_id, minute) DO UPDATE SET queued = coalesce(excluded.queued, queued),
          ${COUNT_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
      );
      // prune — params: oldest minute kept — deletes older rows
      const prune = db.prepare(`DELETE FROM ${table} WHERE minute < ?`);
      // read — params: JSON array of labourer ids, from, to — returns: HistoryRow[] by labourer, minute
      const read = db.prepare<[string, number, number], HistoryRow>(
        `SELECT ${columns.join(', ')} FROM ${table}
          WHERE labourer_id IN (SELECT value FROM json_each(?)) AND minute >= ? AND minute < ? ORDER BY labourer_id, minute`,
      );
      const record = db.transaction((rollups: readonly MinuteRollup[], oldest: number) => {
        for (const r of rollups) {
          upsert.run(r.labourerId, r.minute, r.queued, r.invoked, r.completed, r.failed, r.dead, ...r.latencyBuckets, r.latencySumMs);
        }
        prune.run(oldest);
      });
      return { record: (rollups: readonly MinuteRollup[], oldest: number) => record.immediate(rollups, oldest), read: read.all.bind(read) };
    });
    this.#record = built.record;
    this.#read = built.read;
  }

  public async record(rollups: readonly MinuteRollup[], nowSeconds: number): Promise<void> {
    this.#connection.use('recordHistory', () => {
      checkRollupsArgument('recordHistory', rollups);
      const now = checkFinite('recordHistory', 'nowSeconds', nowSeconds);
      this.#record(rollups, now - this.#retentionSeconds);
    });
  }

  public async read(labourerIds: readonly string[], fromSeconds: number, toSeconds: number): Promise<MinuteRollup[]> {
    return this.#connection.use('readHistory', () => {
      checkIds('readHistory', labourerIds, 'labourerIds');
      checkFinite('readHistory', 'fromSeconds', fromSeconds);
      checkFinite('readHistory', 'toSeconds', toSeconds);
      if (labourerIds.length === 0) return [];
      return this.#read(JSON.stringify(labourerIds), fromSeconds, toSeconds).map(fromRow);
    });
  }

  public async close(): Promise<void> {
    this.#connection.close();
  }
}

function fromRow(row: HistoryRow): MinuteRollup {
  return {
    labourerId: row.labourer_id,
    minute: row.minute,
    queued: row.queued,
    invoked: row.invoked,
    completed: row.completed,
    failed: row.failed,
    dead: row.dead,
    latencyBuckets: Array.from({ length: HISTORY_BUCKETS }, (_, i) => Number(row[`lat_${i}`] ?? 0)),
    latencySumMs: row.latency_sum_ms,
  };
}
