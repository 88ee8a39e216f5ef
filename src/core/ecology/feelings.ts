import { SoswError } from '../errors.js';
import { ECO_STATUS_NAMES, type EcoStatus } from '../labourer/labourer.js';
import { type ComparisonOperator, resolveOperator } from './operators.js';

/** What a health rule is built from (a labourer's `health_metrics.<name>` without its details). */
export interface FeelingsInput {
  /** The metric's name in config, used in error messages. */
  readonly name?: string | undefined;
  /** status -> threshold, as `[status, threshold]` pairs or a JSON map with keys "0".."4". */
  readonly feelings: ReadonlyArray<readonly [number, number]> | Readonly<Record<string, number>>;
  /** `feeling_comparison_operator`: `le`, `__le__`, `<=`, ... */
  readonly operator: string;
}

/** A validated metric rule: value -> ecology status. */
export interface HealthRule {
  readonly name: string;
  readonly operator: ComparisonOperator;
  /** `[status, threshold]`, highest status first (the order they are tried in). */
  readonly pairs: ReadonlyArray<readonly [EcoStatus, number]>;
  /** The first (highest) status whose threshold the value satisfies, else 0 (Bad). */
  evaluate(value: number): EcoStatus;
}

function invalid(name: string, message: string, details: Record<string, unknown>): SoswError {
  return new SoswError('ecology.invalidFeelings', `Invalid feelings of health metric ${JSON.stringify(name)}: ${message}`, {
    details: { field: `health_metrics.${name}.feelings`, ...details },
  });
}

function toPairs(name: string, feelings: FeelingsInput['feelings']): Array<[EcoStatus, number]> {
  const entries: ReadonlyArray<readonly [number | string, number]> = Array.isArray(feelings)
    ? (feelings as ReadonlyArray<readonly [number, number]>)
    : Object.entries(feelings as Record<string, number>);
  const seen = new Set<number>();
  return entries.map(([rawStatus, threshold]) => {
    const status = Number(rawStatus);
    if (!Number.isInteger(status) || status < 0 || status > 4) {
      throw invalid(name, `key ${JSON.stringify(rawStatus)} is not an ecology status; use 0..4.`, { received: rawStatus });
    }
    if (seen.has(status)) throw invalid(name, `status ${status} appears twice.`, { received: rawStatus });
    seen.add(status);
    if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
      throw invalid(name, `the threshold of status ${status} must be a finite number, got ${String(threshold)}.`, { received: threshold });
    }
    return [status as EcoStatus, threshold];
  });
}

function checkOrder(name: string, operator: ComparisonOperator, pairs: ReadonlyArray<readonly [EcoStatus, number]>): void {
  for (let i = 1; i < pairs.length; i++) {
    const [higherStatus, higher] = pairs[i - 1]!;
    const [status, threshold] = pairs[i]!;
    const ok =
      operator.direction === 'less' ? threshold > higher : operator.direction === 'greater' ? threshold < higher : threshold !== higher;
    if (ok) continue;
    const rule =
      operator.direction === 'less'
        ? 'thresholds must increase as the status goes down (e.g. {"4": 25, "3": 50} with le)'
        : operator.direction === 'greater'
          ? 'thresholds must decrease as the status goes down (e.g. {"4": 80, "3": 50} with ge)'
          : 'thresholds must be distinct';
    throw invalid(
      name,
      `with operator ${operator.name}, status ${status} (${ECO_STATUS_NAMES[status]}) has threshold ${threshold} but the higher status ${higherStatus} has ${higher}, so status ${status} could never be reached correctly; ${rule}.`,
      { operator: operator.name, status, threshold, higherStatus, higherThreshold: higher },
    );
  }
}

/**
 * Validate a metric's feelings and operator once and return its rule. Thresholds are checked
 * between consecutive statuses only, so `ge`/`gt` work (the original compared the first threshold
 * with 0 and rejected every "greater" rule, weakness 33).
 *
 * @example
 * compileHealthRule({ feelings: { '3': 50, '4': 25 }, operator: 'le' }).evaluate(30); // 3
 */
export function compileHealthRule(input: FeelingsInput): HealthRule {
  const name = input.name ?? 'metric';
  const operator = resolveOperator(input.operator);
  const pairs = toPairs(name, input.feelings).sort((a, b) => b[0] - a[0]);
  if (pairs.length === 0) throw invalid(name, 'feelings is empty; map at least one status (0..4) to a threshold.', {});
  checkOrder(name, operator, pairs);
  return {
    name,
    operator,
    pairs,
    evaluate(value: number): EcoStatus {
      for (const [status, threshold] of pairs) if (operator.compare(value, threshold)) return status;
      return 0;
    },
  };
}

/**
 * The original's `get_health(value, metric)`: the status a metric value means.
 *
 * @example
 * getHealth(25.000001, { feelings: { '3': 50, '4': 25 }, operator: 'le' }); // 3
 */
export function getHealth(value: number, metric: FeelingsInput): EcoStatus {
  return compileHealthRule(metric).evaluate(value);
}
