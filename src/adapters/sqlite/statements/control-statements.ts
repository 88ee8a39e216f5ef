import type Database from 'better-sqlite3';
import { controlsTableName } from '../migrations/0004_controls.js';
import type { SqliteTableNames } from '../table-names.js';

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** A control row as stored: the hold and the pin as JSON text, or NULL. */
export interface ControlRow {
  readonly labourer_id: string;
  readonly hold: string | null;
  readonly pin: string | null;
}

/** Prepared statements on the control table (migration 0004). */
export interface ControlStatements {
  readonly readControls: Statement<[string], ControlRow>;
  readonly setHold: Statement<[{ readonly labourerId: string; readonly value: string | null }], ControlRow>;
  readonly setPin: Statement<[{ readonly labourerId: string; readonly value: string | null }], ControlRow>;
}

export function controlStatementsSql(t: SqliteTableNames): Record<keyof ControlStatements, string> {
  const controls = `"${controlsTableName(t)}"`;
  const upsert = (column: 'hold' | 'pin'): string =>
    `INSERT INTO ${controls} (labourer_id, ${column}) VALUES (@labourerId, @value)
      ON CONFLICT (labourer_id) DO UPDATE SET ${column} = excluded.${column}
      RETURNING labourer_id, hold, pin`;
  return {
    // readControls — params: JSON array of labourer ids — returns: ControlRow[] of those with a row
    readControls: `SELECT labourer_id, hold, pin FROM ${controls} WHERE labourer_id IN (SELECT value FROM json_each(?))`,
    // setHold — params: labourerId, value (JSON or NULL) — returns: the row after the write
    setHold: upsert('hold'),
    // setPin — params: labourerId, value (JSON or NULL) — returns: the row after the write
    setPin: upsert('pin'),
  };
}

export function prepareControlStatements(db: Database.Database, tables: SqliteTableNames): ControlStatements {
  const sql = controlStatementsSql(tables);
  return {
    readControls: db.prepare(sql.readControls),
    setHold: db.prepare(sql.setHold),
    setPin: db.prepare(sql.setPin),
  };
}
