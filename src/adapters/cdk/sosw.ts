/**
 * `Sosw`: the whole system in one construct. Tables, the four essentials, their schedules, the
 * alarm topic and alarms, least-privilege roles, and the labourers written into the config table.
 */
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_TTL_ATTRIBUTE,
  DEPLOY_CONFIG_ROWS,
  DEPLOY_ENV,
  ESSENTIALS,
  type EssentialName,
} from '../../core/config/deploy-env.js';
import { createAlarmTopic, createDeadTaskAlarms, createErrorAlarms } from './alarms.js';
import { type ConfigRow, writeConfigRows } from './config-rows.js';
import { buildConfigRows, configVersion, essentialEnvironment, ownConfigRowName } from './deployment-config.js';
import { createEssentialFunction } from './essential-function.js';
import { labourerArn, withLabourerArns } from './labourer-document.js';
import { type SoswNames, soswNames } from './names.js';
import { DEFAULT_ESSENTIAL_SIZES, type SoswProps } from './props.js';
import { everyMinute } from './schedules.js';
import { createTables, importTables, type SoswTables } from './tables.js';
import { assertSafeProps, assertValidConfigRows } from './validate.js';

/**
 * Stand sosw up in an AWS account.
 *
 * @example
 * const sosw = new Sosw(stack, 'Sosw', {
 *   labourers: { resize_images: { function: resizer, maxSimultaneousInvocations: 10 } },
 *   alarmEmails: ['ops@example.com'],
 * });
 * sosw.grantWorker(otherWorker);
 */
export class Sosw extends Construct {
  public readonly names: SoswNames;
  public readonly tables: SoswTables;
  public readonly functions: Readonly<Record<EssentialName, lambda.Function>>;
  public readonly topic: sns.Topic;
  public readonly queueBucket: s3.IBucket;
  public readonly rules: { readonly orchestrator: events.Rule; readonly scavenger: events.Rule };
  public readonly alarms: readonly cloudwatch.Alarm[];
  /** The config documents written to the config table (tokens unresolved). */
  public readonly configRows: readonly ConfigRow[];

