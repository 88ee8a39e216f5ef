import type { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';
import { SoswError } from '../../../core/errors.js';
import type { Invoker } from '../../../ports/invoker.js';
import { awsClientFeature, importOptional } from '../../optional-dependency.js';
import { awsErrorName, translateAwsError } from '../shared/aws-errors.js';
import { type ClientOrConfig, LazySdkClient } from '../shared/client-options.js';

const loadLambda = () =>
  importOptional(() => import('@aws-sdk/client-lambda'), awsClientFeature('LambdaInvoker', '@aws-sdk/client-lambda'));

export type LambdaInvokerOptions = ClientOrConfig<LambdaClient, LambdaClientConfig>;

const UNKNOWN_FUNCTION_ERRORS: ReadonlySet<string> = new Set(['ResourceNotFoundException']);

/**
 * Invokes Lambda functions asynchronously (InvocationType `Event`) and reads their timeout with
 * GetFunctionConfiguration, cached per function for the life of the invoker.
 *
 * @example
 * const invoker = new LambdaInvoker();
 * await invoker.invoke('sosw_sandbox', { task_id: 'abc' });
 */
/** Lambda's answers when it refuses an invocation for concurrency or rate (HTTP 429). */
const THROTTLE_ERRORS: ReadonlySet<string> = new Set(['TooManyRequestsException', 'ThrottlingException', 'EC2ThrottledException']);

export class LambdaInvoker implements Invoker {
  readonly #client: LazySdkClient<Awaited<ReturnType<typeof loadLambda>>, LambdaClient>;
  readonly #timeouts = new Map<string, Promise<number | undefined>>();

  public constructor(options: LambdaInvokerOptions = {}) {
    this.#client = new LazySdkClient(options.client, loadLambda, (sdk) => new sdk.LambdaClient(options.clientConfig ?? {}));
  }

  public async invoke(functionName: string, event: unknown): Promise<void> {
    const payload = new TextEncoder().encode(JSON.stringify(event ?? null));
    const { sdk, client } = await this.#client.use();
    try {
      const response = await client.send(new sdk.InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: payload }));
      if (response.StatusCode !== undefined && response.StatusCode !== 202) {
        throw new SoswError(
          'invoke.failed',
          `Lambda did not accept the asynchronous invocation of ${functionName} (status ${response.StatusCode}).`,
          {
            details: { functionName, statusCode: response.StatusCode },
          },
        );
      }
    } catch (error) {
      throw this.#translate(error, functionName, 'invoke');
    }
  }

  public timeoutSeconds(functionName: string): Promise<number | undefined> {
    let cached = this.#timeouts.get(functionName);
    if (cached === undefined) {
      cached = this.#fetchTimeout(functionName);
      this.#timeouts.set(functionName, cached);
      cached.catch(() => this.#timeouts.delete(functionName));
    }
    return cached;
  }

  public close(): Promise<void> {
    this.#client.close();
    return Promise.resolve();
  }

  async #fetchTimeout(functionName: string): Promise<number | undefined> {
    const { sdk, client } = await this.#client.use();
    try {
      const config = await client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: functionName }));
      return config.Timeout;
    } catch (error) {
      throw this.#translate(error, functionName, 'read the configuration of');
    }
  }

  #translate(error: unknown, functionName: string, verb: string): unknown {
    const name = awsErrorName(error);
    if (name !== null && UNKNOWN_FUNCTION_ERRORS.has(name)) {
      return new SoswError(
        'invoke.unknownFunction',
        `Lambda function ${functionName} does not exist (or this role may not see it): check the labourer's arn / id in config.`,
        { details: { functionName, awsError: name }, cause: error },
      );
    }
    if (name !== null && THROTTLE_ERRORS.has(name)) {
      return new SoswError(
        'invoke.throttled',
        `Lambda throttled the invocation of ${functionName} (${name}); the task goes back to the queue without using an attempt.`,
        { details: { functionName, awsError: name }, cause: error },
      );
    }
    return translateAwsError(error, 'invoke.failed', `Could not ${verb} Lambda function ${functionName}`, { functionName });
  }
}
