/**
 * The one list of environment variables sosw reads (STYLE practice 11). Precedence everywhere is:
 * explicit argument, then config source, then environment, then default. Readers take the
 * environment as an argument so tests pass a plain object instead of touching `process.env`.
 */
import { describeValue, SoswError } from '../errors.js';

/** Every environment variable sosw reads, with what it means. */
export const ENV_KEYS = Object.freeze({
  /** Set by the Lambda runtime: the function's name; picks the `<name>_config` document. */
  lambdaFunctionName: 'AWS_LAMBDA_FUNCTION_NAME',
  /** Set by the Lambda runtime: the region. */
  awsRegion: 'AWS_REGION',
  /** The original's test switch: `test` or `autotest` mean test mode. */
  stage: 'STAGE',
  /** Function name to use outside Lambda (local runs); `AWS_LAMBDA_FUNCTION_NAME` wins when both are set. */
  functionName: 'SOSW_FUNCTION_NAME',
  /** Folder of `<name>.json` config documents, or one JSON file of documents by name. */
  configPath: 'SOSW_CONFIG_PATH',
  /** SQLite file of the embedded store (CLI default `.sosw/sosw.db`). */
  db: 'SOSW_DB',
  /** Minimum log level of the default console logger: `debug`, `info`, `warn`, `error`, `silent`. */
  logLevel: 'SOSW_LOG_LEVEL',
  /** Where sosw runs: `aws` or `local` (chosen once, at the entry point). */
  mode: 'SOSW_MODE',
} as const);

export type EnvKey = keyof typeof ENV_KEYS;
export type EnvName = (typeof ENV_KEYS)[EnvKey];

/** An environment: `process.env` in production, a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The process environment when there is one (Node), else an empty one. */
export function processEnv(): Env {
  const proc = (globalThis as { process?: { env?: Env } }).process;
  return proc?.env ?? {};
}

/** The trimmed value of a registered variable, or undefined when unset or blank. */
export function readEnv(key: EnvKey, env: Env = processEnv()): string | undefined {
  const value = env[ENV_KEYS[key]]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A registered variable that must be one of `allowed`; a coded error names the variable otherwise. */
export function readEnvChoice<T extends string>(key: EnvKey, allowed: readonly T[], env: Env = processEnv()): T | undefined {
  const value = readEnv(key, env);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  const match = allowed.find((choice) => choice === lower);
  if (match === undefined) {
    throw new SoswError(
      'config.invalid',
      `Environment variable ${ENV_KEYS[key]} must be one of ${allowed.join(', ')}, got ${describeValue(value)}. Fix or unset it.`,
      { details: { variable: ENV_KEYS[key], value, allowed } },
    );
  }
  return match;
}

/** The function name: the Lambda runtime's, else `SOSW_FUNCTION_NAME`, else undefined. */
export function functionNameFromEnv(env: Env = processEnv()): string | undefined {
  return readEnv('lambdaFunctionName', env) ?? readEnv('functionName', env);
}

/**
 * Test mode: an explicit flag wins (fixing weakness 59, where `test: true` was ignored);
 * otherwise `STAGE` equal to `test` or `autotest`.
 */
export function isTestStage(env: Env = processEnv(), explicit?: boolean): boolean {
  if (explicit !== undefined) return explicit;
  const stage = readEnv('stage', env)?.toLowerCase();
  return stage === 'test' || stage === 'autotest';
}
