import type { SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';
import type { ConfigSource } from '../../../ports/config-source.js';
import { awsClientFeature, importOptional } from '../../optional-dependency.js';
import { awsErrorName, translateAwsError } from '../shared/aws-errors.js';
import { type ClientOrConfig, LazySdkClient } from '../shared/client-options.js';
import { collectPages, parseConfigDocument } from './parse-document.js';

const loadSsm = () => importOptional(() => import('@aws-sdk/client-ssm'), awsClientFeature('SsmConfigSource', '@aws-sdk/client-ssm'));

export type SsmConfigSourceOptions = ClientOrConfig<SSMClient, SSMClientConfig>;

/**
 * Config documents from SSM Parameter Store: the parameter named like the document holds its
 * JSON text (SecureString parameters are decrypted).
 *
 * @example
 * const source = new SsmConfigSource();
 * const config = await source.get('sosw_orchestrator_config');
 */
export class SsmConfigSource implements ConfigSource {
  readonly #client: LazySdkClient<Awaited<ReturnType<typeof loadSsm>>, SSMClient>;

  public constructor(options: SsmConfigSourceOptions = {}) {
    this.#client = new LazySdkClient(options.client, loadSsm, (sdk) => new sdk.SSMClient(options.clientConfig ?? {}));
  }

  public async get(name: string): Promise<Record<string, unknown> | null> {
    const { sdk, client } = await this.#client.use();
    let value: string | undefined;
    try {
      const response = await client.send(new sdk.GetParameterCommand({ Name: name, WithDecryption: true }));
      value = response.Parameter?.Value;
    } catch (error) {
      if (awsErrorName(error) === 'ParameterNotFound') return null;
      throw translateAwsError(error, 'config.sourceUnavailable', `Could not read SSM parameter ${name}`, { name });
    }
    return value === undefined ? null : parseConfigDocument(value, `SSM parameter ${name}`);
  }

  /**
   * The original's `get_credentials_by_prefix`: parameters tagged `Environment = env` whose name
   * begins with `prefix_`, as `{ name without prefix: value }` (the text `None` becomes null).
   */
  public async credentialsByPrefix(prefix: string, env = 'production'): Promise<Record<string, string | null>> {
    const { sdk, client } = await this.#client.use();
    const fullPrefix = prefix.endsWith('_') ? prefix : `${prefix}_`;
    try {
      const pages = await collectPages((token) =>
        client.send(
          new sdk.DescribeParametersCommand({
            ParameterFilters: [
              { Key: 'tag:Environment', Values: [env] },
              { Key: 'Name', Option: 'BeginsWith', Values: [fullPrefix] },
            ],
            NextToken: token,
          }),
        ),
      );
      const described = pages.flatMap((p) => p.Parameters ?? []);
      const decrypt = described.some((p) => p.Type === 'SecureString');
      const names = described.map((p) => p.Name).filter((n): n is string => n !== undefined);
      const result: Record<string, string | null> = {};
      for (let i = 0; i < names.length; i += 10) {
        const chunk = await client.send(new sdk.GetParametersCommand({ Names: names.slice(i, i + 10), WithDecryption: decrypt }));
        for (const p of chunk.Parameters ?? []) {
          if (p.Name === undefined) continue;
          result[p.Name.slice(fullPrefix.length)] = p.Value === 'None' || p.Value === undefined ? null : p.Value;
        }
      }
      return result;
    } catch (error) {
      throw translateAwsError(error, 'config.sourceUnavailable', `Could not list SSM parameters with prefix ${fullPrefix}`, {
        prefix: fullPrefix,
      });
    }
  }

  public close(): Promise<void> {
    this.#client.close();
    return Promise.resolve();
  }
}
