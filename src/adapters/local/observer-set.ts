/**
 * Observers of one kind of runtime event (a Scavenger run, Scheduler progress, a metric
 * observation). Observers can be added and removed at any time, e.g. by a dashboard attached to a
 * running runtime; an observer that throws is ignored, so it never breaks the engine that emits.
 */
export class ObserverSet<A extends unknown[]> {
  #observers: ReadonlyArray<(...args: A) => void> = [];

  /** Add an observer; the returned function removes it again. */
  public add(observer: (...args: A) => void): () => void {
    this.#observers = [...this.#observers, observer];
    return () => {
      this.#observers = this.#observers.filter((o) => o !== observer);
    };
  }

  public get size(): number {
    return this.#observers.length;
  }

  /** Call every observer with `args`. */
  public emit(...args: A): void {
    for (const observer of this.#observers) {
      try {
        observer(...args);
      } catch {
        // An observer must never break the engine.
      }
    }
  }
}
