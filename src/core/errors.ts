/**
 * The one error family of sosw. Every failure a user can meet carries a stable `code`
 * (namespaced by area), a message that says what happened and how to fix it, optional
 * structured `details`, and the original `cause` when there is one.
 */
export const ERROR_CODES = [
  // configuration and input
  'config.invalid',
  'config.notFound',
  'config.handlerNotFound',
  'job.invalid',
  'job.unknownLabourer',
  'job.unknownSchema',
  'job.tooManyTasks',
  'job.taskTooLarge',
  // job records (sosw jobs / cancel)
  'job.notFound',
  'job.finished',
  'job.notConfigured',
  'event.invalid',
  'cli.usage',
  // tasks and their lifecycle
  'task.invalid',
  'task.invalidPayload',
  'task.tooLarge',
  'task.notFound',
  'task.claimLost',
  'task.reportRejected',
  'labourer.unknown',
  // operator controls (pause, drain, pinned limits)
  'control.invalid',
  // ecology
  'ecology.invalidFeelings',
  'ecology.invalidOperator',
  'metric.unavailable',
  // storage and infrastructure
  'store.schemaMismatch',
  'store.unavailable',
  'store.throttled',
  'store.conflict',
  'store.invalidArgument',
  'store.noSpace',
  'store.notFound',
  'blob.notFound',
  'blob.locked',
  'invoke.failed',
  'invoke.unknownFunction',
  'invoke.throttled',
  'notify.failed',
  'config.sourceUnavailable',
  'aws.config',
  // workers
  'worker.nonRetriable',
  'worker.retryLater',
  'worker.timeout',
  // deployment (CDK construct, sosw synth)
  'deploy.unsafe',
  'deploy.bundleFailed',
  'worker.reportLost',
  'processor.died',
  'internal',
  // dashboard (src/dashboard)
  'dashboard.invalidQuery',
  'dashboard.unauthorized',
  'dashboard.forbidden',
  'dashboard.tokenRequired',
  'dashboard.notFound',
  'task.notDead',
  // local Lambda-Invoke-API endpoint (src/adapters/local/lambda-invoke-endpoint.ts)
  'endpoint.notLoopback',
  // a server (dashboard, local Lambda endpoint) cannot listen on its port: in use, or not permitted
  'port.unavailable',
  // packaging: an optional package a feature needs is not installed; a user module does not load
  'dependency.missing',
  'module.loadFailed',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface SoswErrorOptions {
  /** Structured facts about the failure (field name, received value, limits...). */
  details?: Record<string, unknown>;
  /** The underlying error, always forwarded. */
  cause?: unknown;
}

export class SoswError extends Error {
  public readonly code: ErrorCode;
  public readonly details: Record<string, unknown>;

  public constructor(code: ErrorCode, message: string, options: SoswErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SoswError';
    this.code = code;
    this.details = options.details ?? {};
  }

  /** True when `error` is a SoswError whose code is `prefix` or starts with `prefix.`. */
  public static is(error: unknown, prefix?: string): error is SoswError {
    if (!(error instanceof SoswError)) return false;
    if (prefix === undefined) return true;
    return error.code === prefix || error.code.startsWith(`${prefix}.`);
  }

  /** A plain object for JSON output (CLI `--json`, HTTP answers, logs). */
  public toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Describe a received value for error messages: `"abc" (string)`, `null`, `[…] (array)`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)} (string)`;
  if (typeof value === 'object') return 'an object';
  return `${String(value)} (${typeof value})`;
}

/** The conditional claim of a task lost against another claimer (same wording for every adapter). */
export function claimLostError(taskId: string): SoswError {
  return new SoswError('task.claimLost', `Task ${taskId} is no longer queued: another orchestrator claimed it first.`, {
    details: { taskId },
  });
}
