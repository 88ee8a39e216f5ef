/**
 * Bundle a Lambda entry file into a single-file ESM asset with esbuild's API, locally (no Docker,
 * no NodejsFunction). esbuild is an optional peer dependency, loaded only when bundling is needed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, BuildResult } from 'esbuild';
import type { EssentialName } from '../../core/config/deploy-env.js';
import { SoswError } from '../../core/errors.js';
import { type OptionalFeature, requireOptional } from '../optional-dependency.js';

export interface BundleOptions {
  /** Directory to write `index.mjs` into. @defaultValue a cache directory under the OS temp dir, keyed by entry and options */
  readonly outdir?: string;
  /** Leave `@aws-sdk/*` to the Lambda runtime's copy (smaller asset, runtime-chosen SDK version). @defaultValue false */
  readonly externalAwsSdk?: boolean;
  /** @defaultValue true */
  readonly minify?: boolean;
}

export interface BundleResult {
  /** The asset directory (contains only `index.mjs`). */
  readonly dir: string;
  readonly file: string;
  readonly bytes: number;
  /** Lambda handler string for this asset. */
  readonly handler: 'index.handler';
}

const ESSENTIAL_FILES = Object.freeze({
  scheduler: 'scheduler',
  orchestrator: 'orchestrator',
  scavenger: 'scavenger',
  worker_assistant: 'worker-assistant',
} as const satisfies Record<EssentialName, string>);

/** `.ts` when sosw runs from its sources (the repo), `.js` from the built package (dist/). */
const OWN_EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * Absolute path of an essential's Lambda entry in this package: src/lambda/<name>.ts (dist/lambda/<name>.js once built), which
 * exports `handler` (the engine's handler factory from src/essentials/<name>/handler.ts, wired to
 * the AWS adapters).
 */
export function essentialEntry(name: EssentialName): string {
  return fileURLToPath(new URL(`../../lambda/${ESSENTIAL_FILES[name]}${OWN_EXTENSION}`, import.meta.url));
}

// ESM output still meets CommonJS dependencies that call require(); give them one.
const REQUIRE_SHIM =
  "import { createRequire as __soswCreateRequire } from 'node:module'; const require = __soswCreateRequire(import.meta.url);";

type BuildSync = (options: BuildOptions & { write: false }) => BuildResult<{ write: false }>;

const ESBUILD_FEATURE: OptionalFeature = Object.freeze({
  feature: 'Bundling the essentials (or pass prebuilt code with the `code` prop)',
  packages: ['esbuild'],
  dev: true,
});

function loadEsbuild(): BuildSync {
  return requireOptional<{ buildSync: BuildSync }>('esbuild', ESBUILD_FEATURE).buildSync;
}

/**
 * Bundle `entry` (TypeScript or JavaScript exporting `handler`) into `<dir>/index.mjs`.
 *
 * @example
 * const { dir, handler } = bundleEntry('src/lambda/orchestrator.ts');
 * new lambda.Function(this, 'Fn', { code: lambda.Code.fromAsset(dir), handler, runtime: lambda.Runtime.NODEJS_22_X });
 */
export function bundleEntry(entry: string, options: BundleOptions = {}): BundleResult {
  const absolute = resolve(entry);
  if (!existsSync(absolute)) {
    throw new SoswError(
      'deploy.bundleFailed',
      `Lambda entry ${absolute} does not exist. Pass an existing file, or prebuilt code with the \`code\` prop.`,
      {
        details: { entry: absolute },
      },
    );
  }
  const external = options.externalAwsSdk === true ? ['@aws-sdk/*'] : [];
  const minify = options.minify ?? true;
  const key = createHash('sha256')
    .update(JSON.stringify([absolute, external, minify]))
    .digest('hex')
    .slice(0, 16);
  const dir = resolve(options.outdir ?? join(tmpdir(), 'sosw-cdk-bundles', key));
  let result: BuildResult<{ write: false }>;
  try {
    result = loadEsbuild()({
      entryPoints: [absolute],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      mainFields: ['module', 'main'],
      banner: { js: REQUIRE_SHIM },
      external,
      minify,
      legalComments: 'none',
      write: false,
      outfile: join(dir, 'index.mjs'),
      logLevel: 'silent',
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new SoswError('deploy.bundleFailed', `esbuild could not bundle ${absolute}: ${message}`, { details: { entry: absolute }, cause });
  }
  const output = result.outputFiles[0];
  if (output === undefined) throw new SoswError('deploy.bundleFailed', `esbuild produced no output for ${absolute}.`);
  const file = join(dir, 'index.mjs');
  mkdirSync(dir, { recursive: true });
  // Write beside the asset dir, then rename in: concurrent synths never see a half-written file.
  const partial = `${dir}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(partial, output.contents);
  renameSync(partial, file);
  return { dir, file, bytes: output.contents.byteLength, handler: 'index.handler' };
}
