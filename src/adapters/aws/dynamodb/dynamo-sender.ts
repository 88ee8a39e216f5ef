import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DEPLOY_ENV } from '../../../core/config/deploy-env.js';
import { SoswError } from '../../../core/errors.js';
import { awsErrorName, isThrottling, translateAwsError } from '../shared/aws-errors.js';
import { type BackoffConfig, backoffDelay } from '../shared/backoff.js';
import type { Item } from './items.js';
import type { DynamoTableNames } from './table-names.js';

/** The table or tables a request touched (a transaction writes several). */
export type TouchedTables = string | readonly string[];

/** Table names by role, so errors can name the variable and option that set a table. */
export type KnownTables = Partial<Pick<DynamoTableNames, 'tasks' | 'closedTasks' | 'retryTasks' | 'meta' | 'config' | 'jobs'>>;

/** Errors the operations handle themselves; the sender passes them through untranslated. */
const CONTROL_FLOW = new Set(['ConditionalCheckFailedException', 'TransactionCanceledException']);

/** Cancellation reasons that mean "try the same transaction again later". */
const TRANSIENT_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

export function cancellationCodes(error: unknown): string[] {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

/**
 * What the sender retries: only what the AWS SDK does not. A throttled request (throttling error
 * names, see aws-errors.ts) was already retried by the SDK's own retry strategy (standard mode,
 * `maxAttempts` / AWS_MAX_ATTEMPTS), so it is not retried again here (that multiplied the attempts);
 * transaction conflicts, which the SDK does not retry, are.
 */
function isTransient(error: unknown): boolean {
  if (awsErrorName(error) !== 'TransactionCanceledException') return awsErrorName(error) === 'TransactionConflictException';
  const codes = cancellationCodes(error);
  return codes.some((c) => TRANSIENT_REASONS.has(c)) && !codes.includes('ConditionalCheckFailed');
}

/**
 * Sends DynamoDB requests. One retry policy per failure: throttling is retried by the AWS SDK
 * (its retry strategy) and becomes `store.throttled` here when it outlasts those retries;
 * transaction conflicts and unprocessed batch items, which the SDK does not retry, are retried
 * here with backoff. Every other AWS error becomes a SoswError at this edge, except conditional
 * failures, which the operations map to their outcomes.
 */
export class DynamoSender {
  readonly #client: () => DynamoDBDocumentClient;
  readonly #backoff: BackoffConfig;
  readonly #known: KnownTables;

  /** `known`: the adapter's tables by role (errors name the SOSW_*_TABLE variable and tableNames key of a missing one). */
  public constructor(client: () => DynamoDBDocumentClient, backoff: BackoffConfig, known: KnownTables = {}) {
    this.#client = client;
    this.#backoff = backoff;
    this.#known = known;
  }

  /** `table`: the table the request touches, or every table a transaction writes (errors name them). */
  public async run<T>(operation: string, table: TouchedTables, call: (client: DynamoDBDocumentClient) => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await call(this.#client());
      } catch (error) {
        if (isTransient(error) && retry < this.#backoff.retries) {
          await this.#backoff.sleep(backoffDelay(this.#backoff, retry));
          continue;
        }
        throw translateDynamoError(error, operation, table, this.#known);
      }
    }
  }

  /** Every page of a query (or the first `limit` items) from `input.ExclusiveStartKey` on, following LastEvaluatedKey. */
  public async query(operation: string, input: QueryCommandInput, limit = Number.POSITIVE_INFINITY): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined = input.ExclusiveStartKey;
    do {
      const remaining = limit - items.length;
      const pageLimit = Number.isFinite(remaining) ? pageSize(remaining, input.FilterExpression !== undefined) : input.Limit;
      const page = await this.run(operation, input.TableName ?? '', (c) =>
        c.send(new QueryCommand({ ...input, ...(pageLimit === undefined ? {} : { Limit: pageLimit }), ExclusiveStartKey: start })),
      );
      for (const item of page.Items ?? []) if (items.length < limit) items.push(item);
      start = page.LastEvaluatedKey;
    } while (start !== undefined && items.length < limit);
    return items;
  }

  /** The number of items a query matches (Select COUNT over every page). */
  public async count(operation: string, input: QueryCommandInput): Promise<number> {
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.run(operation, input.TableName ?? '', (c) =>
        c.send(new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: start })),
      );
      total += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return total;
  }

  /** Put items in BatchWriteItem requests of 25, retrying unprocessed items with backoff. */
  public async batchPut(operation: string, table: string, items: readonly Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: item } }));
      for (let retry = 0; pending.length > 0; retry++) {
        const requests = pending;
        const response = await this.run(operation, table, (c) => c.send(new BatchWriteCommand({ RequestItems: { [table]: requests } })));
        pending = (response.UnprocessedItems?.[table] ?? []) as typeof pending;
        if (pending.length === 0) break;
        if (retry >= this.#backoff.retries) throw throttled(operation, table, `${pending.length} items stayed unprocessed`);
        await this.#backoff.sleep(backoffDelay(this.#backoff, retry));
      }
    }
  }

  /** Get items by key in BatchGetItem requests of 100 (any order), retrying unprocessed keys. */
  public async batchGet(operation: string, table: string, keys: readonly Item[], consistent = true): Promise<Item[]> {
    const found: Item[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending = keys.slice(i, i + 100);
      for (let retry = 0; pending.length > 0; retry++) {
        const batch = pending;
        const response = await this.run(operation, table, (c) =>
          c.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: batch, ConsistentRead: consistent } } })),
        );
        found.push(...(response.Responses?.[table] ?? []));
        pending = response.UnprocessedKeys?.[table]?.Keys ?? [];
        if (pending.length === 0) break;
        if (retry >= this.#backoff.retries) throw throttled(operation, table, `${pending.length} keys stayed unprocessed`);
        await this.#backoff.sleep(backoffDelay(this.#backoff, retry));
      }
    }
    return found;
  }
}

