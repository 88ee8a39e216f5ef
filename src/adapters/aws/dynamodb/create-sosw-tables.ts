import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { resolveFieldNames } from '../../../core/task/field-names.js';
import { awsErrorName, translateAwsError } from '../shared/aws-errors.js';
import { jobsTableDefinition, soswTableDefinitions } from './operations/create-tables.js';
import { type DynamoTableNames, resolveDynamoTableNames } from './table-names.js';

export interface CreateSoswTablesOptions {
  /** The original's `field_names` mapping, when the tables use remapped attribute names. */
  readonly fieldNames?: Readonly<Record<string, string>>;
  /**
   * How long to wait for the tables to become ACTIVE, in milliseconds.
   * @defaultValue 120000
   */
  readonly timeoutMs?: number;
  /**
   * Also create the job records table (`sosw_jobs`). `false` for deployments that keep only the
   * original's five tables: scheduling then keeps no job records (everything else works as before).
   * @defaultValue true
   */
  readonly jobs?: boolean;
}

async function waitActive(client: DynamoDBClient, table: string, deadline: number): Promise<void> {
  for (;;) {
    const description = await client.send(new DescribeTableCommand({ TableName: table }));
    const indexes = description.Table?.GlobalSecondaryIndexes ?? [];
    if (description.Table?.TableStatus === 'ACTIVE' && indexes.every((i) => i.IndexStatus === undefined || i.IndexStatus === 'ACTIVE'))
      return;
    if (Date.now() > deadline) throw new Error(`table ${table} did not become ACTIVE in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Create sosw's five tables (tasks, closed tasks, retry tasks, task meta, config) with the
 * original's keys, indexes and projections, plus the job records table (unless `jobs: false`),
 * with on-demand billing, and wait until they are ACTIVE.
 * Tables that already exist are left as they are. Returns the resolved names.
 *
 * @example
 * const names = await createSoswTables(new DynamoDBClient({}), { tasks: 'dev_sosw_tasks' });
 */
export async function createSoswTables(
  client: DynamoDBClient,
  names: Partial<DynamoTableNames> = {},
  options: CreateSoswTablesOptions = {},
): Promise<DynamoTableNames> {
  const t = resolveDynamoTableNames(names);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  try {
    await Promise.all(
      [...soswTableDefinitions(t, resolveFieldNames(options.fieldNames)), ...(options.jobs === false ? [] : [jobsTableDefinition(t)])].map(
        async (definition) => {
          try {
            await client.send(new CreateTableCommand(definition));
          } catch (error) {
            if (awsErrorName(error) !== 'ResourceInUseException') throw error;
          }
          await waitActive(client, definition.TableName ?? '', deadline);
        },
      ),
    );
  } catch (error) {
    throw translateAwsError(error, 'store.unavailable', 'Could not create the sosw DynamoDB tables', { tables: t });
  }
  return t;
}

/** Delete sosw's tables, the jobs table too (missing ones are ignored). For tests and `sosw` tooling; data is lost. */
export async function deleteSoswTables(client: DynamoDBClient, names: Partial<DynamoTableNames> = {}): Promise<void> {
  const t = resolveDynamoTableNames(names);
  await Promise.all(
    [t.tasks, t.closedTasks, t.retryTasks, t.meta, t.config, t.jobs].map(async (table) => {
      try {
        await client.send(new DeleteTableCommand({ TableName: table }));
      } catch (error) {
        if (awsErrorName(error) !== 'ResourceNotFoundException')
          throw translateAwsError(error, 'store.unavailable', `Could not delete table ${table}`);
      }
    }),
  );
}
