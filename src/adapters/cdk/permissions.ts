/**
 * Least-privilege IAM statements of each essential: named actions only, on named tables and
 * indexes only (no `*` in actions, no `index/*`). The one resource wildcard is
 * `cloudwatch:GetMetricStatistics`, which AWS does not scope by resource; it is granted only to the
 * Orchestrator and only when some labourer has health metrics. docs/deploy.md lists the matrix.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { EssentialName } from '../../core/config/deploy-env.js';
import type { SoswNames } from './names.js';
import type { SoswTables } from './tables.js';

export interface PermissionInputs {
  readonly tables: SoswTables;
  readonly names: SoswNames;
  /** `env` key of the config rows the essentials may read. */
  readonly configEnv: string;
  readonly labourerArns: readonly string[];
  readonly healthMetrics: boolean;
  readonly topicArn: string;
  readonly queueBucket: s3.IBucket;
  readonly queuePrefix: string;
  /** ARN of the function itself (built from its name, so the role does not depend on the function). */
  readonly selfArn: string;
  readonly logGroupArn: string;
  /** ARN of the Scheduler function (the Scavenger's job keeper continues long follow-up jobs there). */
  readonly schedulerArn: string;
}

const statement = (sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>): iam.PolicyStatement =>
  new iam.PolicyStatement({ sid, actions, resources, ...(conditions === undefined ? {} : { conditions }) });

const index = (tableArn: string, name: string): string => `${tableArn}/index/${name}`;

function common(p: PermissionInputs): iam.PolicyStatement[] {
  return [
    statement('WriteLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [p.logGroupArn]),
    statement('ReadConfig', ['dynamodb:GetItem', 'dynamodb:Query'], [p.tables.config.tableArn], {
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [p.configEnv] },
    }),
    // Audit rows go in BatchWriteItem requests; a report's row is a Put inside its transaction (PutItem).
    statement('WriteAuditTrail', ['dynamodb:BatchWriteItem', 'dynamodb:PutItem'], [p.tables.meta.tableArn]),
  ];
}

function scheduler(p: PermissionInputs): iam.PolicyStatement[] {
  const { tasks, closedTasks, retryTasks } = p.tables;
  return [
    // BatchWriteItem for fresh ids; a transaction of conditional Puts for caller-chosen ids...
    statement('QueueTasks', ['dynamodb:BatchWriteItem', 'dynamodb:PutItem'], [tasks.tableArn]),
    // ...with ConditionChecks that the id is in neither the closed nor the retry table.
    statement('CheckTaskIds', ['dynamodb:ConditionCheckItem'], [closedTasks.tableArn, retryTasks.tableArn]),
    statement('ReadQueuePositions', ['dynamodb:Query'], [index(tasks.tableArn, p.names.indexes.tasksGreenfield)]),
    statement('QueueFiles', ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], [p.queueBucket.arnForObjects(`${p.queuePrefix}/*`)]),
    // ListObjectsV2 of the queue prefix; without ListBucket a missing file reads as 403, not 404.
    statement('ListQueueFiles', ['s3:ListBucket'], [p.queueBucket.bucketArn]),
    statement('InvokeSibling', ['lambda:InvokeFunction'], [p.selfArn]),
    ...schedulerJobStatements(p),
  ];
}

/**
 * With a jobs table, each write that closes a task adds to its job's counters in the same
 * transaction (UpdateItem on the jobs table, checked per item like every transaction action).
 */
function jobCounters(p: PermissionInputs): iam.PolicyStatement[] {
  return p.tables.jobs === undefined ? [] : [statement('CountJobTasks', ['dynamodb:UpdateItem'], [p.tables.jobs.tableArn])];
}

/** Create job records (conditional Put: the idempotency key), read and move their state. */
function jobRecords(p: PermissionInputs): iam.PolicyStatement[] {
  const jobs = p.tables.jobs;
  if (jobs === undefined) return [];
  return [
    statement('JobRecords', ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [jobs.tableArn]),
  ];
}

/**
 * Cancel a job's queued and retrying tasks (a job cancelled while it is being queued): find them in
 * the labourer's queue and retry partitions, then per task Put closed + Delete from where it was.
 */
function cancelJobTasks(p: PermissionInputs): iam.PolicyStatement[] {
  const { tasks, closedTasks, retryTasks } = p.tables;
  if (p.tables.jobs === undefined) return [];
  return [
    statement('CancelJobTasksRead', ['dynamodb:Query'], [retryTasks.tableArn]),
    statement('CancelJobTasksMove', ['dynamodb:DeleteItem'], [tasks.tableArn, retryTasks.tableArn]),
    statement('CancelJobTasksClose', ['dynamodb:PutItem'], [closedTasks.tableArn]),
  ];
}

function schedulerJobStatements(p: PermissionInputs): iam.PolicyStatement[] {
  return [...jobRecords(p), ...cancelJobTasks(p)];
}

/**
 * The Scavenger's job keeper: lists open and ended jobs (both indexes of the jobs table), ends
 * settled ones, and runs their on_complete actions: follow-up jobs scheduled inline (as the
 * Scheduler does: queue tasks, queue files, continue in the Scheduler function), `invoke` of a
 * labourer, `notify` on the topic (NotifyDeadTasks).
 */
