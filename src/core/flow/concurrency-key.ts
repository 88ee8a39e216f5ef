/**
 * Per-key caps: a labourer's `concurrency_key` is a path into the task payload (`tenant`,
 * `stores[0]`, `customer.region`); tasks with the same value share a lane, and at most
 * `max_per_key` of a lane run at once.
 */
import { describeValue, SoswError } from '../errors.js';

/** One step of a key path: an object property or an array index. */
export type KeyPathStep = string | number;

const STEP = /^([A-Za-z_$][\w$-]*)((?:\[\d+\])*)$/;
/** The lane of tasks whose payload has no value at the key path. */
export const NO_KEY_LANE = '';
/** Longest lane value kept (longer values are cut: they only need to tell keys apart). */
const MAX_LANE_LENGTH = 200;

/**
 * Parse `tenant`, `stores[0]` or `a.b[1].c` into steps, or `config.invalid` naming `field` (and the
 * document `what`, e.g. `project config (sosw.config.ts)`, when given).
 */
export function parseKeyPath(path: unknown, field: string, what?: string): readonly KeyPathStep[] {
  const steps: KeyPathStep[] = [];
  const parts = typeof path === 'string' && path.length > 0 && path.length <= 200 ? path.split('.') : null;
  for (const part of parts ?? ['']) {
    const match = STEP.exec(part);
    if (match === null) {
      throw new SoswError(
        'config.invalid',
        `${what === undefined ? `Invalid ${field}:` : `Invalid ${what}:\n  - ${field}:`} expected a path into the task payload such as 'tenant', 'stores[0]' or 'customer.region' (property names joined by dots, [n] for a list item), received ${describeValue(path)}.`,
        { details: { field, received: path } },
      );
    }
    steps.push(match[1] as string);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return steps;
}

/** The lane of a payload (an object, or its JSON text): the value at `steps` as text, '' when absent. */
export function laneOf(payload: unknown, steps: readonly KeyPathStep[]): string {
  let value: unknown = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return NO_KEY_LANE;
    }
  }
  for (const step of steps) {
    if (value === null || typeof value !== 'object') return NO_KEY_LANE;
    if (typeof step === 'number' ? !Array.isArray(value) : Array.isArray(value) || !Object.hasOwn(value, step)) return NO_KEY_LANE;
    value = (value as Record<string | number, unknown>)[step];
  }
  if (value === undefined || value === null) return NO_KEY_LANE;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_LANE_LENGTH ? text.slice(0, MAX_LANE_LENGTH) : text;
}

/** A labourer's resolved per-key cap. */
export interface ConcurrencyKeyConfig {
  /** The path as configured (e.g. `tenant`). */
  readonly path: string;
  readonly steps: readonly KeyPathStep[];
  /** Most tasks of one key running at once. */
  readonly maxPerKey: number;
}
