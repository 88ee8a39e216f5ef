/** Config documents held in memory: for tests, the embedded runtime and programmatic setups. */
import { type ConfigDocument, isPlainObject } from '../../core/config/deep-merge.js';
import { describeValue, SoswError } from '../../core/errors.js';
import type { ConfigSource } from '../../ports/config-source.js';

function checked(name: string, document: unknown): ConfigDocument {
  if (!isPlainObject(document)) {
    throw new SoswError('config.invalid', `Config document ${name} must be a JSON object, got ${describeValue(document)}.`, {
      details: { name },
    });
  }
  return structuredClone(document);
}

/**
 * A ConfigSource over a map of documents. Documents are copied in and out, so callers can
 * neither change the stored ones by accident nor see changes made to what they received.
 *
 * @example
 * const source = new MemoryConfigSource({ my_worker_config: { batch_size: 10 } });
 * await source.get('my_worker_config'); // { batch_size: 10 }
 */
export class MemoryConfigSource implements ConfigSource {
  readonly #documents = new Map<string, ConfigDocument>();
  #reads = 0;

  public constructor(documents: Readonly<Record<string, ConfigDocument>> = {}) {
    for (const [name, document] of Object.entries(documents)) this.set(name, document);
  }

  public async get(name: string): Promise<ConfigDocument | null> {
    this.#reads += 1;
    const document = this.#documents.get(name);
    return document === undefined ? null : structuredClone(document);
  }

  /** Store (or replace) a document. */
  public set(name: string, document: ConfigDocument): void {
    this.#documents.set(name, checked(name, document));
  }

  /** Remove a document. */
  public delete(name: string): void {
    this.#documents.delete(name);
  }

  /** How many times `get` was called (to check that config is read once per container). */
  public get reads(): number {
    return this.#reads;
  }
}
