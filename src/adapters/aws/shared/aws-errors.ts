import { type ErrorCode, SoswError } from '../../../core/errors.js';

/** The error name the AWS SDK gives a service exception (`ConditionalCheckFailedException`...), or null. */
export function awsErrorName(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as { name?: unknown; $metadata?: unknown; Code?: unknown };
  if (candidate.$metadata === undefined && candidate.Code === undefined) return null;
  return typeof candidate.name === 'string' ? candidate.name : null;
}

/** True for errors that come from the AWS SDK or the network below it (not programming errors). */
export function isAwsError(error: unknown): boolean {
  if (awsErrorName(error) !== null) return true;
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  const name = (error as { name?: unknown }).name;
  return (
    (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE|EAI_AGAIN)$/.test(code)) ||
    name === 'TimeoutError' ||
    name === 'CredentialsProviderError'
  );
}

export const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
  'TooManyRequestsException',
]);

export function isThrottling(error: unknown): boolean {
  const name = awsErrorName(error);
  return name !== null && THROTTLING_ERRORS.has(name);
}

/**
 * Translate an error at the adapter edge: AWS errors become a SoswError with `code`, the
 * original as `cause`, and the AWS error name in details; anything else is returned unchanged.
 */
export function translateAwsError(error: unknown, code: ErrorCode, message: string, details: Record<string, unknown> = {}): unknown {
  if (error instanceof SoswError || !isAwsError(error)) return error;
  const awsError = awsErrorName(error) ?? (error as { code?: string }).code ?? 'NetworkError';
  const reason = error instanceof Error ? error.message : String(error);
  return new SoswError(code, `${message}: ${awsError}: ${reason}`, { details: { ...details, awsError }, cause: error });
}
