import type Database from 'better-sqlite3';
import { lanesTableName } from '../migrations/0006_lanes.js';
import type { SqliteTableNames } from '../table-names.js';

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** A lane's newest position, as stored. */
export interface LaneRow {
  readonly lane: string;
  readonly cursor: number;
}

/** Prepared statements for fair per-key placement (migration 0006) and priority bands. */
export interface LaneStatements {
  readonly laneCursors: Statement<[string, number, string], LaneRow>;
  readonly setLaneCursor: Statement<[{ labourerId: string; band: number; lane: string; cursor: number }]>;
  readonly oldestQueuedFrom: Statement<[string, number, number], number>;
}

export function laneStatementsSql(t: SqliteTableNames): Record<keyof LaneStatements, string> {
  const lanes = `"${lanesTableName(t)}"`;
  return {
    // laneCursors — params: labourer_id, band, JSON array of lanes — returns: LaneRow[] of the lanes with a row
    laneCursors: `SELECT lane, cursor FROM ${lanes} WHERE labourer_id = ? AND band = ? AND lane IN (SELECT value FROM json_each(?))`,
    // setLaneCursor — params: labourerId, band, lane, cursor — returns: run info (upsert)
    setLaneCursor: `INSERT INTO ${lanes} (labourer_id, band, lane, cursor) VALUES (@labourerId, @band, @lane, @cursor)
      ON CONFLICT (labourer_id, band, lane) DO UPDATE SET cursor = excluded.cursor`,
    // oldestQueuedFrom — params: labourer_id, from, before — returns: the smallest greenfield in [from, before) (pluck)
    oldestQueuedFrom: `SELECT greenfield FROM "${t.tasks}" WHERE labourer_id = ? AND greenfield >= ? AND greenfield < ? ORDER BY greenfield ASC LIMIT 1`,
  };
}

export function prepareLaneStatements(db: Database.Database, t: SqliteTableNames): LaneStatements {
  const sql = laneStatementsSql(t);
  return {
    laneCursors: db.prepare(sql.laneCursors),
    setLaneCursor: db.prepare(sql.setLaneCursor),
    oldestQueuedFrom: db.prepare<[string, number, number], number>(sql.oldestQueuedFrom).pluck(),
  };
}
