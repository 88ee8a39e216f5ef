import { describe, expect, it } from 'vitest';
import { estimateMonthlyCost } from '../../../../src/core/cost/estimate.js';
import { ON_DEMAND_PRICES } from '../../../../src/core/cost/pricing.js';

describe('estimateMonthlyCost: Lambda architectures and item sizes', () => {
  it('prices the essentials at arm64 rates (the construct deploys them so) and the workers at x86 rates', () => {
    const e = estimateMonthlyCost({ tasks: 1_000_000, labourers: ['w'] });
    const gbSecondDollars = (line: { invocations: number; gbSeconds: number; dollars: number }): number =>
      (line.dollars - line.invocations * ON_DEMAND_PRICES.lambdaRequest) / line.gbSeconds;
    expect(gbSecondDollars(e.lambda.workers)).toBeCloseTo(ON_DEMAND_PRICES.lambdaGbSecond, 12);
    for (const essential of [e.lambda.worker_assistant, e.lambda.orchestrator, e.lambda.scavenger, e.lambda.scheduler]) {
      expect(gbSecondDollars(essential)).toBeCloseTo(0.000_013_333_4, 12);
    }
    expect(e.assumptions[0]).toMatch(/essentials on arm64.*workers on x86/);
  });

  it('falls back to 0.8 x the x86 rate when custom prices give no arm64 rate', () => {
    const prices = { writeUnit: 1e-6, readUnit: 1e-7, lambdaRequest: 0, lambdaGbSecond: 1e-5 };
    const e = estimateMonthlyCost({ tasks: 1000, labourers: ['w'], prices });
    expect(e.lambda.orchestrator.dollars / e.lambda.orchestrator.gbSeconds).toBeCloseTo(0.8e-5, 12);
  });

  it('says a write bills its minimum only while task items stay under 1 KB', () => {
    const small = estimateMonthlyCost({ tasks: 1, labourers: ['w'], payloadBytes: 50 });
    const large = estimateMonthlyCost({ tasks: 1, labourers: ['w'], payloadBytes: 3000 });
    expect(small.assumptions).toContainEqual(expect.stringMatching(/under 1 KB: every write bills its minimum/));
    expect(large.assumptions).toContainEqual(expect.stringMatching(/up to 4 KB: a write bills 1 unit per KB/));
    expect(large.assumptions.join('\n')).not.toMatch(/under 1 KB/);
    expect(large.dynamodb.writeUnits).toBeGreaterThan(small.dynamodb.writeUnits);
  });
});