function scavengerJobStatements(p: PermissionInputs): iam.PolicyStatement[] {
  const { jobs, tasks, closedTasks, retryTasks } = p.tables;
  if (jobs === undefined) return [];
  const out = [
    ...jobRecords(p),
    statement(
      'ListJobs',
      ['dynamodb:Query'],
      [index(jobs.tableArn, p.names.indexes.jobsCreated), index(jobs.tableArn, p.names.indexes.jobsOpen)],
    ),
    ...cancelJobTasks(p),
    // Archives with job counters read the tasks they close in one BatchGetItem (when not cached).
    statement('ReadTasksToClose', ['dynamodb:BatchGetItem'], [tasks.tableArn]),
    statement('ScheduleFollowUpJobs', ['dynamodb:BatchWriteItem'], [tasks.tableArn]),
    statement('CheckFollowUpTaskIds', ['dynamodb:ConditionCheckItem'], [closedTasks.tableArn, retryTasks.tableArn]),
    statement(
      'FollowUpQueueFiles',
      ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      [p.queueBucket.arnForObjects(`${p.queuePrefix}/*`)],
    ),
    statement('ListFollowUpQueueFiles', ['s3:ListBucket'], [p.queueBucket.bucketArn]),
    statement('ContinueFollowUpJobs', ['lambda:InvokeFunction'], [p.schedulerArn]),
  ];
  if (p.labourerArns.length > 0) out.push(statement('InvokeOnComplete', ['lambda:InvokeFunction'], [...p.labourerArns]));
  return out;
}

function orchestrator(p: PermissionInputs): iam.PolicyStatement[] {
  const { tasks, closedTasks } = p.tables;
  const out = [
    // Claim (conditional UpdateItem), report a failed invocation, archive an unusable task (Get + Delete).
    statement('ClaimTasks', ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], [tasks.tableArn]),
    statement('QueryTasks', ['dynamodb:Query'], [index(tasks.tableArn, p.names.indexes.tasksGreenfield)]),
    // An unusable task's closed copy; GetItem when an interrupted archive of it is resumed.
    statement('ArchiveTasks', ['dynamodb:GetItem', 'dynamodb:PutItem'], [closedTasks.tableArn]),
    // Average durations: the newest closed tasks by status, completed with one BatchGetItem.
    statement('ReadClosedTasks', ['dynamodb:BatchGetItem'], [closedTasks.tableArn]),
    statement('QueryClosedTasks', ['dynamodb:Query'], [index(closedTasks.tableArn, p.names.indexes.closedTasksStatus)]),
    // Operator controls (items `control#<labourer>` in the tasks table), read once per tick with one BatchGetItem.
    statement('ReadControls', ['dynamodb:BatchGetItem'], [tasks.tableArn]),
    ...jobCounters(p),
  ];
  if (p.labourerArns.length > 0) {
    out.push(statement('InvokeLabourers', ['lambda:GetFunctionConfiguration', 'lambda:InvokeFunction'], [...p.labourerArns]));
  }
  if (p.healthMetrics) out.push(statement('ReadHealthMetrics', ['cloudwatch:GetMetricStatistics'], ['*']));
  return out;
}

function scavenger(p: PermissionInputs): iam.PolicyStatement[] {
  const { tasks, closedTasks, retryTasks } = p.tables;
  const out = [
    // Archive (closed copy, audit rows, conditional Delete) and move-to-retry (one transaction): read the live task first.
    statement('MoveTasks', ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], [tasks.tableArn]),
    statement('QueryTasks', ['dynamodb:Query'], [index(tasks.tableArn, p.names.indexes.tasksGreenfield)]),
    // GetItem when a closed copy is already there (an interrupted archive being resumed).
    statement('ArchiveTasks', ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], [closedTasks.tableArn]),
    // A resumed archive reads the task's audit rows to write its `archived` row only if it is missing.
    statement('ResumeArchives', ['dynamodb:Query'], [p.tables.meta.tableArn]),
    statement('QueryClosedTasks', ['dynamodb:Query'], [index(closedTasks.tableArn, p.names.indexes.closedTasksStatus)]),
    statement('RetryTasks', ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'], [retryTasks.tableArn]),
    statement('QueryDueRetries', ['dynamodb:Query'], [index(retryTasks.tableArn, p.names.indexes.retryTasksLaunchTime)]),
    statement('NotifyDeadTasks', ['sns:Publish'], [p.topicArn]),
    ...scavengerJobStatements(p),
  ];
  if (p.labourerArns.length > 0) out.push(statement('ReadLabourers', ['lambda:GetFunctionConfiguration'], [...p.labourerArns]));
  return out;
}

function workerAssistant(p: PermissionInputs): iam.PolicyStatement[] {
  // A report is one TransactWriteItems: the conditional Update of the task (UpdateItem here) and the
  // conditional Put of its audit row (PutItem on the meta table: WriteAuditTrail). IAM checks each
  // item's underlying action; there is no TransactWriteItems action. On a rejected report whose
  // cancellation carried no old item, one GetItem says why.
  return [statement('ReportTasks', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [p.tables.tasks.tableArn])];
}

const BY_ESSENTIAL = Object.freeze({
  scheduler,
  orchestrator,
  scavenger,
  worker_assistant: workerAssistant,
} as const satisfies Record<EssentialName, (p: PermissionInputs) => iam.PolicyStatement[]>);

/** Every statement the essential's role gets, in a stable order. */
export function essentialStatements(name: EssentialName, inputs: PermissionInputs): iam.PolicyStatement[] {
  return [...common(inputs), ...BY_ESSENTIAL[name](inputs)];
}
