/**
 * What every essential's Lambda entry builds once per container: the AWS composition with a
 * Powertools logger and embedded-metric-format counters (flushed after every invocation), and the
 * engine it asks for.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { EmfMetrics } from '../adapters/aws/emf-metrics.js';
import { type AwsEssentials, type AwsEssentialsOptions, createAwsEssentials } from '../aws-composition.js';
import { DEPLOY_METRICS, type EssentialName } from '../core/config/deploy-env.js';
import { processEnv } from '../core/config/env-keys.js';
import type { EssentialRuntime } from '../essentials/essential-handler.js';
import { readDeploySettings } from './deploy-settings.js';
import { powertoolsLogger } from './powertools-logger.js';

/**
 * Build the composition and pick one engine from it.
 *
 * @example
 * export const handler = createScavengerHandler(() => lambdaRuntime('scavenger', (e) => e.scavenger()));
 */
export async function lambdaRuntime<E>(
  essential: EssentialName,
  pick: (essentials: AwsEssentials) => Promise<E>,
  options: AwsEssentialsOptions & { readonly write?: ((line: string) => void) | undefined } = {},
): Promise<EssentialRuntime<E>> {
  const env = options.env ?? processEnv();
  const logger = options.logger ?? powertoolsLogger(new PowertoolsLogger({ serviceName: `sosw_${essential}` }));
  const namespace = readDeploySettings(env).metricsNamespace ?? DEPLOY_METRICS.namespace;
  const metrics = new EmfMetrics({ namespace, clock: options.clock, write: options.write });
  const essentials = createAwsEssentials({ ...options, env, logger, metrics: options.metrics ?? metrics });
  return { engine: await pick(essentials), clock: essentials.clock, logger, flush: () => void metrics.flush() };
}
