/**
 * Adapters take either a ready SDK client or the config to build one (lazily, on first use),
 * never both. The SDK reads the standard AWS environment itself: AWS_REGION, credentials,
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>.
 */
export type ClientOrConfig<Client, Config> =
  | { readonly client: Client; readonly clientConfig?: never }
  | { readonly client?: never; readonly clientConfig?: Config };

/** Holds a client: the one given, or one created on first use (and destroyed by `close`). */
export class LazyClient<Client extends { destroy(): void }> {
  #client: Client | undefined;
  readonly #create: () => Client;
  readonly #owned: boolean;

  public constructor(given: Client | undefined, create: () => Client) {
    this.#client = given;
    this.#create = create;
    this.#owned = given === undefined;
  }

  public get(): Client {
    this.#client ??= this.#create();
    return this.#client;
  }

  /** Destroy the client if this holder created it; a given client belongs to the caller. */
  public close(): void {
    if (this.#owned && this.#client !== undefined) this.#client.destroy();
    if (this.#owned) this.#client = undefined;
  }
}
