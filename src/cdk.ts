/**
 * `sosw/cdk`: deploy sosw to AWS with the CDK (aws-cdk-lib 2, constructs 10).
 *
 * @example
 * import { Sosw } from 'sosw/cdk';
 * new Sosw(stack, 'Sosw', { labourers: { worker: { function: fn, maxSimultaneousInvocations: 5 } }, alarmEmails: ['ops@example.com'] });
 */
export { type BundleOptions, type BundleResult, bundleEntry, essentialEntry } from './adapters/cdk/bundle.js';
export type { ConfigRow } from './adapters/cdk/config-rows.js';
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
} from './adapters/cdk/env.js';
export { essentialConfigDocument, labourerDocument, withLabourerArns } from './adapters/cdk/labourer-document.js';
export { type SoswNames, soswNames } from './adapters/cdk/names.js';
export {
  type DeploySettings,
  labourerPropsFromDocument,
  type ProjectDeployment,
  projectDeployment,
  stackNameFromProject,
} from './adapters/cdk/project-deployment.js';
export {
  DEFAULT_ESSENTIAL_SIZES,
  type EssentialCodeSource,
  type EssentialProps,
  type HealthMetricProps,
  type LabourerProps,
  type LabourerRetryProps,
  type RetentionProps,
  type SoswProps,
} from './adapters/cdk/props.js';
export { Sosw } from './adapters/cdk/sosw.js';
export { type SynthesizeOptions, type SynthesizeResult, synthesizeProject } from './adapters/cdk/synthesize.js';
export type { SoswTables } from './adapters/cdk/tables.js';
export { findPropProblems, type PropProblem } from './adapters/cdk/validate.js';
