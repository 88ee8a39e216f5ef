/**
 * Write config documents into the config table on deploy (a PutItem custom resource). The
 * custom resource may only PutItem into the config table, and only rows of the essentials' env.
 */
import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';

export interface ConfigRow {
  /** `config_name`, e.g. `sosw_essential_config`. */
  readonly name: string;
  /** JSON document (may contain CloudFormation tokens, e.g. function ARNs). */
  readonly value: Readonly<Record<string, unknown>>;
}

/** One custom resource per row; re-runs PutItem whenever the document changes. */
export function writeConfigRows(scope: Construct, table: dynamodb.ITable, env: string, rows: readonly ConfigRow[]): cr.AwsCustomResource[] {
  const stack = Stack.of(scope);
  const policy = cr.AwsCustomResourcePolicy.fromStatements([
    new iam.PolicyStatement({
      sid: 'WriteSoswConfigRows',
      actions: ['dynamodb:PutItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [env] } },
    }),
  ]);
  return rows.map(
    (row, i) =>
      new cr.AwsCustomResource(scope, `ConfigRow${i}`, {
        resourceType: 'Custom::SoswConfigRow',
        installLatestAwsSdk: false,
        policy,
        onUpdate: {
          service: 'DynamoDB',
          action: 'PutItem',
          parameters: {
            TableName: table.tableName,
            Item: {
              env: { S: env },
              config_name: { S: row.name },
              config_value: { S: stack.toJsonString(row.value) },
            },
          },
          physicalResourceId: cr.PhysicalResourceId.of(`${env}/${row.name}`),
        },
      }),
  );
}
