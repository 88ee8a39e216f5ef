/**
 * `sosw/aws`: the AWS adapters of sosw, on the original's DynamoDB tables, Lambda, CloudWatch,
 * SNS, S3, SSM and Secrets Manager. Each adapter takes either an SDK client (`client`) or a client
 * config (`clientConfig`, the client is then created on first use); the SDK reads the standard AWS
 * environment (AWS_REGION, credentials, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>).
 *
 * @example
 * import { DynamoMetaLog, DynamoTaskStore, LambdaInvoker } from 'sosw/aws';
 * const store = new DynamoTaskStore();            // sosw_tasks, sosw_closed_tasks, sosw_retry_tasks
 * const metaLog = new DynamoMetaLog();            // sosw_tasks_meta
 * const invoker = new LambdaInvoker();
 */

export { CloudWatchMetricSource, type CloudWatchMetricSourceOptions } from './adapters/aws/cloudwatch/cloudwatch-metric-source.js';
export {
  aggregateDatapoints,
  buildMetricRequest,
  DEFAULT_METRIC_VALUES,
  type MetricRequest,
  SUPPORTED_STATISTICS,
  type SupportedStatistic,
} from './adapters/aws/cloudwatch/metric-request.js';
export { DynamoConfigSource, type DynamoConfigSourceOptions } from './adapters/aws/config/dynamo-config-source.js';
export {
  type SecretSelector,
  SecretsManagerConfigSource,
  type SecretsManagerConfigSourceOptions,
} from './adapters/aws/config/secrets-manager-config-source.js';
export { SsmConfigSource, type SsmConfigSourceOptions } from './adapters/aws/config/ssm-config-source.js';
export { type CreateSoswTablesOptions, createSoswTables, deleteSoswTables } from './adapters/aws/dynamodb/create-sosw-tables.js';
export { DynamoControlStore, type DynamoControlStoreOptions } from './adapters/aws/dynamodb/dynamo-control-store.js';
export { DynamoHistoryStore, type DynamoHistoryStoreOptions, HISTORY_KEY_PREFIX } from './adapters/aws/dynamodb/dynamo-history-store.js';
export { DynamoJobStore, type DynamoJobStoreOptions } from './adapters/aws/dynamodb/dynamo-job-store.js';
export { DynamoMetaLog, type DynamoMetaLogOptions } from './adapters/aws/dynamodb/dynamo-meta-log.js';
export { DynamoTaskStore, type DynamoTaskStoreOptions } from './adapters/aws/dynamodb/dynamo-task-store.js';
export { soswTableDefinitions } from './adapters/aws/dynamodb/operations/create-tables.js';
export { DEFAULT_DYNAMO_TABLE_NAMES, type DynamoTableNames, resolveDynamoTableNames } from './adapters/aws/dynamodb/table-names.js';
export { type DynamoTtl, expiresAt } from './adapters/aws/dynamodb/ttl.js';
export { EMF_MAX_VALUES, EmfMetrics, type EmfMetricsOptions } from './adapters/aws/emf-metrics.js';
export { LambdaInvoker, type LambdaInvokerOptions } from './adapters/aws/lambda/lambda-invoker.js';
export { S3BlobStore, type S3BlobStoreOptions } from './adapters/aws/s3/s3-blob-store.js';
export type { BackoffOptions } from './adapters/aws/shared/backoff.js';
export type { ClientOrConfig } from './adapters/aws/shared/client-options.js';
export { countRequests, type RequestCounter } from './adapters/aws/shared/request-counter.js';
export { packMessages, SNS_MAX_MESSAGE_BYTES, SNS_SEPARATOR } from './adapters/aws/sns/pack-messages.js';
export { SnsNotifier, type SnsNotifierOptions } from './adapters/aws/sns/sns-notifier.js';

/** The AWS composition root: every essential wired to DynamoDB, Lambda, S3, SNS and CloudWatch, built once per container. */
export { type AwsClients, type AwsEssentials, type AwsEssentialsOptions, createAwsEssentials } from './aws-composition.js';
