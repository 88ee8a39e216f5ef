/**
 * Checkpoints of a WAL database on a second thread. SQLite's automatic checkpoint runs inside the
 * COMMIT that pushes the WAL past 1,000 pages: the committing thread copies the pages into the
 * database file and syncs it, about a tenth of the embedded runtime's main thread at full load.
 * Here a worker thread with its own connection runs PASSIVE checkpoints once a second (they never
 * block the writer; pages rewritten within the second are copied once), while the writer's own
 * automatic checkpoint is raised to a backstop. Under constant writes the thread can never finish a
 * checkpoint between two commits, so the WAL cannot start over by itself: the backstop does that
 * every 10,000 pages, copying only what the thread has not yet copied. Durability is unchanged: a
 * commit is in the WAL before it returns either way; checkpoints only move committed pages into the
 * main file.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './database.js';

export interface WalCheckpointerOptions {
  /** How often the thread checkpoints. @defaultValue 1000 */
  readonly everyMs?: number;
  /**
   * The writer's own automatic checkpoint while this runs, in WAL pages: a backstop for a thread
   * that falls behind; restored to SQLite's default (1,000) on stop.
   * @defaultValue 10000
   */
  readonly backstopPages?: number;
  /** Called with an error of the thread; the writer's automatic checkpoint is then restored. */
  readonly onError?: (error: unknown) => void;
}

export const DEFAULT_WAL_CHECKPOINTER = Object.freeze({ everyMs: 1000, backstopPages: 10_000, sqliteDefaultPages: 1000 });

// CommonJS source of the thread (an eval worker: no file to ship or resolve next to the module).
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Driver = require(workerData.driverPath);
const db = new Driver(workerData.path, { timeout: workerData.busyTimeoutMs });
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let checkpoints = 0;
let timer;
const step = () => {
  try {
    checkpoint.all();
    checkpoints += 1;
    timer = setTimeout(step, workerData.everyMs);
  } catch (error) {
    // A busy database skips a round; anything else ends the thread (the writer takes over).
    if (error && error.code === 'SQLITE_BUSY') timer = setTimeout(step, workerData.everyMs);
    else { db.close(); throw error; }
  }
};
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.postMessage({ stopped: true, checkpoints });
  parentPort.close();
});
timer = setTimeout(step, workerData.everyMs);
`;

/** A running checkpoint thread for one database file. */
export class WalCheckpointer {
  readonly #database: SqliteDatabase;
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  #checkpoints = 0;
  #running = true;

  /**
   * Start checkpointing `database` (a WAL file, not `:memory:`) on a second thread; undefined for an
   * in-memory or non-WAL database, which have nothing to checkpoint.
   */
  public static start(database: SqliteDatabase, options: WalCheckpointerOptions = {}): WalCheckpointer | undefined {
    if (database.memory || String(database.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return undefined;
    return new WalCheckpointer(database, options);
  }

  private constructor(database: SqliteDatabase, options: WalCheckpointerOptions) {
    this.#database = database;
    const backstop = options.backstopPages ?? DEFAULT_WAL_CHECKPOINTER.backstopPages;
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    const busyTimeoutMs = Number(database.pragma('busy_timeout', { simple: true }));
    this.#worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { path: database.name, driverPath, busyTimeoutMs, everyMs: options.everyMs ?? DEFAULT_WAL_CHECKPOINTER.everyMs },
    });
    // The thread never keeps the process alive: an abandoned runtime still exits.
    this.#worker.unref();
    database.pragma(`wal_autocheckpoint = ${backstop}`);
    this.#worker.on('message', (message: { checkpoints?: number }) => {
      if (typeof message.checkpoints === 'number') this.#checkpoints = message.checkpoints;
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.once('error', (error) => {
        this.#restoreWriterCheckpoints();
        options.onError?.(error);
      });
      this.#worker.once('exit', () => {
        this.#restoreWriterCheckpoints();
        resolve();
      });
    });
  }

  /** PASSIVE checkpoints the thread ran (known once stopped). */
  public get checkpoints(): number {
    return this.#checkpoints;
  }

  /** Stop the thread and give checkpoints back to the writer. Call before closing the database. */
  public async stop(): Promise<void> {
    if (this.#running) {
      // Held while it closes its connection, or an awaiting caller's process would exit under it.
      this.#worker.ref();
      this.#worker.postMessage('stop');
    }
    this.#running = false;
    await this.#exited;
  }

  #restoreWriterCheckpoints(): void {
    this.#running = false;
    if (this.#database.open) this.#database.pragma(`wal_autocheckpoint = ${DEFAULT_WAL_CHECKPOINTER.sqliteDefaultPages}`);
  }
}
