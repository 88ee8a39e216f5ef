import type Database from 'better-sqlite3';
import type { SqliteTableNames } from '../table-names.js';

/** A row of the task meta table. */
export interface MetaRow {
  readonly task_id: string;
  readonly created_at: number;
  readonly action: string;
  readonly labourer_id: string | null;
  readonly author: string | null;
  readonly invocation_id: string | null;
  readonly log_stream_name: string | null;
  readonly extra: string | null;
  readonly job_id: string | null;
}

/** A meta row as positional values, in column order (binding by position is cheaper than by name). */
export type MetaValues = [
  task_id: string,
  created_at: number,
  action: string,
  labourer_id: string | null,
  author: string | null,
  invocation_id: string | null,
  log_stream_name: string | null,
  extra: string | null,
  job_id: string | null,
];

/** Rows per `insertMetaChunk` call: one driver call writes this many audit rows. */
export const META_CHUNK_ROWS = 64;

/** Prepared statements on the task meta table. */
export interface MetaStatements {
  readonly insertMeta: Database.Statement<[MetaRow]>;
  readonly insertMetaValues: Database.Statement<MetaValues>;
  readonly insertMetaChunk: Database.Statement<unknown[]>;
  readonly insertMetaChunkOrIgnore: Database.Statement<unknown[]>;
  readonly metaForTask: Database.Statement<[string], MetaRow>;
}

export function metaStatementsSql(t: SqliteTableNames): Record<keyof MetaStatements, string> {
  const meta = `"${t.meta}"`;
  const chunkValues = `(task_id, created_at, action, labourer_id, author, invocation_id, log_stream_name, extra, job_id)
      VALUES ${new Array(META_CHUNK_ROWS).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  return {
    // insertMeta — params: a MetaRow (named) — returns: run info (changes 0 for a duplicate key)
    insertMeta: `INSERT OR IGNORE INTO ${meta} (task_id, created_at, action, labourer_id, author, invocation_id, log_stream_name, extra, job_id)
      VALUES (@task_id, @created_at, @action, @labourer_id, @author, @invocation_id, @log_stream_name, @extra, @job_id)`,
    // insertMetaValues — params: MetaValues (positional) — returns: run info (changes 0 for a duplicate key)
    insertMetaValues: `INSERT OR IGNORE INTO ${meta} (task_id, created_at, action, labourer_id, author, invocation_id, log_stream_name, extra, job_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    // insertMetaChunk — params: MetaValues x META_CHUNK_ROWS — returns: run info; a taken key fails the whole
    //   statement (SQLITE_CONSTRAINT) and writes none of its rows, leaving the transaction open
    insertMetaChunk: `INSERT INTO ${meta} ${chunkValues}`,
    // insertMetaChunkOrIgnore — params: MetaValues x META_CHUNK_ROWS — returns: run info; rows whose key is taken are skipped
    insertMetaChunkOrIgnore: `INSERT OR IGNORE INTO ${meta} ${chunkValues}`,
    // metaForTask — params: task_id — returns: MetaRow[] oldest first
    metaForTask: `SELECT * FROM ${meta} WHERE task_id = ? ORDER BY created_at ASC`,
  };
}

export function prepareMetaStatements(db: Database.Database, t: SqliteTableNames): MetaStatements {
  const sql = metaStatementsSql(t);
  return {
    insertMeta: db.prepare(sql.insertMeta),
    insertMetaValues: db.prepare<MetaValues>(sql.insertMetaValues),
    insertMetaChunk: db.prepare<unknown[]>(sql.insertMetaChunk),
    insertMetaChunkOrIgnore: db.prepare<unknown[]>(sql.insertMetaChunkOrIgnore),
    metaForTask: db.prepare(sql.metaForTask),
  };
}
