import type { AdaptiveState } from '../../core/flow/adaptive/controller.js';
import { addOutcomes, isEmptyOutcomes } from '../../core/flow/adaptive/outcomes.js';
import {
  checkAdaptiveArgument,
  checkOutcomesArgument,
  storedAdaptiveState,
  storedOutcomes,
} from '../../core/flow/adaptive/stored-state.js';
import type { ControlHold, ControlPin, LabourerControl } from '../../core/flow/control.js';
import { checkHoldArgument, checkPinArgument, storedHold, storedPin } from '../../core/flow/control-input.js';
import { checkId, checkIds } from '../../core/task/store-arguments.js';
import type { ControlStore, LabourerOutcomes } from '../../ports/control-store.js';
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

  public async setAdaptive(labourerId: string, state: AdaptiveState | null): Promise<void> {
    this.#connection.use('setAdaptive', () => {
      checkId('setAdaptive', 'labourerId', labourerId);
      const value = state === null ? null : JSON.stringify(checkAdaptiveArgument('setAdaptive', state));
      this.#statements.setAdaptive.get({ labourerId, value });
    });
  }

  /** Each labourer's counters read, added to and written back in one immediate transaction. */
  public async addOutcomes(outcomes: readonly LabourerOutcomes[]): Promise<void> {
    this.#connection.use('addOutcomes', (db) => {
      const checked = outcomes.map((o) => {
        checkId('addOutcomes', 'labourerId', o?.labourerId);
        return { labourerId: o.labourerId, counts: checkOutcomesArgument('addOutcomes', o.counts) };
      });
      const add = db.transaction(() => {
        for (const { labourerId, counts } of checked) {
          if (isEmptyOutcomes(counts)) continue;
          const stored = storedOutcomes(parseJson(this.#statements.readOutcomes.get(labourerId) ?? null));
          this.#statements.setOutcomes.get({ labourerId, value: JSON.stringify(addOutcomes(stored, counts)) });
        }
      });
      add.immediate();
    });
  }

  /** Close the connection if this store opened it (a shared `database` stays open). Idempotent. */
  public async close(): Promise<void> {
    this.#connection.close();
  }
}

/** A stored row as a control record; unreadable JSON is `control.invalid`. */
export function fromControlRow(row: ControlRow): LabourerControl {
  return {
    labourerId: row.labourer_id,
    hold: storedHold(parseJson(row.hold), row.labourer_id),
    pin: storedPin(parseJson(row.pin), row.labourer_id),
    // Present only when stored, so records of labourers without `adaptive` look as before.
    ...(row.adaptive == null ? {} : { adaptive: storedAdaptiveState(parseJson(row.adaptive)) }),
    ...(row.outcomes == null ? {} : { outcomes: storedOutcomes(parseJson(row.outcomes)) }),
  };
}

/** JSON text as a value; text that is not JSON comes back as itself (the stored-shape check rejects it). */
function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
