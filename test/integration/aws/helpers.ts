/** Shared bits of the AWS integration tests: the moto endpoint and unique resource names. */
import { inject } from 'vitest';

/** The moto endpoint of this run, or null when the AWS tier is not run (reason: motoSkipReason()). */
export function motoEndpoint(): string | null {
  return inject('motoEndpoint');
}

export function motoSkipReason(): string {
  return inject('motoSkipReason');
}

/** True when the AWS tier cannot run here; tests use `describe.skipIf(awsTierOff())`. */
export function awsTierOff(): boolean {
  const off = motoEndpoint() === null;
  if (off) console.warn(`[sosw integration] skipped: ${motoSkipReason()}`);
  return off;
}

let counter = 0;
/** A name no other test uses (lowercase, digits and dashes: valid for tables, buckets, topics). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/**
 * Create an IAM role in moto (no IAM client is installed; moto routes by the credential scope
 * and does not check signatures). moto's Lambda refuses CreateFunction without an existing role.
 */
export async function createMotoRole(endpoint: string, roleName: string): Promise<string> {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: roleName,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body,
  });
  const text = await response.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!response.ok || arn === undefined) throw new Error(`moto CreateRole failed (${response.status}): ${text.slice(0, 300)}`);
  return arn;
}

/** An empty zip archive: enough for moto's CreateFunction (it never runs the code). */
export const EMPTY_ZIP = new Uint8Array([80, 75, 5, 6, ...new Array<number>(18).fill(0)]);
