import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import type { DynamoTableNames } from '../table-names.js';

/**
 * The five tables of the original's CloudFormation (keys, indexes and projections as there), with
 * on-demand billing: tasks, closed tasks, retry tasks, task meta and config.
 */
export function soswTableDefinitions(t: DynamoTableNames, f: TaskFieldNames): CreateTableCommandInput[] {
  const billing = { BillingMode: 'PAY_PER_REQUEST' } as const;
  return [
    {
      TableName: t.tasks,
      KeySchema: [{ AttributeName: f.taskId, KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: f.taskId, AttributeType: 'S' },
        { AttributeName: f.labourerId, AttributeType: 'S' },
        { AttributeName: f.greenfield, AttributeType: 'N' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: t.tasksGreenfieldIndex,
          KeySchema: [
            { AttributeName: f.labourerId, KeyType: 'HASH' },
            { AttributeName: f.greenfield, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      ...billing,
    },
    {
      TableName: t.closedTasks,
      KeySchema: [{ AttributeName: f.taskId, KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: f.taskId, AttributeType: 'S' },
        { AttributeName: f.labourerIdTaskStatus, AttributeType: 'S' },
        { AttributeName: f.closedAt, AttributeType: 'N' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: t.closedStatusIndex,
          KeySchema: [
            { AttributeName: f.labourerIdTaskStatus, KeyType: 'HASH' },
            { AttributeName: f.closedAt, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [f.completedAt, f.greenfield, f.attempts] },
        },
      ],
      ...billing,
    },
    {
      TableName: t.retryTasks,
      KeySchema: [
        { AttributeName: f.labourerId, KeyType: 'HASH' },
        { AttributeName: f.taskId, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: f.labourerId, AttributeType: 'S' },
        { AttributeName: f.taskId, AttributeType: 'S' },
        { AttributeName: f.desiredLaunchTime, AttributeType: 'N' },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: t.retryLaunchIndex,
          KeySchema: [
            { AttributeName: f.labourerId, KeyType: 'HASH' },
            { AttributeName: f.desiredLaunchTime, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      ...billing,
    },
    {
      TableName: t.meta,
      KeySchema: [
        { AttributeName: 'task_id', KeyType: 'HASH' },
        { AttributeName: 'created_at', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'task_id', AttributeType: 'S' },
        { AttributeName: 'created_at', AttributeType: 'N' },
      ],
      ...billing,
    },
    {
      TableName: t.config,
      KeySchema: [
        { AttributeName: 'env', KeyType: 'HASH' },
        { AttributeName: 'config_name', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'env', AttributeType: 'S' },
        { AttributeName: 'config_name', AttributeType: 'S' },
      ],
      ...billing,
    },
  ];
}

/**
 * The job records table (sosw's own, not the original's): key job_id; `sosw_jobs_by_created`
 * lists every job newest first (partition `job_list` = `all`); the sparse `sosw_jobs_open` holds
 * only jobs not yet terminal (`job_open` is removed by the terminal transition), so the keeper
 * finds waiting and settled jobs with a Query, never a Scan.
 */
export function jobsTableDefinition(t: DynamoTableNames): CreateTableCommandInput {
  const byCreated = (indexName: string, hash: string) => ({
    IndexName: indexName,
    KeySchema: [
      { AttributeName: hash, KeyType: 'HASH' as const },
      { AttributeName: 'created_at', KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: t.jobs,
    KeySchema: [{ AttributeName: 'job_id', KeyType: 'HASH' }],
    AttributeDefinitions: [
      { AttributeName: 'job_id', AttributeType: 'S' },
      { AttributeName: 'job_list', AttributeType: 'S' },
      { AttributeName: 'created_at', AttributeType: 'N' },
      { AttributeName: 'job_open', AttributeType: 'S' },
    ],
    GlobalSecondaryIndexes: [byCreated(t.jobsCreatedIndex, 'job_list'), byCreated(t.jobsOpenIndex, 'job_open')],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
