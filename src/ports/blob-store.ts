/** Object storage for the Scheduler's queue files (local folder or S3). Keys use `/` separators. */
export interface BlobStore {
  put(key: string, body: string): Promise<void>;
  /** The object's text, or null if there is none. */
  get(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;
  /** Keys under `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Create `key` only if it does not exist, atomically (S3 `If-None-Match: *`); false if it exists. */
  putIfAbsent(key: string, body: string): Promise<boolean>;
}