/** Items to ask for per page: exactly the remainder, or more when a filter will drop some. */
export function pageSize(remaining: number, filtered: boolean): number {
  const wanted = Math.max(1, Math.ceil(remaining));
  return filtered ? Math.min(1000, Math.max(wanted * 2, 50)) : wanted;
}

function throttled(operation: string, table: string, what: string): SoswError {
  return new SoswError(
    'store.throttled',
    `DynamoDB kept throttling ${operation} on ${table} (${what}): raise the table's capacity or use on-demand billing, then retry.`,
    { details: { operation, table } },
  );
}

/** ValidationException messages that mean the table's keys or indexes are not what sosw expects. */
const SCHEMA_PROBLEMS =
  /key element does not match the schema|missing the key|key schema element|does not have the specified index|type mismatch for (index )?key|the provided starting key is invalid|number of conditions on the keys is invalid/i;
/** ValidationException messages about an item over the 400 KB limit. */
const SIZE_PROBLEMS = /item size (to update )?has exceeded|maximum allowed size|item size exceeded|size of the item/i;

/**
 * A ValidationException by what DynamoDB says: an item over 400 KB is `task.tooLarge`, keys or
 * indexes that do not match `store.schemaMismatch`, anything else (a bad value, an empty string in
 * a key) `store.invalidArgument`. All name the operation and the table.
 */
function translateValidation(error: unknown, operation: string, table: string): unknown {
  const reason = error instanceof Error ? error.message : String(error);
  const details = { operation, table };
  if (SIZE_PROBLEMS.test(reason)) {
    return translateAwsError(
      error,
      'task.tooLarge',
      `DynamoDB refused ${operation} on ${table}: the item would be over its 400 KB limit. Keep payloads and results small (put large data in S3 and pass its key)`,
      details,
    );
  }
  if (SCHEMA_PROBLEMS.test(reason)) {
    return translateAwsError(
      error,
      'store.schemaMismatch',
      `DynamoDB rejected ${operation} on ${table}: its keys or indexes do not match (do the table, its indexes and field_names match the original's?)`,
      details,
    );
  }
  return translateAwsError(error, 'store.invalidArgument', `DynamoDB rejected a value in ${operation} on ${table}`, details);
}

/** Translate a DynamoDB error into a SoswError (conditional failures and non-AWS errors pass through). */
export function translateDynamoError(error: unknown, operation: string, touched: TouchedTables, known: KnownTables = {}): unknown {
  const tables = typeof touched === 'string' ? [touched] : [...new Set(touched)];
  const table = tables.join(', ');
  const name = awsErrorName(error);
  if (name !== null && CONTROL_FLOW.has(name) && !isTransient(error)) return error;
  const details = { operation, table };
  if (isThrottling(error) || (name !== null && isTransient(error))) {
    const translated = throttled(operation, table, name ?? 'throttled');
    return new SoswError(translated.code, translated.message, { details: { ...details, awsError: name }, cause: error });
  }
  if (name === 'ResourceNotFoundException') return missingTable(error, operation, tables, known);
  if (name === 'ValidationException') return translateValidation(error, operation, table);
  return translateAwsError(error, 'store.unavailable', `DynamoDB ${operation} on ${table} failed`, details);
}

