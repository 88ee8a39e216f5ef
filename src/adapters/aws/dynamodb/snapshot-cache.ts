import type { Item } from './items.js';

/**
 * The last item read or written per task id, bounded (oldest dropped first). Moves use a snapshot
 * instead of reading the item again; their transactions are conditional on the item being
 * unchanged since, so a stale snapshot costs a retry, never a wrong write.
 */
export class SnapshotCache {
  readonly #items = new Map<string, Item>();
  readonly #capacity: number;

  public constructor(capacity: number) {
    this.#capacity = capacity;
  }

  public remember(key: string, item: Item): void {
    if (this.#capacity <= 0) return;
    this.#items.delete(key);
    this.#items.set(key, item);
    if (this.#items.size > this.#capacity) {
      const oldest = this.#items.keys().next().value;
      if (oldest !== undefined) this.#items.delete(oldest);
    }
  }

  /** The snapshot, removed from the cache (a move consumes it). */
  public take(key: string): Item | undefined {
    const item = this.#items.get(key);
    this.#items.delete(key);
    return item;
  }

  public forget(key: string): void {
    this.#items.delete(key);
  }

  public clear(): void {
    this.#items.clear();
  }
}
