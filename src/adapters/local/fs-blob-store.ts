/**
 * A BlobStore in a local folder (the embedded runtime's stand-in for S3). Keys map to files under
 * the root; writes go to a temporary file first and are renamed into place, so readers never see
 * half a file. `putIfAbsent` links the finished temporary file to the key, which fails if the key
 * exists: atomic even across processes.
 */
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { SoswError } from '../../core/errors.js';
import type { BlobStore } from '../../ports/blob-store.js';

const TMP_SUFFIX = '.sosw-tmp';

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

export interface FsBlobStoreOptions {
  /** Folder that holds the objects; created on first write. */
  readonly root: string;
  /** Writes a file (tests inject disk-full faults here). @defaultValue `fs/promises` writeFile */
  readonly writeFile?: (path: string, body: string, encoding: 'utf8') => Promise<void>;
}

/** Errors of a full disk or quota. */
const NO_SPACE = ['ENOSPC', 'EFBIG', 'EDQUOT'];

function noSpaceError(path: string, error: unknown): SoswError {
  const code = (error as { code?: string }).code;
  return new SoswError(
    'store.noSpace',
    `No space left to write ${path} (${code}): free disk space (or raise the quota) and run the command again; nothing of this write was kept.`,
    { details: { path, errno: code }, cause: error },
  );
}

/**
 * @example
 * const blobs = new FsBlobStore({ root: '.sosw/blobs' });
 * await blobs.putIfAbsent('sosw/scheduler/locked_q.txt', '{"owner":"me"}'); // true
 */
export class FsBlobStore implements BlobStore {
  readonly #root: string;
  readonly #writeFile: NonNullable<FsBlobStoreOptions['writeFile']>;
  /** Folders known to exist (saves a mkdir per write). */
  readonly #dirs = new Set<string>();

  public constructor(options: FsBlobStoreOptions) {
    this.#root = resolve(options.root);
    this.#writeFile = options.writeFile ?? ((path, body, encoding) => writeFile(path, body, encoding));
  }

  #path(key: string): string {
    const parts = key.split('/');
    if (key === '' || parts.some((p) => p === '' || p === '.' || p === '..') || key.includes('\\') || key.endsWith(TMP_SUFFIX)) {
      throw new SoswError(
        'config.invalid',
        `Invalid blob key ${JSON.stringify(key)}: use "/"-separated names without empty, "." or ".." parts.`,
        {
          details: { field: 'key', received: key },
        },
      );
    }
    return join(this.#root, ...parts);
  }

  async #temp(path: string, body: string): Promise<string> {
    const dir = dirname(path);
    if (!this.#dirs.has(dir)) await mkdir(dir, { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}${TMP_SUFFIX}`;
    try {
      try {
        await this.#writeFile(tmp, body, 'utf8');
      } catch (error) {
        if (!isCode(error, 'ENOENT')) throw error;
        await mkdir(dir, { recursive: true });
        await this.#writeFile(tmp, body, 'utf8');
      }
    } catch (error) {
      // A failed write may leave part of the file behind: never keep it.
      await rm(tmp, { force: true }).catch(() => undefined);
      if (NO_SPACE.some((code) => isCode(error, code))) throw noSpaceError(path, error);
      throw error;
    }
    this.#dirs.add(dir);
    return tmp;
  }

  public async put(key: string, body: string): Promise<void> {
    const path = this.#path(key);
    const tmp = await this.#temp(path, body);
    try {
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  public async get(key: string): Promise<string | null> {
    try {
      return await readFile(this.#path(key), 'utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT')) return null;
      throw error;
    }
  }

  public async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  public async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isCode(error, 'ENOENT')) return;
        throw error;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (!entry.name.endsWith(TMP_SUFFIX)) {
          const key = relative(this.#root, full).split(sep).join('/');
          if (key.startsWith(prefix)) keys.push(key);
        }
      }
    };
    await walk(this.#root);
    return keys.sort();
  }

  public async putIfAbsent(key: string, body: string): Promise<boolean> {
    const path = this.#path(key);
    const tmp = await this.#temp(path, body);
    try {
      await link(tmp, path);
      return true;
    } catch (error) {
      if (isCode(error, 'EEXIST')) return false;
      throw error;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
}
