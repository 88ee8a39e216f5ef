/** Lambda entry of the Scavenger (what the deployment bundles); sweeps every `SOSW_TICK_SECONDS` when set. */
import { processEnv } from '../core/config/env-keys.js';
import { createScavengerHandler } from '../essentials/scavenger/handler.js';
import { readDeploySettings } from './deploy-settings.js';
import { lambdaRuntime } from './runtime.js';

export const handler = createScavengerHandler(() => lambdaRuntime('scavenger', (essentials) => essentials.scavenger()), {
  tickSeconds: readDeploySettings(processEnv()).tickSeconds,
});
