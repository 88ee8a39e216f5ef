import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AddTagsToResourceCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoConfigSource } from '../../../src/adapters/aws/config/dynamo-config-source.js';
import { SecretsManagerConfigSource } from '../../../src/adapters/aws/config/secrets-manager-config-source.js';
import { SsmConfigSource } from '../../../src/adapters/aws/config/ssm-config-source.js';
import { SoswError } from '../../../src/core/errors.js';
import { awsTierOff, uniqueName } from './helpers.js';

describe.skipIf(awsTierOff())('config sources (moto)', () => {
  const dynamo = new DynamoDBClient({});
  const ssm = new SSMClient({});
  const secrets = new SecretsManagerClient({});
  afterAll(() => {
    dynamo.destroy();
    ssm.destroy();
    secrets.destroy();
  });

  it('DynamoConfigSource reads config_value JSON text of env production from the config table', async () => {
    const table = uniqueName('config');
    await dynamo.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [
          { AttributeName: 'env', KeyType: 'HASH' },
          { AttributeName: 'config_name', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'env', AttributeType: 'S' },
          { AttributeName: 'config_name', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const put = (env: string, name: string, value: string) =>
      dynamo.send(
        new PutItemCommand({ TableName: table, Item: { env: { S: env }, config_name: { S: name }, config_value: { S: value } } }),
      );
    await put(
      'production',
      'sosw_essential_config',
      '{"task_config": {"labourers": {"sosw_sandbox": {"max_simultaneous_invocations": 5}}}}',
    );
    await put('dev', 'sosw_essential_config', '{"dev": true}');
    await put('production', 'broken_config', 'not json');
    const source = new DynamoConfigSource({ tableName: table });

    expect(await source.get('sosw_essential_config')).toEqual({
      task_config: { labourers: { sosw_sandbox: { max_simultaneous_invocations: 5 } } },
    });
    expect(await new DynamoConfigSource({ client: dynamo, tableName: table, env: 'dev' }).get('sosw_essential_config')).toEqual({
      dev: true,
    });
    expect(await source.get('missing_config')).toBeNull();
    await expect(source.get('broken_config')).rejects.toMatchObject({ code: 'config.invalid' });
    const missingTable = await new DynamoConfigSource({ client: dynamo, tableName: uniqueName('none') }).get('x').catch((e: unknown) => e);
    expect(SoswError.is(missingTable, 'config.sourceUnavailable')).toBe(true);
  });

  it('SsmConfigSource reads a JSON parameter and lists credentials by prefix and Environment tag', async () => {
    const name = uniqueName('sosw_orchestrator_config');
    await ssm.send(new PutParameterCommand({ Name: name, Type: 'SecureString', Value: '{"labourers": {}}' }));
    const prefix = uniqueName('project_a_db').replaceAll('-', '_');
    for (const [key, value] of [
      ['username', 'john'],
      ['port', '27019'],
      ['password', 'None'],
    ] as const) {
      await ssm.send(new PutParameterCommand({ Name: `${prefix}_${key}`, Type: 'String', Value: value }));
      await ssm.send(
        new AddTagsToResourceCommand({
          ResourceType: 'Parameter',
          ResourceId: `${prefix}_${key}`,
          Tags: [{ Key: 'Environment', Value: 'production' }],
        }),
      );
    }
    const source = new SsmConfigSource();

    expect(await source.get(name)).toEqual({ labourers: {} });
    expect(await source.get(uniqueName('missing'))).toBeNull();
    expect(await source.credentialsByPrefix(prefix)).toEqual({ username: 'john', port: '27019', password: null });
  });

  it('SecretsManagerConfigSource reads a secret document and selects secrets by name or tag', async () => {
    const name = uniqueName('sosw_worker_config');
    await secrets.send(
      new CreateSecretCommand({ Name: name, SecretString: '{"api_key": "k"}', Tags: [{ Key: 'project', Value: `${name}-tag` }] }),
    );
    const source = new SecretsManagerConfigSource();

    expect(await source.get(name)).toEqual({ api_key: 'k' });
    expect(await source.get(uniqueName('missing'))).toBeNull();
    expect(await source.credentials({ type: 'name', value: name })).toEqual({ [name]: '{"api_key": "k"}' });
    expect(await source.credentials({ type: 'tag', value: `${name}-tag` })).toEqual({ [name]: '{"api_key": "k"}' });
    expect(await source.credentials({ type: 'tag', value: uniqueName('nothing') })).toEqual({});
    await expect(source.credentials({ type: 'arn' as 'name', value: 'x' })).rejects.toMatchObject({ code: 'config.invalid' });
  });
});
