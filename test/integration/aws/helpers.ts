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
