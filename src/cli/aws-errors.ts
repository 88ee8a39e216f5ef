/**
 * AWS SDK setup failures (no region, no credentials) as coded `aws.config` errors that name the
 * fix, instead of `internal`. The SDK raises them lazily, on the first call of a verb run with
 * `--backend aws` (or SOSW_BACKEND=aws), so they are recognised where the CLI reports errors.
 */
import { SoswError } from '../core/errors.js';

interface Rule {
  readonly test: RegExp;
  readonly fix: string;
  readonly missing: string;
}

const RULES: readonly Rule[] = [
  {
    test: /^Region is missing/,
    missing: 'region',
    fix: 'Set AWS_REGION (e.g. `export AWS_REGION=eu-west-1`), or a region in the AWS profile you use (AWS_PROFILE).',
  },
  {
    test: /^Could not load credentials from any providers/,
    missing: 'credentials',
    fix: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE naming a profile with credentials.',
  },
];

function messagesOf(error: unknown): string[] {
  const messages: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++)
    messages.push(current.message);
  return messages;
}

/** The `aws.config` error for an SDK setup failure anywhere in `error`'s cause chain, else null. */
export function awsConfigError(error: unknown): SoswError | null {
  for (const message of messagesOf(error)) {
    const rule = RULES.find((r) => r.test.test(message));
    if (rule !== undefined)
      return new SoswError('aws.config', `The AWS backend has no ${rule.missing} (${message}). ${rule.fix}`, {
        details: { missing: rule.missing },
        cause: error,
      });
  }
  return null;
}
