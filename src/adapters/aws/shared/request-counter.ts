/** The part of an AWS SDK v3 middleware stack the counter uses. */
interface StackLike {
  readonly middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'finalizeRequest'; name: string; priority: 'low'; override: boolean },
    ): void;
    remove(name: string): boolean;
  };
}

/** Requests sent through a client, per operation (`BatchWriteItem`, `Query`, ...). */
export interface RequestCounter {
  /** Counts so far, by operation name without the `Command` suffix. */
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
  /** Remove the middleware from the client. */
  detach(): void;
}

let counterId = 0;

/**
 * Count the HTTP requests a client sends, per operation: a middleware inside the SDK's retry loop,
 * so SDK retries count too. Used by the DynamoDB cost benchmark.
 *
 * @example
 * const counter = countRequests(dynamoClient);
 * await store.enqueue('w', drafts, now);
 * counter.counts(); // { Query: 1, BatchWriteItem: 4 }
 */
export function countRequests(sdkClient: { readonly middlewareStack: object }): RequestCounter {
  const client = sdkClient as StackLike;
  const counts = new Map<string, number>();
  const name = `soswRequestCounter${++counterId}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      return next(args);
    },
    { step: 'finalizeRequest', name, priority: 'low', override: true },
  );
  return {
    counts: () => Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b))),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    detach: () => {
      client.middlewareStack.remove(name);
    },
  };
}
