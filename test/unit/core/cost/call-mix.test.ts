import { describe, expect, it } from 'vitest';
import { floorCallMix, originalCallMix, sampleItems, soswCallMix, summariseMix } from '../../../../src/core/cost/call-mix.js';
import { estimateMonthlyCost } from '../../../../src/core/cost/estimate.js';
import { dynamoItemBytes } from '../../../../src/core/cost/item-size.js';
import { dynamoDollars } from '../../../../src/core/cost/pricing.js';

describe('call mixes per task', () => {
  it("the original's sample task is the size its queue query reads (about 143 KB per 1,000 queued)", () => {
    expect(dynamoItemBytes(sampleItems().task) * 1000).toBeGreaterThan(140_000);
    expect(dynamoItemBytes(sampleItems().task) * 1000).toBeLessThan(170_000);
  });

  it("the original's mix sends the 11.15 requests per task counted on an emulator", () => {
    expect(summariseMix(originalCallMix({ queued: 1000 })).requests).toBeCloseTo(11.16, 2);
  });

  it("the original's read units grow with the queue: every created task reads the whole queue", () => {
    const small = summariseMix(originalCallMix({ queued: 1000 })).units.read;
    const large = summariseMix(originalCallMix({ queued: 10_000 })).units.read;
    expect(large / small).toBeGreaterThan(9);
  });

  it('sosw sends about 4.16 requests per task (the archive is two plain requests per task), and its reads do not grow with the queue', () => {
    const mix = summariseMix(soswCallMix());
    expect(mix.requests).toBeGreaterThan(4.1);
    expect(mix.requests).toBeLessThan(4.2);
    expect(mix.units.read).toBeLessThan(0.1);
  });

  it('writes units step by step: create 4 (fresh ids), invoke 4, complete 5, archive 5 for small items', () => {
    const { byStep, units } = summariseMix(soswCallMix());
    expect([byStep.create.write, byStep.invoke.write, byStep.complete.write, byStep.archive.write]).toEqual([4, 4, 5, 5]);
    expect(units.write).toBe(18);
  });

  it('prices the mixes before this change: 23 write units with transactional audit rows and archive, 27 with every id checked', () => {
    expect(summariseMix(soswCallMix({ audit: 'transactional', archive: 'transaction' })).units.write).toBe(23);
    expect(summariseMix(soswCallMix({ enqueue: 'checked', audit: 'transactional', archive: 'transaction' })).units.write).toBe(27);
  });

  it('keeps the archive transaction with job counters: 2 more units per task plus a counter update per 49 tasks', () => {
    expect(summariseMix(soswCallMix({ jobs: true })).units.write).toBeCloseTo(18 + 2 + 2 / 49, 10);
  });

  it("the floor (every write plain, one audit row per change) writes the original's own 15 units per task, step by step", () => {
    const floor = summariseMix(floorCallMix());
    const original = summariseMix(originalCallMix({ queued: 1000 }));
    expect(floor.units.write).toBe(15);
    expect(floor.units.write).toBe(original.units.write);
    for (const step of ['create', 'invoke', 'complete', 'archive'] as const)
      expect(floor.byStep[step].write).toBe(original.byStep[step].write);
    expect(floor.units.read).toBeLessThan(0.1);
  });

  it('shows what each remaining cut saves: single conditional enqueue, plain report, no audit rows', () => {
    const write = (o: Parameters<typeof soswCallMix>[0]): number => summariseMix(soswCallMix(o)).units.write;
    expect(write({ enqueue: 'single' })).toBe(17);
    expect(write({ report: 'plain' })).toBe(16);
    expect(write({ enqueue: 'plain', audit: 'none' })).toBe(11);
  });

  it('prices units at on-demand rates', () => {
    expect(dynamoDollars({ write: 1e6, read: 1e6 })).toBeCloseTo(0.75, 10);
  });
});

describe('estimateMonthlyCost', () => {
  it('adds the scheduled essentials once and the per-task part per task', () => {
    const none = estimateMonthlyCost({ tasks: 0, labourers: ['a', 'b'] });
    const million = estimateMonthlyCost({ tasks: 1_000_000, labourers: ['a', 'b'] });
    expect(none.lambda.orchestrator.invocations).toBe(43_200);
    expect(none.dynamodb.writeUnits).toBe(0);
    expect(none.dollarsPerMillionTasks).toBeNull();
    expect(million.dynamodb.writeUnits).toBe(18_000_000);
    expect(million.lambda.workers.invocations).toBe(1_000_000);
    expect(million.lambda.worker_assistant.invocations).toBe(1_000_000);
    expect(million.dollars).toBeGreaterThan(none.dollars);
    expect(million.dollarsPerMillionTasks).toBeCloseTo(million.dollars - none.dollars, 6);
  });

  it('bills more reads for more labourers (each scheduled run reads every queue)', () => {
    const one = estimateMonthlyCost({ tasks: 0, labourers: ['a'] });
    const ten = estimateMonthlyCost({ tasks: 0, labourers: Array.from({ length: 10 }, (_, i) => `l${i}`) });
    expect(ten.dynamodb.readUnits).toBeGreaterThan(one.dynamodb.readUnits * 5);
  });
});
