/** Config documents from JSON files: a folder of `<name>.json`, or one file of documents by name. */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConfigDocument, isPlainObject } from '../../core/config/deep-merge.js';
import { ENV_KEYS, type Env, processEnv, readEnv } from '../../core/config/env-keys.js';
import { describeValue, SoswError } from '../../core/errors.js';
import type { ConfigSource } from '../../ports/config-source.js';

/** Where the documents are: exactly one of `dir` and `file`. */
export type FileConfigSourceOptions =
  | {
      /** A folder holding one `<name>.json` per document (`sosw_orchestrator_config.json`, ...). */
      readonly dir: string;
      readonly file?: never;
    }
  | {
      /** One JSON file `{ "<name>": { ...document }, ... }`. */
      readonly file: string;
      readonly dir?: never;
    };

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}

async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SoswError('config.invalid', `${what} (${path}) is not valid JSON: ${(error as Error).message}. Fix the file.`, {
      details: { path },
      cause: error,
    });
  }
}

function unavailable(path: string, cause: unknown): SoswError {
  return new SoswError(
    'config.sourceUnavailable',
    `Config path ${path} does not exist or cannot be read. Create it or point sosw elsewhere.`,
    {
      details: { path },
      cause,
    },
  );
}

function asDocument(name: string, path: string, value: unknown): ConfigDocument {
  if (!isPlainObject(value)) {
    throw new SoswError('config.invalid', `Config document ${name} in ${path} must be a JSON object, got ${describeValue(value)}.`, {
      details: { name, path },
    });
  }
  return value;
}

/**
 * A read-only ConfigSource over local JSON files. Files are read on every `get` (sosw reads
 * config once per process), so edits apply on the next start without any cache to clear.
 *
 * @example
 * const source = new FileConfigSource({ dir: './config' }); // ./config/my_worker_config.json
 * const single = new FileConfigSource({ file: './sosw.documents.json' });
 */
export class FileConfigSource implements ConfigSource {
  readonly #options: FileConfigSourceOptions;

  public constructor(options: FileConfigSourceOptions) {
    const path = options.dir ?? options.file;
    if (typeof path !== 'string' || path === '' || (options.dir !== undefined && options.file !== undefined)) {
      throw new SoswError(
        'config.invalid',
        'FileConfigSource needs exactly one of { dir } (a folder of <name>.json) or { file } (one JSON file).',
        {
          details: { field: 'dir|file' },
        },
      );
    }
    this.#options = options;
  }

  /**
   * The source named by `SOSW_CONFIG_PATH` (a folder or a file, told apart on the spot), or
   * undefined when the variable is unset.
   */
  public static fromEnv(env: Env = processEnv()): FileConfigSource | undefined {
    const path = readEnv('configPath', env);
    if (path === undefined) return undefined;
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (error) {
      throw unavailable(`${path} (from ${ENV_KEYS.configPath})`, error);
    }
    return new FileConfigSource(isDir ? { dir: path } : { file: path });
  }

  public async get(name: string): Promise<ConfigDocument | null> {
    return this.#options.dir === undefined ? this.#fromFile(this.#options.file, name) : this.#fromDir(this.#options.dir, name);
  }

  async #fromDir(dir: string, name: string): Promise<ConfigDocument | null> {
    if (!SAFE_NAME.test(name)) {
      throw new SoswError(
        'config.invalid',
        `Config document name ${describeValue(name)} cannot be a file name; use letters, digits, _ . -`,
        {
          details: { name },
        },
      );
    }
    const path = join(dir, `${name}.json`);
    try {
      return asDocument(name, path, await readJson(path, `Config document ${name}`));
    } catch (error) {
      if (!isMissing(error)) throw error;
      try {
        statSync(dir);
      } catch (dirError) {
        throw unavailable(dir, dirError);
      }
      return null;
    }
  }

  async #fromFile(file: string, name: string): Promise<ConfigDocument | null> {
    let all: unknown;
    try {
      all = await readJson(file, 'Config file');
    } catch (error) {
      throw isMissing(error) ? unavailable(file, error) : error;
    }
    if (!isPlainObject(all)) {
      throw new SoswError('config.invalid', `Config file ${file} must hold an object of documents by name, got ${describeValue(all)}.`, {
        details: { path: file },
      });
    }
    const document = Object.hasOwn(all, name) ? all[name] : undefined;
    return document === undefined || document === null ? null : asDocument(name, file, document);
  }
}
