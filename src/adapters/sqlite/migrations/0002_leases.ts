import { leasesTableName, type SqliteTableNames } from '../table-names.js';
import type { Migration } from './migration.js';

/**
 * Named leases with an owner and an expiry (epoch seconds), e.g. the Orchestrator's per-labourer
 * dispatch lease `dispatch#<labourerId>`. Kept apart from the task tables, so no task query sees them.
 */
function leasesSql(t: SqliteTableNames): string {
  return `
CREATE TABLE IF NOT EXISTS "${leasesTableName(t)}" (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
`;
}

export const MIGRATION_0002_LEASES: Migration = Object.freeze({ version: 2, name: 'leases', sql: leasesSql });
