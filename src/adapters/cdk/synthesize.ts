/** Synthesize a project's stack to a CloudFormation template in-process, without the CDK CLI. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';
import type { ProjectConfig } from '../../core/config/project-config.js';
import { type DeploySettings, inProjectTerms, projectDeployment } from './project-deployment.js';
import type { EssentialCodeSource } from './props.js';
import { Sosw } from './sosw.js';

export interface SynthesizeOptions extends DeploySettings {
  /** Cloud assembly directory (deployable with `npx cdk deploy --app <dir>`). @defaultValue a new temp dir */
  readonly outdir?: string;
  /** Code for the essentials instead of bundling the sosw handlers. */
  readonly code?: EssentialCodeSource;
  /** Check the template against the CloudFormation resource specification; violations fail. @defaultValue true */
  readonly validate?: boolean;
}

export interface SynthesizeResult {
  readonly stackName: string;
  /** The CloudFormation template as JSON. */
  readonly template: Record<string, unknown>;
  readonly assemblyDir: string;
}

/**
 * Synthesize the stack of a parsed project config.
 *
 * @example
 * const { template } = synthesizeProject(parseProjectConfig(doc), { alarmEmails: ['ops@example.com'] });
 */
export function synthesizeProject(project: ProjectConfig, options: SynthesizeOptions = {}): SynthesizeResult {
  const deployment = projectDeployment(project, options);
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), 'sosw-synth-'));
  const validate = options.validate ?? true;
  const app = new App({
    outdir,
    analyticsReporting: false,
    builtinCloudFormationValidation: validate,
    context: validate ? { [VALIDATE_AGAINST_DEFAULT_RULES]: true } : {},
  });
  const stack = new Stack(app, deployment.stackName, { stackName: deployment.stackName, env: deployment.env });
  try {
    new Sosw(stack, 'Sosw', options.code === undefined ? deployment.props : { ...deployment.props, code: options.code });
  } catch (error) {
    throw inProjectTerms(error);
  }
  const assembly = app.synth();
  const template = assembly.getStackByName(deployment.stackName).template as Record<string, unknown>;
  return { stackName: deployment.stackName, template, assemblyDir: assembly.directory };
}
