import { checkArray, checkId, checkMetaEntry } from '../../core/task/store-arguments.js';
import type { MetaEntry, MetaLog } from '../../ports/meta-log.js';
import { SqliteConnection, type SqliteConnectionOptions } from './connection.js';
import { fromMetaRow, putMetaValues } from './meta-rows.js';
import { META_CHUNK_ROWS, type MetaStatements, type MetaValues, prepareMetaStatements } from './statements/meta-statements.js';

export type SqliteMetaLogOptions = SqliteConnectionOptions;

/**
 * The task audit trail (`sosw_tasks_meta`) on SQLite. A batch is one transaction; an entry whose
 * (task_id, created_at) already exists is ignored, as the original's conditional put.
 *
 * @example
 * const db = openSqliteDatabase('sosw.db');
 * const meta = new SqliteMetaLog({ database: db });
 * await meta.write([{ taskId, createdAt: Date.now() / 1000, action: 'invoked', author: 'sosw_orchestrator' }]);
 */
export class SqliteMetaLog implements MetaLog {
  readonly #connection: SqliteConnection;
  readonly #statements: MetaStatements;
  readonly #insertAll: (entries: readonly MetaEntry[]) => void;

  public constructor(options: SqliteMetaLogOptions = {}) {
    this.#connection = new SqliteConnection(options);
    this.#statements = this.#connection.use('new SqliteMetaLog', (db, tables) => prepareMetaStatements(db, tables));
    const { insertMetaValues: insert, insertMetaChunkOrIgnore: insertChunk } = this.#statements;
    // Full chunks of META_CHUNK_ROWS rows take one driver call each; the remainder goes row by row.
    const chunk: unknown[] = new Array(META_CHUNK_ROWS * 9);
    const insertRows = (entries: readonly MetaEntry[]): void => {
      let start = 0;
      for (; start + META_CHUNK_ROWS <= entries.length; start += META_CHUNK_ROWS) {
        for (let r = 0; r < META_CHUNK_ROWS; r++) putMetaValues(chunk, r * 9, entries[start + r] as MetaEntry);
        insertChunk.run(...chunk);
      }
      const one: unknown[] = new Array(9);
      for (let i = start; i < entries.length; i++) {
        putMetaValues(one, 0, entries[i] as MetaEntry);
        insert.run(...(one as MetaValues));
      }
    };
    const transaction = this.#connection.database.transaction(insertRows);
    // One row needs no transaction of its own: a single statement is atomic.
    this.#insertAll = (entries) => (entries.length === 1 ? insertRows(entries) : transaction.immediate(entries));
  }

  public async write(entries: readonly MetaEntry[]): Promise<void> {
    this.#connection.use('write', () => {
      checkArray('write', 'entries', entries);
      for (let i = 0; i < entries.length; i++) checkMetaEntry(entries[i] as MetaEntry, i, true);
      if (entries.length > 0) this.#insertAll(entries);
    });
  }

  public async forTask(taskId: string): Promise<MetaEntry[]> {
    return this.#connection.use('forTask', () => {
      return this.#statements.metaForTask.all(checkId('forTask', 'taskId', taskId)).map(fromMetaRow);
    });
  }

  /** Close the connection if this log opened it (a shared `database` stays open). Idempotent. */
  public async close(): Promise<void> {
    this.#connection.close();
  }
}
