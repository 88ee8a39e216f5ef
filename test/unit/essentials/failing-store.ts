/** A TaskStore (or any port) whose chosen methods fail, for the tests of failed runs. */
import { SoswError } from '../../../src/core/errors.js';

/** `store.unavailable` as the DynamoDB adapter raises it for a missing table. */
export function missingTable(table: string, operation: string): SoswError {
  return new SoswError('store.unavailable', `DynamoDB table ${table} does not exist for ${operation}`, { details: { table, operation } });
}

export function throttled(operation: string): SoswError {
  return new SoswError('store.throttled', `DynamoDB kept throttling ${operation}`, { details: { operation } });
}

/**
 * Wrap `target` so that a method named in `fail` throws what the function returns for its
 * arguments (or undefined: the call goes through).
 */
export function failing<T extends object>(target: T, fail: Record<string, (...args: unknown[]) => Error | undefined>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      const make = typeof property === 'string' ? fail[property] : undefined;
      if (typeof value !== 'function' && make === undefined) return value;
      return (...args: unknown[]) => {
        const error = make?.(...args);
        if (error !== undefined) return Promise.reject(error);
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}
