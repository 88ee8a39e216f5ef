/**
 * On-demand prices the cost model turns units into dollars with (US East (N. Virginia), standard
 * table class; Lambda on x86 and on arm64). Prices change: pass your own where they differ.
 * DynamoDB: https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.625 per million write request
 * units, $0.125 per million read request units since the price cut of 1 November 2024).
 * Lambda: https://aws.amazon.com/lambda/pricing/ ($0.20 per million requests, $0.0000166667 per GB-second
 * on x86, $0.0000133334 on arm64, first pricing tier).
 */
export interface Prices {
  /** Dollars per write request unit. */
  readonly writeUnit: number;
  /** Dollars per read request unit. */
  readonly readUnit: number;
  /** Dollars per Lambda invocation. */
  readonly lambdaRequest: number;
  /** Dollars per GB-second of Lambda run time on x86 (workers: the construct does not build them). */
  readonly lambdaGbSecond: number;
  /** Dollars per GB-second on arm64, the construct's architecture for the essentials. @defaultValue 0.8 x lambdaGbSecond */
  readonly lambdaGbSecondArm?: number;
}

export const ON_DEMAND_PRICES: Prices = Object.freeze({
  writeUnit: 0.625e-6,
  readUnit: 0.125e-6,
  lambdaRequest: 0.2e-6,
  lambdaGbSecond: 0.000_016_666_7,
  lambdaGbSecondArm: 0.000_013_333_4,
});

/** Dollars of DynamoDB request units. */
export function dynamoDollars(units: { readonly write: number; readonly read: number }, prices: Prices = ON_DEMAND_PRICES): number {
  return units.write * prices.writeUnit + units.read * prices.readUnit;
}
