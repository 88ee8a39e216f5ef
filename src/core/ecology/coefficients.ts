import { SoswError } from '../errors.js';
import type { EcoStatus } from '../labourer/labourer.js';

/** Share of `max_simultaneous_invocations` to use at each ecology status. */
export type CoefficientTable = Readonly<Record<EcoStatus, number>>;

/** The original's `invocation_number_coefficient`. */
export const DEFAULT_INVOCATION_COEFFICIENTS: CoefficientTable = Object.freeze({ 0: 0, 1: 0, 2: 0.5, 3: 0.75, 4: 1 });

/**
 * Merge a coefficient override over the defaults. Keys may be numbers or the strings "0".."4" that
 * JSON forces on us; the original silently ignored string keys (weakness 37).
 *
 * @example
 * resolveCoefficients({ '2': 0.9 })[2]; // 0.9
 */
export function resolveCoefficients(
  overrides: Readonly<Record<string | number, number>> = {},
  field = 'invocation_number_coefficient',
  /** The document, for messages (`project config (sosw.config.ts)`). */
  what?: string,
): CoefficientTable {
  const lead = what === undefined ? '' : `Invalid ${what}:\n  - `;
  const table: Record<number, number> = { ...DEFAULT_INVOCATION_COEFFICIENTS };
  for (const [key, value] of Object.entries(overrides)) {
    const status = Number(key);
    if (key.trim() === '' || !Number.isInteger(status) || status < 0 || status > 4) {
      throw new SoswError(
        'config.invalid',
        `${lead}${field}.${key}: ${field} has key ${JSON.stringify(key)}; keys must be ecology statuses "0" (Bad) to "4" (High), e.g. { "2": 0.5, "3": 0.75, "4": 1 }.`,
        {
          details: { field: `${field}.${key}`, received: key },
        },
      );
    }
    // Above 1 the cap would exceed max_simultaneous_invocations, the limit a labourer must never pass.
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new SoswError(
        'config.invalid',
        `${lead}${field}.${key} must be a number from 0 to 1 (a share of max_simultaneous_invocations, e.g. 0.5; above 1 a labourer would run more than its max), got ${String(value)}.`,
        {
          details: { field: `${field}.${key}`, received: value },
        },
      );
    }
    table[status] = value;
  }
  return Object.freeze(table) as CoefficientTable;
}

export interface DesiredInvocationsInput {
  /** The labourer's `max_simultaneous_invocations`. */
  readonly cap: number;
  /** The coefficient of its current ecology status. */
  readonly coefficient: number;
  /** Tasks already running (invoked, not completed, not expired). */
  readonly running: number;
}

/**
 * The original's desired-invocations formula: `max(floor(cap x coefficient) - running, 0)`.
 *
 * @example
 * desiredInvocations({ cap: 5, coefficient: 0.75, running: 2 }); // 1
 */
export function desiredInvocations(input: DesiredInvocationsInput): number {
  // The epsilon keeps float products such as 100 x 0.29 = 28.999999999999996 from flooring one short.
  const budget = Math.floor(input.cap * input.coefficient + 1e-9);
  return Math.max(budget - input.running, 0);
}
