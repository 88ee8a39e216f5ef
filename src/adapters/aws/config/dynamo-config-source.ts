import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DEPLOY_ENV } from '../../../core/config/deploy-env.js';
import { SoswError } from '../../../core/errors.js';
import type { ConfigSource } from '../../../ports/config-source.js';
import { awsErrorName, translateAwsError } from '../shared/aws-errors.js';
import { type ClientOrConfig, LazyClient } from '../shared/client-options.js';
import { parseConfigDocument } from './parse-document.js';

export type DynamoConfigSourceOptions = ClientOrConfig<DynamoDBClient, DynamoDBClientConfig> & {
  /**
   * The config table (hash `env`, range `config_name`, value `config_value` as JSON text).
   * @defaultValue `'config'`
   */
  readonly tableName?: string;
  /**
   * The `env` partition read.
   * @defaultValue `'production'` (as the original, also outside production)
   */
  readonly env?: string;
};

/**
 * Config documents from the original's DynamoDB `config` table.
 *
 * @example
 * const source = new DynamoConfigSource({ tableName: 'config' });
 * const essential = await source.get('sosw_essential_config');
 */
export class DynamoConfigSource implements ConfigSource {
  readonly #client: LazyClient<DynamoDBClient>;
  readonly #tableName: string;
  readonly #env: string;

  public constructor(options: DynamoConfigSourceOptions = {}) {
    this.#client = new LazyClient(options.client, () => new DynamoDBClient(options.clientConfig ?? {}));
    this.#tableName = options.tableName ?? 'config';
    this.#env = options.env ?? 'production';
  }

  public async get(name: string): Promise<Record<string, unknown> | null> {
    let item: Record<string, unknown> | undefined;
    try {
      const documents = DynamoDBDocumentClient.from(this.#client.get());
      const response = await documents.send(
        new GetCommand({ TableName: this.#tableName, Key: { env: this.#env, config_name: name }, ConsistentRead: true }),
      );
      item = response.Item;
    } catch (error) {
      const details = { table: this.#tableName, name, env: this.#env, variable: DEPLOY_ENV.configTable };
      if (awsErrorName(error) === 'ResourceNotFoundException') {
        throw new SoswError(
          'config.sourceUnavailable',
          `DynamoDB config table ${this.#tableName} does not exist (reading config row ${name}, env ${this.#env}). Create it (createSoswTables() or the Sosw stack create it), or name your config table: ${DEPLOY_ENV.configTable} for the CLI and the Lambda functions, the tableName option of DynamoConfigSource in code.`,
          { details: { ...details, awsError: 'ResourceNotFoundException' }, cause: error },
        );
      }
      throw translateAwsError(
        error,
        'config.sourceUnavailable',
        `Could not read config row ${name} (env ${this.#env}) from DynamoDB table ${this.#tableName} (check ${DEPLOY_ENV.configTable}, the region, and dynamodb:GetItem on the table for this role)`,
        details,
      );
    }
    if (item === undefined || item.config_value === undefined) return null;
    const where = `config_value of ${this.#tableName} {env: ${this.#env}, config_name: ${name}}`;
    const value = item.config_value;
    if (typeof value === 'string') return parseConfigDocument(value, where);
    return parseConfigDocument(JSON.stringify(value), where);
  }

  public close(): Promise<void> {
    this.#client.close();
    return Promise.resolve();
  }
}
