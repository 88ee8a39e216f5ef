/**
 * A fixed-capacity FIFO: pushing past the capacity drops the oldest item. Memory stays bounded
 * however long the dashboard runs.
 *
 * @example
 * const ring = new RingBuffer<number>(2);
 * ring.push(1); ring.push(2); ring.push(3);
 * ring.toArray(); // [2, 3]
 */
export class RingBuffer<T> {
  readonly #items: Array<T | undefined>;
  #start = 0;
  #size = 0;

  public constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}.`);
    this.#items = new Array<T | undefined>(capacity);
  }

  public get capacity(): number {
    return this.#items.length;
  }

  public get size(): number {
    return this.#size;
  }

  public push(item: T): void {
    const capacity = this.#items.length;
    if (this.#size < capacity) {
      this.#items[(this.#start + this.#size) % capacity] = item;
      this.#size += 1;
      return;
    }
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % capacity;
  }

  /** The newest item, or undefined when empty. */
  public last(): T | undefined {
    if (this.#size === 0) return undefined;
    return this.#items[(this.#start + this.#size - 1) % this.#items.length];
  }

  /** Oldest first. */
  public toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(this.#start + i) % this.#items.length] as T);
    return out;
  }
}
