/**
 * Operator input for controls (CLI flags, API calls, dashboard forms), checked once and turned
 * into stored values: durations such as `30m`, rates such as `5/s`, pinned maxima.
 */
import { z } from 'zod';
import { describeValue, SoswError } from '../errors.js';
import type { ControlHold, ControlPin, ControlRate } from './control.js';

/** A duration: seconds as a number, or `'90s'`, `'30m'`, `'2h'`, `'1d'`. */
export type ControlDuration = number | `${number}${'s' | 'm' | 'h' | 'd'}`;

const UNIT_SECONDS: Readonly<Record<string, number>> = Object.freeze({ s: 1, m: 60, h: 3600, d: 86_400 });
const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/;
const RATE = /^(\d+)\s*\/\s*(s|sec|second|m|min|minute)$/;
/** Longest pause or pin: one year. */
export const MAX_CONTROL_SECONDS = 366 * 86_400;
/** Longest reason kept. */
export const MAX_REASON_LENGTH = 500;

function invalid(field: string, message: string, received: unknown): SoswError {
  return new SoswError('control.invalid', `Invalid ${field}: ${message}, received ${describeValue(received)}.`, {
    details: { field, received },
  });
}

/** Seconds of a {@link ControlDuration} (> 0 and at most a year), or `control.invalid` naming `field`. */
export function controlDurationSeconds(value: unknown, field = 'for'): number {
  let seconds: number | undefined;
  if (typeof value === 'number') seconds = value;
  else if (typeof value === 'string') {
    const match = DURATION.exec(value.trim());
    if (match) seconds = Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1);
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_CONTROL_SECONDS) {
    throw invalid(field, "expected a positive duration of at most 366d such as '90s', '30m', '2h', '1d'", value);
  }
  return seconds;
}

/** `'5/s'`, `'300/m'` or `{ invocations, per }` as a {@link ControlRate}, or `control.invalid`. */
export function parseControlRate(value: unknown, field = 'rate'): ControlRate {
  if (typeof value === 'object' && value !== null) {
    const parsed = rateSchema.safeParse(value);
    if (parsed.success) return parsed.data;
  } else if (typeof value === 'string') {
    const match = RATE.exec(value.trim());
    const invocations = Number(match?.[1]);
    if (match && Number.isSafeInteger(invocations) && invocations > 0) {
      return { invocations, per: (match[2] ?? 's').startsWith('s') ? 'second' : 'minute' };
    }
  }
  throw invalid(field, "expected invocations per second or minute such as '5/s' or '300/m' (a positive whole number)", value);
}

/** A pinned maximum: a whole number >= 0 (0 starts nothing, like a pause). */
export function parsePinnedMax(value: unknown, field = 'max'): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw invalid(field, 'expected a whole number >= 0', value);
  return n;
}

/** An operator name: 1 to 128 printable characters. */
export function parseControlAuthor(value: unknown, field = 'by'): string {
  if (typeof value !== 'string' || !/^[^\s\p{C}][^\p{C}]{0,127}$/u.test(value.trim())) {
    throw invalid(field, 'expected who makes the change (1 to 128 printable characters)', value);
  }
  return value.trim();
}

/** A reason: undefined / empty -> null; at most 500 printable characters. */
export function parseControlReason(value: unknown, field = 'reason'): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > MAX_REASON_LENGTH || /\p{Cc}/u.test(value)) {
    throw invalid(field, `expected text of at most ${MAX_REASON_LENGTH} characters without control characters`, value);
  }
  return value.trim() === '' ? null : value.trim();
}

// Stored forms, checked when read back (SQLite JSON columns, DynamoDB maps).
const rateSchema = z.strictObject({ invocations: z.number().int().positive(), per: z.enum(['second', 'minute']) });
const authorShape = { by: z.string().min(1), at: z.number().finite(), reason: z.string().nullable() };
const holdSchema = z.strictObject({ ...authorShape, mode: z.enum(['paused', 'draining']), until: z.number().finite().nullable() });
const pinSchema = z.strictObject({
  ...authorShape,
  max: z.number().int().nonnegative().nullable(),
  rate: rateSchema.nullable(),
  until: z.number().finite(),
});

function stored<T>(schema: z.ZodType<T>, value: unknown, labourerId: string, part: string): T | null {
  if (value === undefined || value === null) return null;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new SoswError(
    'control.invalid',
    `The stored ${part} control of labourer ${labourerId} is unreadable (${parsed.error.issues[0]?.message ?? 'bad shape'}); overwrite it with sosw resume / sosw limit --clear.`,
    { details: { labourerId, part, received: value } },
  );
}

/** A stored hold (or null / undefined), checked; a bad shape is `control.invalid`. */
export function storedHold(value: unknown, labourerId: string): ControlHold | null {
  return stored(holdSchema, value, labourerId, 'hold');
}

/** A stored pin (or null / undefined), checked; a bad shape is `control.invalid`. */
export function storedPin(value: unknown, labourerId: string): ControlPin | null {
  return stored(pinSchema, value, labourerId, 'pin');
}

function argument<T>(schema: z.ZodType<T>, operation: string, field: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` (${field}.${issue.path.join('.')}: ${issue.message})`;
  throw new SoswError(
    'store.invalidArgument',
    `Invalid ${field} for ${operation}: expected a ${field} control${where}, received ${describeValue(value)}.`,
    {
      details: { operation, field, received: value },
    },
  );
}

/** A hold handed to a control store, checked (`store.invalidArgument` naming the field). */
export function checkHoldArgument(operation: string, value: unknown): ControlHold {
  return argument(holdSchema, operation, 'hold', value);
}

/** A pin handed to a control store, checked (`store.invalidArgument` naming the field). */
export function checkPinArgument(operation: string, value: unknown): ControlPin {
  return argument(pinSchema, operation, 'pin', value);
}
