/** The deployment contract, re-exported for CDK users (the constants live in core, so handlers can import them too). */
export {
  DEFAULT_FUNCTION_NAMES,
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_TTL_ATTRIBUTE,
  DEPLOY_CONFIG_ROWS,
  DEPLOY_ENV,
  DEPLOY_METRICS,
  type DeployEnvKey,
  type DeployEnvName,
  ESSENTIALS,
  type EssentialName,
} from '../../core/config/deploy-env.js';
