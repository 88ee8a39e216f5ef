/**
 * The five DynamoDB tables with the original's keys and indexes, plus (unless `jobs: false`) the
 * job records table, on-demand and with point-in-time recovery; or the same tables imported by name
 * from an existing deployment.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { SoswNames } from './names.js';

export interface SoswTables {
  readonly tasks: dynamodb.ITable;
  readonly closedTasks: dynamodb.ITable;
  readonly retryTasks: dynamodb.ITable;
  readonly meta: dynamodb.ITable;
  readonly config: dynamodb.ITable;
  /** Job records; absent when the deployment keeps none (`jobs: false`). */
  readonly jobs?: dynamodb.ITable | undefined;
}

export interface TableOptions {
  readonly removalPolicy: RemovalPolicy;
  /** TTL attribute of the closed table, when retention is on. */
  readonly closedTasksTtlAttribute?: string | undefined;
  readonly metaTtlAttribute?: string | undefined;
  /** Create the jobs table too. */
  readonly jobs: boolean;
}

const S = dynamodb.AttributeType.STRING;
const N = dynamodb.AttributeType.NUMBER;

/** Create the tables. */
export function createTables(scope: Construct, names: SoswNames, options: TableOptions): SoswTables {
  const common = {
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: options.removalPolicy,
  };
  const tasks = new dynamodb.Table(scope, 'TasksTable', {
    ...common,
    tableName: names.tables.tasks,
    partitionKey: { name: 'task_id', type: S },
  });
  tasks.addGlobalSecondaryIndex({
    indexName: names.indexes.tasksGreenfield,
    partitionKey: { name: 'labourer_id', type: S },
    sortKey: { name: 'greenfield', type: N },
    projectionType: dynamodb.ProjectionType.ALL,
  });
  const closedTasks = new dynamodb.Table(scope, 'ClosedTasksTable', {
    ...common,
    tableName: names.tables.closedTasks,
    partitionKey: { name: 'task_id', type: S },
    timeToLiveAttribute: options.closedTasksTtlAttribute,
  });
  closedTasks.addGlobalSecondaryIndex({
    indexName: names.indexes.closedTasksStatus,
    partitionKey: { name: 'labourer_id_task_status', type: S },
    sortKey: { name: 'closed_at', type: N },
    projectionType: dynamodb.ProjectionType.INCLUDE,
    nonKeyAttributes: ['completed_at', 'greenfield', 'attempts'],
  });
  const retryTasks = new dynamodb.Table(scope, 'RetryTasksTable', {
    ...common,
    tableName: names.tables.retryTasks,
    partitionKey: { name: 'labourer_id', type: S },
    sortKey: { name: 'task_id', type: S },
  });
  retryTasks.addLocalSecondaryIndex({
    indexName: names.indexes.retryTasksLaunchTime,
    sortKey: { name: 'desired_launch_time', type: N },
    projectionType: dynamodb.ProjectionType.ALL,
  });
  const meta = new dynamodb.Table(scope, 'MetaTable', {
    ...common,
    tableName: names.tables.meta,
    partitionKey: { name: 'task_id', type: S },
    sortKey: { name: 'created_at', type: N },
    timeToLiveAttribute: options.metaTtlAttribute,
  });
  const config = new dynamodb.Table(scope, 'ConfigTable', {
    ...common,
    tableName: names.tables.config,
    partitionKey: { name: 'env', type: S },
    sortKey: { name: 'config_name', type: S },
  });
  return { tasks, closedTasks, retryTasks, meta, config, jobs: options.jobs ? createJobsTable(scope, names, common) : undefined };
}

/** The jobs table as createSoswTables makes it: key job_id, the newest-first and the sparse open index. */
function createJobsTable(scope: Construct, names: SoswNames, common: Omit<dynamodb.TableProps, 'partitionKey'>): dynamodb.Table {
  const jobs = new dynamodb.Table(scope, 'JobsTable', {
    ...common,
    tableName: names.tables.jobs,
    partitionKey: { name: 'job_id', type: S },
  });
  for (const [indexName, partition] of [
    [names.indexes.jobsCreated, 'job_list'],
    [names.indexes.jobsOpen, 'job_open'],
  ] as const) {
    jobs.addGlobalSecondaryIndex({
      indexName,
      partitionKey: { name: partition, type: S },
      sortKey: { name: 'created_at', type: N },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return jobs;
}

/** Reference the tables of an existing deployment by name (nothing is created or changed). */
export function importTables(scope: Construct, names: SoswNames, jobs: boolean): SoswTables {
  const byName = (id: string, tableName: string): dynamodb.ITable => dynamodb.Table.fromTableName(scope, id, tableName);
  return {
    tasks: byName('TasksTable', names.tables.tasks),
    closedTasks: byName('ClosedTasksTable', names.tables.closedTasks),
    retryTasks: byName('RetryTasksTable', names.tables.retryTasks),
    meta: byName('MetaTable', names.tables.meta),
    config: byName('ConfigTable', names.tables.config),
    jobs: jobs ? byName('JobsTable', names.tables.jobs) : undefined,
  };
}
