import type { SecretsManagerClient, SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { describeValue, SoswError } from '../../../core/errors.js';
import type { ConfigSource } from '../../../ports/config-source.js';
import { awsClientFeature, importOptional } from '../../optional-dependency.js';
import { awsErrorName, translateAwsError } from '../shared/aws-errors.js';
import { type ClientOrConfig, LazySdkClient } from '../shared/client-options.js';
import { collectPages, parseConfigDocument } from './parse-document.js';

const loadSecretsManager = () =>
  importOptional(
    () => import('@aws-sdk/client-secrets-manager'),
    awsClientFeature('SecretsManagerConfigSource', '@aws-sdk/client-secrets-manager'),
  );

export type SecretsManagerConfigSourceOptions = ClientOrConfig<SecretsManagerClient, SecretsManagerClientConfig>;

/** How `credentials` selects secrets (the original's `get_secrets_credentials(type, value)`). */
export type SecretSelector = { readonly type: 'name' | 'tag'; readonly value: string };

/**
 * Secrets Manager as a config source: `get(name)` reads the secret `name` as a JSON document;
 * `credentials({type, value})` keeps the original's selection by name or tag value.
 *
 * @example
 * const secrets = new SecretsManagerConfigSource();
 * const db = await secrets.credentials({ type: 'tag', value: 'reporting_db' });
 */
export class SecretsManagerConfigSource implements ConfigSource {
  readonly #client: LazySdkClient<Awaited<ReturnType<typeof loadSecretsManager>>, SecretsManagerClient>;

  public constructor(options: SecretsManagerConfigSourceOptions = {}) {
    this.#client = new LazySdkClient(options.client, loadSecretsManager, (sdk) => new sdk.SecretsManagerClient(options.clientConfig ?? {}));
  }

  public async get(name: string): Promise<Record<string, unknown> | null> {
    const { sdk, client } = await this.#client.use();
    let text: string | undefined;
    try {
      text = (await client.send(new sdk.GetSecretValueCommand({ SecretId: name }))).SecretString;
    } catch (error) {
      if (awsErrorName(error) === 'ResourceNotFoundException') return null;
      throw translateAwsError(error, 'config.sourceUnavailable', `Could not read secret ${name}`, { name });
    }
    return text === undefined ? null : parseConfigDocument(text, `secret ${name}`);
  }

  /**
   * Secrets whose name (ListSecrets filter `name`) or a tag value (filter `tag-value`) matches
   * `value`, as `{ secret name: SecretString }`; `{}` when none match.
   */
  public async credentials(selector: SecretSelector): Promise<Record<string, string>> {
    if ((selector.type !== 'name' && selector.type !== 'tag') || typeof selector.value !== 'string' || selector.value === '') {
      throw new SoswError(
        'config.invalid',
        `Secret selector is {type: ${describeValue(selector.type)}, value: ${describeValue(selector.value)}}: type must be "name" or "tag" and value non-empty.`,
        { details: { field: 'selector', value: selector } },
      );
    }
    const filterKey = selector.type === 'name' ? 'name' : 'tag-value';
    const { sdk, client } = await this.#client.use();
    try {
      const pages = await collectPages((token) =>
        client.send(new sdk.ListSecretsCommand({ Filters: [{ Key: filterKey, Values: [selector.value] }], NextToken: token })),
      );
      const result: Record<string, string> = {};
      for (const secret of pages.flatMap((p) => p.SecretList ?? [])) {
        if (secret.ARN === undefined || secret.Name === undefined) continue;
        const value = await client.send(new sdk.GetSecretValueCommand({ SecretId: secret.ARN }));
        if (value.SecretString !== undefined) result[secret.Name] = value.SecretString;
      }
      return result;
    } catch (error) {
      throw translateAwsError(error, 'config.sourceUnavailable', `Could not list secrets by ${selector.type} ${selector.value}`, {
        ...selector,
      });
    }
  }

  public close(): Promise<void> {
    this.#client.close();
    return Promise.resolve();
  }
}
