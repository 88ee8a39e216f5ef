/**
 * Locks on queue files, kept in the BlobStore next to them (`locked_<name>`): an owner token and
 * an expiry. A lock whose owner died expires and is taken over by exactly one invocation: the
 * taker must first create a takeover marker named after the stale token and the current lock
 * period (`putIfAbsent`), which only one contender can do. A live owner renews its lock while it works.
 */
import type { Clock } from '../../core/clock.js';
import { SoswError } from '../../core/errors.js';
import { type QueueKeys, type QueueLock, queueLockSchema } from '../../core/scheduling/queue-file.js';
import { newTaskId } from '../../core/task/task-id.js';
import type { BlobStore } from '../../ports/blob-store.js';

/** A lock this invocation holds. */
export interface HeldLock {
  readonly keys: QueueKeys;
  token: string;
  expiresAtMs: number;
}

function lockedError(keys: QueueKeys, detail: string, current?: QueueLock): SoswError {
  return new SoswError('blob.locked', `Queue file ${keys.file} is locked: ${detail}.`, {
    details: { key: keys.lock, owner: current?.owner, expiresAtMs: current?.expires_at_ms },
  });
}

function readLock(text: string): QueueLock | undefined {
  try {
    const parsed = queueLockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class QueueLocks {
  readonly #blobs: BlobStore;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #owner: string;

  public constructor(blobs: BlobStore, clock: Clock, ttlMs: number, owner: string) {
    this.#blobs = blobs;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
    this.#owner = owner;
  }

  #body(token: string, expiresAtMs: number): string {
    return JSON.stringify({ token, owner: this.#owner, expires_at_ms: expiresAtMs } satisfies QueueLock);
  }

  async #create(keys: QueueKeys): Promise<HeldLock | undefined> {
    const token = newTaskId(this.#clock.now());
    const expiresAtMs = this.#clock.now() + this.#ttlMs;
    return (await this.#blobs.putIfAbsent(keys.lock, this.#body(token, expiresAtMs))) ? { keys, token, expiresAtMs } : undefined;
  }

  /** Take the lock, or a stale one over; `blob.locked` while a live owner holds it. */
  public async acquire(keys: QueueKeys): Promise<HeldLock> {
    const fresh = await this.#create(keys);
    if (fresh !== undefined) return fresh;
    const text = await this.#blobs.get(keys.lock);
    if (text === null) {
      const retried = await this.#create(keys);
      if (retried !== undefined) return retried;
      throw lockedError(keys, 'another invocation took it just now');
    }
    const current = readLock(text);
    if (current !== undefined && current.expires_at_ms > this.#clock.now()) {
      throw lockedError(keys, `held by ${current.owner} until ${new Date(current.expires_at_ms).toISOString()}`, current);
    }
    // One taker per stale lock and time bucket: a taker that died after creating its marker
    // blocks the takeover for at most one lock lifetime.
    const staleToken = current?.token ?? `unreadable-${text.length}`;
    const bucket = Math.floor(this.#clock.now() / this.#ttlMs);
    if (!(await this.#blobs.putIfAbsent(`${keys.takeoverPrefix}${staleToken}.${bucket}`, this.#owner))) {
      throw lockedError(keys, 'another invocation is taking over its stale lock', current);
    }
    await this.#blobs.delete(keys.lock);
    const taken = await this.#create(keys);
    if (taken === undefined) throw lockedError(keys, 'another invocation took it just now');
    return taken;
  }

  /** Extend the lock once less than half of its time is left; `blob.locked` if it was taken over. */
  public async renewIfDue(held: HeldLock): Promise<void> {
    const now = this.#clock.now();
    if (held.expiresAtMs - now > this.#ttlMs / 2) return;
    const text = await this.#blobs.get(held.keys.lock);
    const current = text === null ? undefined : readLock(text);
    if (current?.token !== held.token) throw lockedError(held.keys, 'this invocation lost it to another one', current);
    held.expiresAtMs = now + this.#ttlMs;
    await this.#blobs.put(held.keys.lock, this.#body(held.token, held.expiresAtMs));
  }

  /** Give the lock up if it is still ours. */
  public async release(held: HeldLock): Promise<void> {
    const text = await this.#blobs.get(held.keys.lock);
    if (text !== null && readLock(text)?.token === held.token) await this.#blobs.delete(held.keys.lock);
  }

  /** Remove the takeover markers of a finished queue file. */
  public async clearMarkers(keys: QueueKeys): Promise<void> {
    for (const key of await this.#blobs.list(keys.takeoverPrefix)) await this.#blobs.delete(key);
  }
}