  public constructor(scope: Construct, id: string, props: SoswProps) {
    super(scope, id);
    const tablePrefix = props.tablePrefix ?? '';
    const functionPrefix = props.functionPrefix ?? tablePrefix;
    this.names = soswNames(tablePrefix, functionPrefix);
    assertSafeProps(props, this.names);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retention = props.retention ?? {};
    const ttlAttribute = retention.attribute ?? DEFAULT_TTL_ATTRIBUTE;
    const jobs = props.jobs ?? props.useExistingTables !== true;
    this.tables =
      props.useExistingTables === true
        ? importTables(this, this.names, jobs)
        : createTables(this, this.names, {
            removalPolicy,
            closedTasksTtlAttribute: retention.closedTasks === undefined ? undefined : ttlAttribute,
            metaTtlAttribute: retention.meta === undefined ? undefined : ttlAttribute,
            jobs,
          });
    this.queueBucket =
      props.queueBucket ??
      new s3.Bucket(this, 'QueueBucket', {
        encryption: s3.BucketEncryption.S3_MANAGED,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        removalPolicy,
      });
    this.topic = createAlarmTopic(this, {
      topicName: this.names.topic,
      emails: props.alarmEmails ?? [],
      subscriptions: props.alarmSubscriptions ?? [],
    });
    const labourerProps = withLabourerArns(this, props.labourers);
    this.configRows = buildConfigRows({ ...props, labourers: labourerProps }, this.names);
    // Rows the essentials would refuse fail the synthesis, not every invocation after the deploy.
    if (props.writeConfig ?? true) assertValidConfigRows(this.configRows, (essential) => ownConfigRowName(essential, props, this.names));
    const labourers = Object.values(labourerProps);
    const permissions = {
      tables: this.tables,
      names: this.names,
      configEnv: DEPLOY_CONFIG_ROWS.env,
      labourerArns: labourers.map(labourerArn),
      healthMetrics: labourers.some((l) => Object.keys(l.healthMetrics ?? {}).length > 0),
      topicArn: this.topic.topicArn,
      queueBucket: this.queueBucket,
      queuePrefix: DEFAULT_QUEUE_PREFIX,
      // The Scavenger's job keeper schedules follow-up jobs inline; a long one continues in the Scheduler.
      schedulerArn: Stack.of(this).formatArn({
        service: 'lambda',
        resource: 'function',
        resourceName: this.names.functions.scheduler,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    };
    const version = configVersion(this, this.configRows);
    const functions = {} as Record<EssentialName, lambda.Function>;
    for (const essential of ESSENTIALS) {
      const e = props.essentials?.[essential] ?? {};
      const defaults = DEFAULT_ESSENTIAL_SIZES[essential];
      const ticking = essential === 'orchestrator' || essential === 'scavenger';
      const created = createEssentialFunction(this, {
        essential,
        functionName: this.names.functions[essential],
        memorySize: e.memorySize ?? defaults.memorySize,
        timeout: e.timeout ?? Duration.seconds(defaults.timeoutSeconds),
        code: e.code ?? props.code,
        architecture: props.architecture ?? lambda.Architecture.ARM_64,
        logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy,
        permissions,
        environment: essentialEnvironment(essential, {
          names: this.names,
          configVersion: version,
          topicArn: this.topic.topicArn,
          queueBucketName: this.queueBucket.bucketName,
          tickSeconds: ticking ? (e.tick?.toSeconds() ?? 60) : undefined,
          ttlAttribute,
          closedTasksTtl: retention.closedTasks,
          metaTtl: retention.meta,
          jobsTable: this.tables.jobs === undefined ? undefined : this.names.tables.jobs,
          functionConfigName: ownConfigRowName(essential, props, this.names),
        }),
      });
      this.queueBucket.encryptionKey?.grantEncryptDecrypt(created.role);
      functions[essential] = created.fn;
    }
    this.functions = functions;
    const enabled = props.schedulesEnabled ?? true;
    this.rules = {
      orchestrator: everyMinute(this, 'OrchestratorSchedule', functions.orchestrator, { ruleName: this.names.rules.orchestrator, enabled }),
      scavenger: everyMinute(this, 'ScavengerSchedule', functions.scavenger, { ruleName: this.names.rules.scavenger, enabled }),
    };
    if (props.writeConfig ?? true) {
      const writers = writeConfigRows(this, this.tables.config, DEPLOY_CONFIG_ROWS.env, this.configRows);
      // The essentials start ticking only once their labourers are registered.
      for (const rule of Object.values(this.rules)) for (const writer of writers) rule.node.addDependency(writer);
    }
    this.alarms = [
      ...createErrorAlarms(this, this.topic, functions, this.names.functions),
      ...createDeadTaskAlarms(this, this.topic, Object.keys(props.labourers), functionPrefix),
    ];
    for (const l of labourers) if (l.function instanceof lambda.Function) this.grantWorker(l.function);
    this.addOutputs();
  }

  /**
   * Let a worker report completion: `lambda:InvokeFunction` on the WorkerAssistant (that function
   * only), and `SOSW_WORKER_ASSISTANT_FUNCTION` in its environment when it is a CDK `Function`.
   * Labourers given as CDK functions get this automatically.
   */
  public grantWorker(worker: lambda.IFunction): iam.Grant {
    const assistant = this.functions.worker_assistant;
    if (worker instanceof lambda.Function) worker.addEnvironment(DEPLOY_ENV.workerAssistantFunction, assistant.functionName);
    return iam.Grant.addToPrincipal({ grantee: worker, actions: ['lambda:InvokeFunction'], resourceArns: [assistant.functionArn] });
  }

  private addOutputs(): void {
    // Output keys without CDK's path hash (`SoswSchedulerFunctionName`, not `SoswSchedulerFunctionName8648E33E`),
    // so scripts can read them by a name the docs can give: the construct's id, then the output.
    const out = (id: string, value: string, description: string): CfnOutput => {
      const output = new CfnOutput(this, id, { value, description });
      output.overrideLogicalId(`${this.node.id.replace(/[^A-Za-z0-9]/g, '')}${id}`);
      return output;
    };
    out('SchedulerFunctionName', this.functions.scheduler.functionName, 'Invoke with {"job": {...}} to queue a job');
    out('WorkerAssistantFunctionName', this.functions.worker_assistant.functionName, 'Workers report completion to this function');
    out('AlarmTopicArn', this.topic.topicArn, 'Dead-task notices and essential-error alarms');
    out('ConfigTableName', this.tables.config.tableName, 'Config rows (env production)');
    out('QueueBucketName', this.queueBucket.bucketName, 'Scheduler queue files');
    if (this.tables.jobs !== undefined) out('JobsTableName', this.tables.jobs.tableName, 'Job records (sosw jobs --backend aws)');
  }
}
