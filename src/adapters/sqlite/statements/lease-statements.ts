import type Database from 'better-sqlite3';
import { leasesTableName, type SqliteTableNames } from '../table-names.js';

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

export interface LeaseParams {
  readonly name: string;
  readonly owner: string;
  readonly now: number;
  readonly until: number;
}

/** Prepared statements on the lease table (migration 0002). */
export interface LeaseStatements {
  readonly acquireLease: Statement<[LeaseParams]>;
  readonly releaseLease: Statement<[{ readonly name: string; readonly owner: string }]>;
}

export function leaseStatementsSql(t: SqliteTableNames): Record<keyof LeaseStatements, string> {
  const leases = `"${leasesTableName(t)}"`;
  return {
    // acquireLease — params: name, owner, now, until (named) — returns: run info, changes = 1 when the lease is ours
    acquireLease: `INSERT INTO ${leases} (name, owner, expires_at) VALUES (@name, @owner, @until)
      ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
      WHERE ${leases}.expires_at <= @now OR ${leases}.owner = excluded.owner`,
    // releaseLease — params: name, owner (named) — returns: run info
    releaseLease: `DELETE FROM ${leases} WHERE name = @name AND owner = @owner`,
  };
}

export function prepareLeaseStatements(db: Database.Database, tables: SqliteTableNames): LeaseStatements {
  const sql = leaseStatementsSql(tables);
  return {
    acquireLease: db.prepare(sql.acquireLease),
    releaseLease: db.prepare(sql.releaseLease),
  };
}
