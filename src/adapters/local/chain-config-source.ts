/** Several config sources in order: the first that has a document wins. */
import type { ConfigDocument } from '../../core/config/deep-merge.js';
import { SoswError } from '../../core/errors.js';
import type { ConfigSource } from '../../ports/config-source.js';

/**
 * Asks each source in turn and returns the first non-null document (no merging: a document is
 * one unit, like a row of the original's config table). Errors of a source are not skipped.
 *
 * @example
 * const source = new ChainConfigSource([new FileConfigSource({ dir: './config' }), dynamoConfigSource]);
 */
export class ChainConfigSource implements ConfigSource {
  readonly #sources: readonly ConfigSource[];

  public constructor(sources: readonly ConfigSource[]) {
    if (sources.length === 0) {
      throw new SoswError('config.invalid', 'ChainConfigSource needs at least one config source; pass a list of sources.', {
        details: { field: 'sources' },
      });
    }
    this.#sources = [...sources];
  }

  public async get(name: string): Promise<ConfigDocument | null> {
    for (const source of this.#sources) {
      const document = await source.get(name);
      if (document !== null && document !== undefined) return document;
    }
    return null;
  }
}
