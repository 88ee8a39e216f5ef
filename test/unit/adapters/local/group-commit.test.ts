import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit, withGroupCommit } from '../../../../src/adapters/local/group-commit.js';

class Counter {
  readonly #db: Database.Database;
  public closed = false;
  public constructor(db: Database.Database) {
    this.#db = db;
  }
  public async add(n: number): Promise<void> {
    this.#db.transaction(() => this.#db.prepare('INSERT INTO t (n) VALUES (?)').run(n))();
  }
  public async fail(): Promise<void> {
    this.#db.transaction(() => {
      this.#db.prepare('INSERT INTO t (n) VALUES (?)').run(-1);
      throw new Error('rolled back');
    })();
  }
  public async close(): Promise<void> {
    this.closed = true;
  }
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER)');
  });
  afterEach(() => {
    db.close();
  });

  it('joins the calls of one event-loop turn in one transaction, committed when the turn ends', async () => {
    const group = new GroupCommit(db);
    const counter = withGroupCommit(new Counter(db), group);
    await counter.add(1);
    await counter.add(2);
    expect(db.inTransaction).toBe(true);
    await nextTurn();
    expect(db.inTransaction).toBe(false);
    expect(group.commits).toBe(1);
    await counter.add(3);
    await nextTurn();
    expect(group.commits).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(3);
  });

  it("keeps each call atomic: a failing call's writes roll back, the others commit", async () => {
    const group = new GroupCommit(db);
    const counter = withGroupCommit(new Counter(db), group);
    await counter.add(1);
    await expect(counter.fail()).rejects.toThrow('rolled back');
    await counter.add(2);
    await nextTurn();
    expect(db.prepare('SELECT n FROM t ORDER BY n').pluck().all()).toEqual([1, 2]);
  });

  it('flush() commits at once, and close() reaches the target itself', async () => {
    const group = new GroupCommit(db);
    const target = new Counter(db);
    const counter = withGroupCommit(target, group);
    await counter.add(1);
    group.flush();
    expect(db.inTransaction).toBe(false);
    await counter.close();
    expect(target.closed).toBe(true);
    await nextTurn();
    expect(group.commits).toBe(1);
  });
});
