/**
 * Optional packages (the SQLite driver, the AWS SDK clients, aws-cdk-lib, esbuild) are loaded
 * only where a feature uses them. When one is not installed, the feature fails with a coded
 * `dependency.missing` error that names the exact `npm install` line, instead of Node's
 * `ERR_MODULE_NOT_FOUND` at startup.
 */
import { createRequire } from 'node:module';
import { SoswError } from '../core/errors.js';

/** A feature and the packages it needs (the `npm install` line lists them all). */
export interface OptionalFeature {
  /** In words, e.g. `The AWS backend`. */
  readonly feature: string;
  readonly packages: readonly string[];
  /** Installed as a dev dependency (build-time tools such as esbuild, aws-cdk-lib). @defaultValue false */
  readonly dev?: boolean;
}

export const SQLITE_FEATURE: OptionalFeature = Object.freeze({ feature: 'The embedded (SQLite) store', packages: ['better-sqlite3'] });

export const AWS_FEATURE: OptionalFeature = Object.freeze({
  feature: 'The AWS backend',
  packages: [
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/lib-dynamodb',
    '@aws-sdk/client-lambda',
    '@aws-sdk/client-s3',
    '@aws-sdk/client-sns',
    '@aws-sdk/client-cloudwatch',
  ],
});

/** One AWS client package of one adapter (SnsNotifier needs only @aws-sdk/client-sns). */
export function awsClientFeature(adapter: string, packageName: string): OptionalFeature {
  return Object.freeze({ feature: adapter, packages: [packageName] });
}

export const CDK_FEATURE: OptionalFeature = Object.freeze({
  feature: 'Deploying with the CDK (sosw/cdk, sosw synth)',
  packages: ['aws-cdk-lib', 'constructs', 'esbuild', ...AWS_FEATURE.packages, '@aws-lambda-powertools/logger'],
  dev: true,
});

/** The `npm install` line of a feature. */
export function installLine(feature: OptionalFeature): string {
  return `npm install ${feature.dev === true ? '--save-dev ' : ''}${feature.packages.join(' ')}`;
}

const NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/** The package a module-not-found error is about (`@scope/name` or `name`), or undefined for any other error. */
export function missingPackage(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !NOT_FOUND.has(code) || typeof message !== 'string') return undefined;
  const match = /Cannot find (?:package|module) '((?:@[^/']+\/)?[^/']+)/.exec(message);
  const name = match?.[1];
  // A relative or absolute path that is missing is a broken install or a bug, not an optional package.
  return name === undefined || name.startsWith('.') || name.startsWith('/') || /^[A-Za-z]:/.test(name) ? undefined : name;
}

/** The `dependency.missing` error for `feature`, when `error` says one of its packages is not installed. */
export function dependencyMissing(error: unknown, feature: OptionalFeature): SoswError | undefined {
  const name = missingPackage(error);
  if (name === undefined || !feature.packages.includes(name)) return undefined;
  const line = installLine(feature);
  return new SoswError('dependency.missing', `${feature.feature} needs the package ${name}, which is not installed. Run \`${line}\`.`, {
    details: { package: name, feature: feature.feature, install: line },
    cause: error,
  });
}

/**
 * Run a loader (a literal `import('...')`, so bundlers still see it) and turn a missing package of
 * `feature` into `dependency.missing`.
 *
 * @example
 * const { createAwsEssentials } = await importOptional(() => import('../aws-composition.js'), AWS_FEATURE);
 */
export async function importOptional<T>(load: () => Promise<T>, feature: OptionalFeature): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw dependencyMissing(error, feature) ?? error;
  }
}

/** `require` a CommonJS package of `feature` from this package's location, synchronously. */
export function requireOptional<T>(name: string, feature: OptionalFeature): T {
  try {
    return createRequire(import.meta.url)(name) as T;
  } catch (error) {
    throw dependencyMissing(error, feature) ?? error;
  }
}
