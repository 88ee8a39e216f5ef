import type Database from 'better-sqlite3';
import { controlsTableName } from '../migrations/0004_controls.js';
import type { SqliteTableNames } from '../table-names.js';

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** A control row as stored: the hold, the pin, the adaptive state and the outcome counters as JSON text, or NULL. */
export interface ControlRow {
  readonly labourer_id: string;
  readonly hold: string | null;
  readonly pin: string | null;
  readonly adaptive: string | null;
  readonly outcomes: string | null;
}

type Upsert = Statement<[{ readonly labourerId: string; readonly value: string | null }], ControlRow>;

/** Prepared statements on the control table (migration 0004). */
export interface ControlStatements {
  readonly readControls: Statement<[string], ControlRow>;
  readonly setHold: Upsert;
  readonly setPin: Upsert;
  readonly setAdaptive: Upsert;
  readonly setOutcomes: Upsert;
  readonly readOutcomes: Statement<[string], string | null>;
}

export function controlStatementsSql(t: SqliteTableNames): Record<keyof ControlStatements, string> {
  const controls = `"${controlsTableName(t)}"`;
  const columns = 'labourer_id, hold, pin, adaptive, outcomes';
  const upsert = (column: 'hold' | 'pin' | 'adaptive' | 'outcomes'): string =>
    `INSERT INTO ${controls} (labourer_id, ${column}) VALUES (@labourerId, @value)
      ON CONFLICT (labourer_id) DO UPDATE SET ${column} = excluded.${column}
      RETURNING ${columns}`;
  return {
    // readControls — params: JSON array of labourer ids — returns: ControlRow[] of those with a row
    readControls: `SELECT ${columns} FROM ${controls} WHERE labourer_id IN (SELECT value FROM json_each(?))`,
    // setHold — params: labourerId, value (JSON or NULL) — returns: the row after the write
    setHold: upsert('hold'),
    // setPin — params: labourerId, value (JSON or NULL) — returns: the row after the write
    setPin: upsert('pin'),
    // setAdaptive — params: labourerId, value (JSON or NULL) — returns: the row after the write (migration 0008)
    setAdaptive: upsert('adaptive'),
    // setOutcomes — params: labourerId, value (JSON) — returns: the row after the write (run inside addOutcomes' transaction)
    setOutcomes: upsert('outcomes'),
    // readOutcomes — params: labourerId — returns: the outcomes JSON (pluck), or undefined without a row
    readOutcomes: `SELECT outcomes FROM ${controls} WHERE labourer_id = ?`,
  };
}

export function prepareControlStatements(db: Database.Database, tables: SqliteTableNames): ControlStatements {
  const sql = controlStatementsSql(tables);
  return {
    readControls: db.prepare(sql.readControls),
    setHold: db.prepare(sql.setHold),
    setPin: db.prepare(sql.setPin),
    setAdaptive: db.prepare(sql.setAdaptive),
    setOutcomes: db.prepare(sql.setOutcomes),
    readOutcomes: db.prepare<[string], string | null>(sql.readOutcomes).pluck(),
  };
}
