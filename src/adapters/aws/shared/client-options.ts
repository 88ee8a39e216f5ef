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

/**
 * Like {@link LazyClient}, for an SDK package loaded on first use (`import()` behind the call), so
 * `sosw/aws` imports without every client installed: an adapter needs its own client only when it
 * sends, and a missing one is a `dependency.missing` error naming the install line.
 */
export class LazySdkClient<Sdk, Client extends { destroy(): void }> {
  #client: Client | undefined;
  #sdk: Promise<Sdk> | undefined;
  readonly #load: () => Promise<Sdk>;
  readonly #create: (sdk: Sdk) => Client;
  readonly #owned: boolean;

  public constructor(given: Client | undefined, load: () => Promise<Sdk>, create: (sdk: Sdk) => Client) {
    this.#client = given;
    this.#load = load;
    this.#create = create;
    this.#owned = given === undefined;
  }

  /** The SDK module (for its command classes) and the client. */
  public async use(): Promise<{ readonly sdk: Sdk; readonly client: Client }> {
    const pending = this.#sdk ?? this.#load();
    this.#sdk = pending;
    let sdk: Sdk;
    try {
      sdk = await pending;
    } catch (error) {
      if (this.#sdk === pending) this.#sdk = undefined; // installed later: try again next time
      throw error;
    }
    this.#client ??= this.#create(sdk);
    return { sdk, client: this.#client };
  }

  /** Destroy the client if this holder created it; a given client belongs to the caller. */
  public close(): void {
    if (this.#owned && this.#client !== undefined) this.#client.destroy();
    if (this.#owned) this.#client = undefined;
  }
}
