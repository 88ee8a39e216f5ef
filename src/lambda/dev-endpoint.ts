/**
 * `sosw dev --lambda-endpoint <port>`: the embedded runtime answers the Lambda Invoke API on
 * 127.0.0.1, so AWS-style callers (the AWS SDK, LambdaInvoker, scripts) can drive it. The four
 * essentials answer both invocation types through their Lambda handlers; the project's workers
 * run in the runtime's in-process invoker and take `Event` invocations.
 */
import { type LambdaInvokeEndpoint, startLambdaInvokeEndpoint } from '../adapters/local/lambda-invoke-endpoint.js';
import { DEFAULT_FUNCTION_NAMES } from '../core/config/deploy-env.js';
import { SoswError } from '../core/errors.js';
import { createOrchestratorHandler } from '../essentials/orchestrator/handler.js';
import { createScavengerHandler } from '../essentials/scavenger/handler.js';
import { createSchedulerHandler } from '../essentials/scheduler/handler.js';
import { createWorkerAssistantHandler } from '../essentials/worker-assistant/handler.js';
import type { EmbeddedRuntime } from '../local.js';
import type { Logger } from '../ports/logger.js';

export type { LambdaInvokeEndpoint } from '../adapters/local/lambda-invoke-endpoint.js';

/** A `--lambda-endpoint` value as a port (1..65535); `cli.usage` otherwise. */
export function parseEndpointPort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new SoswError('cli.usage', `--lambda-endpoint must be a port number (1-65535), got ${JSON.stringify(text)}.`, {
      details: { field: 'lambda-endpoint', received: text },
    });
  }
  return port;
}

/**
 * Serve the runtime's essentials and workers on `127.0.0.1:<port>`.
 *
 * @example
 * const endpoint = await startDevLambdaEndpoint(runtime, 9001);
 * // AWS_ENDPOINT_URL_LAMBDA=http://127.0.0.1:9001 aws lambda invoke --function-name sosw_orchestrator out.json
 */
export function startDevLambdaEndpoint(
  runtime: Pick<EmbeddedRuntime, 'scheduler' | 'orchestrator' | 'scavenger' | 'assistant' | 'invoker'>,
  port: number,
  logger?: Logger,
): Promise<LambdaInvokeEndpoint> {
  const built =
    <E>(engine: E) =>
    () => ({ engine, logger });
  return startLambdaInvokeEndpoint({
    port,
    logger,
    fallback: runtime.invoker,
    functions: {
      [DEFAULT_FUNCTION_NAMES.scheduler]: { timeoutSeconds: 900, handler: createSchedulerHandler(built(runtime.scheduler)) },
      [DEFAULT_FUNCTION_NAMES.orchestrator]: { timeoutSeconds: 60, handler: createOrchestratorHandler(built(runtime.orchestrator)) },
      [DEFAULT_FUNCTION_NAMES.scavenger]: { timeoutSeconds: 60, handler: createScavengerHandler(built(runtime.scavenger)) },
      [DEFAULT_FUNCTION_NAMES.worker_assistant]: { timeoutSeconds: 30, handler: createWorkerAssistantHandler(built(runtime.assistant)) },
    },
  });
}
