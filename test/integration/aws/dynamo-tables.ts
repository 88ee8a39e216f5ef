/** Fresh, uniquely named sosw tables in moto for one test. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createSoswTables, deleteSoswTables } from '../../../src/adapters/aws/dynamodb/create-sosw-tables.js';
import type { DynamoTableNames } from '../../../src/adapters/aws/dynamodb/table-names.js';
import { uniqueName } from './helpers.js';

export async function freshSoswTables(client: DynamoDBClient): Promise<{ names: DynamoTableNames; drop(): Promise<void> }> {
  const prefix = uniqueName('t');
  const names = await createSoswTables(client, {
    tasks: `${prefix}_sosw_tasks`,
    closedTasks: `${prefix}_sosw_closed_tasks`,
    retryTasks: `${prefix}_sosw_retry_tasks`,
    meta: `${prefix}_sosw_tasks_meta`,
    config: `${prefix}_config`,
    jobs: `${prefix}_sosw_jobs`,
  });
  return { names, drop: () => deleteSoswTables(client, names) };
}

/** The SOSW_* environment naming these tables (what a deployment's functions and the CLI read). */
export function tableEnv(names: DynamoTableNames): Record<string, string> {
  return {
    SOSW_TASKS_TABLE: names.tasks,
    SOSW_CLOSED_TASKS_TABLE: names.closedTasks,
    SOSW_RETRY_TASKS_TABLE: names.retryTasks,
    SOSW_META_TABLE: names.meta,
    SOSW_CONFIG_TABLE: names.config,
    SOSW_JOBS_TABLE: names.jobs,
  };
}
