/** Test doubles for the Scheduler engine: an in-memory BlobStore and crash injection. */
import type { BlobStore } from '../../../../src/ports/blob-store.js';
import type { TaskQueue } from '../../../../src/ports/task-store.js';

export class MemoryBlobStore implements BlobStore {
  public readonly objects = new Map<string, string>();

  public async put(key: string, body: string): Promise<void> {
    this.objects.set(key, body);
  }

  public async get(key: string): Promise<string | null> {
    return this.objects.get(key) ?? null;
  }

  public async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }

  public async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  public async putIfAbsent(key: string, body: string): Promise<boolean> {
    if (this.objects.has(key)) return false;
    this.objects.set(key, body);
    return true;
  }
}

/** Thrown by the crash injectors: stands for the process dying at that point. */
export class CrashError extends Error {
  public constructor(where: string) {
    super(`simulated crash in ${where}`);
    this.name = 'CrashError';
  }
}

/** A deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A BlobStore that dies before or after a random operation. */
export function crashingBlobs(inner: BlobStore, random: () => number, rate: number): BlobStore {
  const wrap =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (random() < rate) throw new CrashError(`blobs.${name} (before)`);
      const result = await fn(...args);
      if (random() < rate) throw new CrashError(`blobs.${name} (after)`);
      return result;
    };
  return {
    put: wrap('put', (k: string, b: string) => inner.put(k, b)),
    get: wrap('get', (k: string) => inner.get(k)),
    delete: wrap('delete', (k: string) => inner.delete(k)),
    list: wrap('list', (p: string) => inner.list(p)),
    putIfAbsent: wrap('putIfAbsent', (k: string, b: string) => inner.putIfAbsent(k, b)),
  };
}

/** A store whose enqueue dies before a batch, after it, or in the middle (half of it written). */
export function crashingStore(inner: Pick<TaskQueue, 'enqueue'>, random: () => number, rate: number): Pick<TaskQueue, 'enqueue'> {
  return {
    enqueue: async (labourerId, drafts, createdAt) => {
      const roll = random();
      if (roll < rate / 3) throw new CrashError('enqueue (before)');
      if (roll < (2 * rate) / 3) {
        await inner.enqueue(labourerId, drafts.slice(0, Math.ceil(drafts.length / 2)), createdAt);
        throw new CrashError('enqueue (middle)');
      }
      const written = await inner.enqueue(labourerId, drafts, createdAt);
      if (roll < rate) throw new CrashError('enqueue (after)');
      return written;
    },
  };
}
