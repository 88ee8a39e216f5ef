/** Reading and writing a job's queue file and its progress record in the BlobStore. */
import {
  parseStored,
  type QueueDocument,
  type QueueKeys,
  queueDocumentSchema,
  queueProgressSchema,
} from '../../core/scheduling/queue-file.js';
import type { BlobStore } from '../../ports/blob-store.js';

export class QueueFiles {
  readonly #blobs: BlobStore;

  public constructor(blobs: BlobStore) {
    this.#blobs = blobs;
  }

  /** The job document, or null when there is no such file. */
  public async read(keys: QueueKeys): Promise<QueueDocument | null> {
    const text = await this.#blobs.get(keys.file);
    return text === null ? null : parseStored(queueDocumentSchema, keys.file, text);
  }

  /** Store the job document unless one exists; false when it existed. */
  public async create(keys: QueueKeys, doc: QueueDocument): Promise<boolean> {
    return this.#blobs.putIfAbsent(keys.file, JSON.stringify(doc));
  }

  /** Rows before the cursor are known to be queued (0 when nothing was recorded). */
  public async cursor(keys: QueueKeys): Promise<number> {
    const text = await this.#blobs.get(keys.progress);
    return text === null ? 0 : parseStored(queueProgressSchema, keys.progress, text).cursor;
  }

  public async saveCursor(keys: QueueKeys, cursor: number): Promise<void> {
    await this.#blobs.put(keys.progress, JSON.stringify({ cursor }));
  }

  /** Remove the document and its progress record (the job is done). */
  public async remove(keys: QueueKeys): Promise<void> {
    await this.#blobs.delete(keys.file);
    await this.#blobs.delete(keys.progress);
  }
}
