import type { ControlHold, ControlPin, LabourerControl } from '../../core/flow/control.js';
import { checkHoldArgument, checkPinArgument, storedHold, storedPin } from '../../core/flow/control-input.js';
import { checkId, checkIds } from '../../core/task/store-arguments.js';
import type { ControlStore } from '../../ports/control-store.js';
import { SqliteConnection, type SqliteConnectionOptions } from './connection.js';
import { type ControlRow, type ControlStatements, prepareControlStatements } from './statements/control-statements.js';

export type SqliteControlStoreOptions = SqliteConnectionOptions;

/**
 * Operator controls on SQLite: one row per labourer in `sosw_controls` (migration 0004), beside the
 * task tables of the same database. Each write is one upsert statement.
 *
 * @example
 * const db = openSqliteDatabase('sosw.db');
 * const controls = new SqliteControlStore({ database: db });
 * await controls.setHold('fetch_prices', { mode: 'paused', until: null, by: 'alice', at: Date.now() / 1000, reason: null });
 */
export class SqliteControlStore implements ControlStore {
  readonly #connection: SqliteConnection;
  readonly #statements: ControlStatements;

  public constructor(options: SqliteControlStoreOptions = {}) {
    this.#connection = new SqliteConnection(options);
    this.#statements = this.#connection.use('new SqliteControlStore', (db, tables) => prepareControlStatements(db, tables));
  }

  public async readControls(labourerIds: readonly string[]): Promise<LabourerControl[]> {
    return this.#connection.use('readControls', () => {
      checkIds('readControls', labourerIds, 'labourerIds');
      if (labourerIds.length === 0) return [];
      return this.#statements.readControls.all(JSON.stringify(labourerIds)).map(fromControlRow);
    });
  }

  public async setHold(labourerId: string, hold: ControlHold | null): Promise<LabourerControl> {
    return this.#connection.use('setHold', () => {
      checkId('setHold', 'labourerId', labourerId);
      const value = hold === null ? null : JSON.stringify(checkHoldArgument('setHold', hold));
      return fromControlRow(this.#statements.setHold.get({ labourerId, value }) as ControlRow);
    });
  }

  public async setPin(labourerId: string, pin: ControlPin | null): Promise<LabourerControl> {
    return this.#connection.use('setPin', () => {
      checkId('setPin', 'labourerId', labourerId);
      const value = pin === null ? null : JSON.stringify(checkPinArgument('setPin', pin));
      return fromControlRow(this.#statements.setPin.get({ labourerId, value }) as ControlRow);
    });
  }

  /** Close the connection if this store opened it (a shared `database` stays open). Idempotent. */
  public async close(): Promise<void> {
    this.#connection.close();
  }
}

/** A stored row as a control record; unreadable JSON is `control.invalid`. */
export function fromControlRow(row: ControlRow): LabourerControl {
  const parse = (text: string | null): unknown => {
    if (text === null) return null;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  return {
    labourerId: row.labourer_id,
    hold: storedHold(parse(row.hold), row.labourer_id),
    pin: storedPin(parse(row.pin), row.labourer_id),
  };
}