/** What sets each table: the deployment's variable (CLI, Lambda functions) and the adapters' option key. */
const TABLE_ROLES: ReadonlyArray<{ readonly key: keyof KnownTables; readonly what: string; readonly variable: string }> = [
  { key: 'tasks', what: 'the tasks table', variable: DEPLOY_ENV.tasksTable },
  { key: 'closedTasks', what: 'the closed tasks table', variable: DEPLOY_ENV.closedTasksTable },
  { key: 'retryTasks', what: 'the retry table', variable: DEPLOY_ENV.retryTasksTable },
  { key: 'meta', what: 'the audit (meta) table', variable: DEPLOY_ENV.metaTable },
  { key: 'config', what: 'the config table', variable: DEPLOY_ENV.configTable },
  { key: 'jobs', what: 'the jobs table', variable: DEPLOY_ENV.jobsTable },
];

function roleOf(table: string, known: KnownTables): (typeof TABLE_ROLES)[number] | undefined {
  return TABLE_ROLES.find((r) => known[r.key] === table);
}

/** True when `text` names `table` as a whole word (table names may contain one another: sosw_tasks, sosw_tasks_meta). */
function mentions(text: string, table: string): boolean {
  const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.-])${escaped}($|[^A-Za-z0-9_.-])`).test(text);
}

/**
 * ResourceNotFoundException: the table does not exist (a missing index is a ValidationException).
 * Names the table, or for a transaction the one DynamoDB names (else every table it writes), with
 * the fix for both kinds of user: the SOSW_*_TABLE variable (CLI, Lambda functions) and `tableNames`.
 */
function missingTable(error: unknown, operation: string, tables: readonly string[], known: KnownTables): SoswError {
  const reason = error instanceof Error ? error.message : String(error);
  const named = tables.filter((t) => mentions(reason, t));
  const culprits = named.length === 1 ? named : tables;
  const describe = (t: string): string => {
    const role = roleOf(t, known);
    return role === undefined ? t : `${t} (${role.what}: ${role.variable}, tableNames.${role.key})`;
  };
  const roles = culprits.map((t) => roleOf(t, known)).filter((r) => r !== undefined);
  const setIt =
    roles.length > 0
      ? `set ${roles.map((r) => r.variable).join(' / ')} (CLI, Lambda functions) or ${roles.map((r) => `tableNames.${r.key}`).join(' / ')} (code)`
      : `set the SOSW_*_TABLE variable of that table (${TABLE_ROLES.filter((r) => r.key !== 'config')
          .map((r) => r.variable)
          .join(', ')}) for the CLI and Lambda functions, or tableNames in code`;
  const what =
    culprits.length === 1
      ? `DynamoDB table ${describe(culprits[0] as string)} does not exist (${operation})`
      : `One of the DynamoDB tables ${operation} writes does not exist: ${culprits.map(describe).join(', ')}`;
  return new SoswError(
    'store.unavailable',
    `${what}. Create the tables (createSoswTables(), or deploy the Sosw stack), or, if yours have other names, ${setIt}.`,
    {
      details: {
        operation,
        table: culprits.join(', '),
        tables: culprits,
        awsError: 'ResourceNotFoundException',
        ...(roles.length === 0 ? {} : { variables: roles.map((r) => r.variable), options: roles.map((r) => `tableNames.${r.key}`) }),
      },
      cause: error,
    },
  );
}

/** The tables a TransactWriteItems request writes, in order, each once. */
export function transactionTables(input: { readonly TransactItems?: ReadonlyArray<Record<string, unknown>> | undefined }): string[] {
  const tables = new Set<string>();
  for (const item of input.TransactItems ?? []) {
    for (const part of Object.values(item)) {
      const table = (part as { TableName?: unknown } | undefined)?.TableName;
      if (typeof table === 'string') tables.add(table);
    }
  }
  return [...tables];
}
