/**
 * Stand a synthesized `Sosw` stack "up" in moto without CloudFormation: evaluate the intrinsic
 * functions of its template against resources created in moto, write the config rows its custom
 * resources would write, and hand out each essential's environment exactly as deployed.
 */
import { DynamoDBClient, PutItemCommand, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_FUNCTION_NAMES, type EssentialName, Sosw } from '../../../src/cdk.js';
import { inlineCode } from '../../fixtures/cdk/stacks.js';
import { freshSoswTables } from '../aws/dynamo-tables.js';
import { createMotoRole, EMPTY_ZIP, uniqueName } from '../aws/helpers.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** Evaluate Ref / Fn::Join / Fn::GetAtt with the given values (enough for sosw's environment and rows). */
export function evaluate(node: unknown, refs: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(node)) return node.map((n) => evaluate(n, refs));
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if ('Ref' in o || 'Fn::GetAtt' in o) {
    const key = 'Ref' in o ? String(o.Ref) : (o['Fn::GetAtt'] as string[]).join('.');
    const value = refs[key];
    if (value === undefined) throw new Error(`no value for ${key} in this moto deployment`);
    return value;
  }
  if ('Fn::Join' in o) {
    const [separator, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => evaluate(p, refs)).join(separator);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, evaluate(v, refs)]));
}

export interface MotoDeployment {
  readonly labourerId: string;
  /** The environment of each essential, as the template sets it. */
  readonly environments: Readonly<Record<EssentialName, Record<string, string>>>;
  readonly dynamodb: DynamoDBClient;
  drop(): Promise<void>;
}

/** Create the tables, bucket, topic and a labourer in moto; synthesize; write the config rows. */
export async function deployToMoto(endpoint: string): Promise<MotoDeployment> {
  const dynamodb = new DynamoDBClient({});
  const { names, drop } = await freshSoswTables(dynamodb);
  const prefix = names.config.slice(0, -'config'.length);
  const bucket = uniqueName('sosw-queue');
  await new S3Client({ forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: bucket }));
  const topic = await new SNSClient({}).send(new CreateTopicCommand({ Name: uniqueName('sosw-alarms') }));
  const labourerId = `${prefix}fixture_worker`;
  const role = await createMotoRole(endpoint, uniqueName('role'));
  const created = await new LambdaClient({}).send(
    new CreateFunctionCommand({
      FunctionName: labourerId,
      Runtime: 'nodejs22.x',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: EMPTY_ZIP },
      Timeout: 60,
    }),
  );

  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Moto', {
    env: { account: '123456789012', region: 'us-east-1' },
  });
  const sosw = new Sosw(stack, 'Sosw', {
    labourers: { [labourerId]: { arn: created.FunctionArn ?? '', maxSimultaneousInvocations: 2, maxDuration: Duration.minutes(1) } },
    tablePrefix: prefix,
    allowNoAlarmTarget: true,
    code: inlineCode(),
  });
  const resources = Template.fromStack(stack).toJSON().Resources as Resources;
  const logicalId = (ref: string): string => (stack.resolve(ref) as { Ref: string }).Ref;
  const refs: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': 'us-east-1',
    'AWS::AccountId': '123456789012',
    [logicalId(sosw.tables.config.tableName)]: names.config,
    [logicalId(sosw.topic.topicArn)]: topic.TopicArn ?? '',
    [logicalId(sosw.queueBucket.bucketName)]: bucket,
  };
  for (const row of Object.values(resources).filter((r) => r.Type === 'Custom::SoswConfigRow')) {
    const call = JSON.parse(String(evaluate(row.Properties.Create, refs))) as { action: string; parameters: PutItemCommandInput };
    if (call.action !== 'PutItem') throw new Error(`unexpected config row action ${call.action}`);
    await dynamodb.send(new PutItemCommand(call.parameters));
  }
  const environments = {} as Record<EssentialName, Record<string, string>>;
  for (const [essential, name] of Object.entries(DEFAULT_FUNCTION_NAMES) as [EssentialName, string][]) {
    const fn = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === `${prefix}${name}`);
    const variables = (fn?.Properties.Environment as { Variables: unknown } | undefined)?.Variables;
    environments[essential] = evaluate(variables, refs) as Record<string, string>;
  }
  return { labourerId, environments, dynamodb, drop };
}
