/**
 * Group commit for the embedded store: every store call made during one turn of the event loop
 * joins one SQLite transaction, committed at the end of the turn (setImmediate). The adapters'
 * own transactions become savepoints inside it, so each state move stays atomic, and a burst of
 * work (a tick that claims 500 tasks, 500 reports) costs one commit instead of one per call.
 *
 * A crash loses at most the uncommitted turn, all of it or none: every task is still in exactly
 * one place. The embedded runtime flushes before it starts any worker (InProcessInvoker
 * `beforeStart`), so a claim is durable before its worker runs and no attempt runs twice.
 */

/** The part of a better-sqlite3 connection group commit needs. */
export interface TransactionalConnection {
  exec(sql: string): unknown;
  readonly inTransaction: boolean;
  readonly open: boolean;
}

export class GroupCommit {
  readonly #db: TransactionalConnection;
  readonly #onError: (error: unknown) => void;
  #owned = false;
  #scheduled = false;
  #commits = 0;

  public constructor(db: TransactionalConnection, onError: (error: unknown) => void = () => {}) {
    this.#db = db;
    this.#onError = onError;
  }

  /** Open the turn's transaction if needed; it is committed when the turn ends. */
  public enter(): void {
    if (!this.#db.open) return;
    if (!this.#db.inTransaction) {
      this.#db.exec('BEGIN IMMEDIATE');
      this.#owned = true;
    }
    if (!this.#scheduled && this.#owned) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Commit now (also before closing the connection). */
  public flush(): void {
    this.#scheduled = false;
    if (!this.#owned) return;
    this.#owned = false;
    if (!this.#db.open || !this.#db.inTransaction) return;
    try {
      this.#db.exec('COMMIT');
      this.#commits += 1;
    } catch (error) {
      this.#onError(error);
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    }
  }

  /** Transactions committed so far. */
  public get commits(): number {
    return this.#commits;
  }
}

/**
 * `target` with every method call made inside the group's transaction. Use it on the adapters
 * that share the connection (task store, meta log); `close()` is passed through untouched.
 */
export function withGroupCommit<T extends object>(target: T, group: GroupCommit): T {
  // One wrapper per method, made on first use: no closure per call on the hot path.
  const wrappers = new Map<PropertyKey, { method: unknown; wrapper: unknown }>();
  return new Proxy(target, {
    get(object, property, receiver): unknown {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function' || property === 'constructor') return value;
      const cached = wrappers.get(property);
      if (cached !== undefined && cached.method === value) return cached.wrapper;
      const method = value as (...a: unknown[]) => unknown;
      // Methods run on the target itself: its #private fields are not reachable through the proxy.
      const wrapper =
        property === 'close'
          ? method.bind(object)
          : (...args: unknown[]): unknown => {
              group.enter();
              return method.apply(object, args);
            };
      wrappers.set(property, { method: value, wrapper });
      return wrapper;
    },
  });
}
