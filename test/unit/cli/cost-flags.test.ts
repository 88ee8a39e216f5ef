import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCost } from '../../../src/cli/commands/cost.js';

// An empty folder: no sosw.config is found, one labourer is assumed.
const dir = mkdtempSync(join(tmpdir(), 'sosw-cost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sosw cost flags', () => {
  it.each([
    ['days', { days: '0' }, /--days: expected a number > 0 and <= 31/],
    ['days', { days: '40' }, /--days/],
    ['worker-memory', { workerMemory: '20000' }, /--worker-memory: expected an integer >= 128 and <= 10240 \(Lambda's memory range\)/],
    ['worker-seconds', { workerSeconds: '5000' }, /--worker-seconds: .*<= 900/],
    ['worker-seconds', { workerSeconds: '0' }, /--worker-seconds: expected a number > 0/],
    [
      'payload-bytes',
      { payloadBytes: '500000' },
      /--payload-bytes: .*<= 400000 \(a task item, payload included, must fit in a 400 KB DynamoDB item\)/,
    ],
  ])('refuses an impossible --%s with cli.usage naming the flag and its range', async (field, flags, message) => {
    const run = runCost({ tasks: '100', json: true, ...flags }, dir);
    await expect(run).rejects.toMatchObject({ code: 'cli.usage', details: { field }, message: expect.stringMatching(message) });
  });

  it('accepts the bounds themselves', async () => {
    const text = await runCost(
      { tasks: '100', json: true, days: '31', workerMemory: '10240', workerSeconds: '900', payloadBytes: '400000' },
      dir,
    );
    expect(JSON.parse(text)).toMatchObject({ tasks: 100, days: 31 });
  });

  it('counts in words that agree with the number (1 labourer, 1 invocation; 43,200 invocations)', async () => {
    const text = await runCost({ tasks: '1', json: false }, dir);
    expect(text).toMatch(/^1 task in 30 days, 1 labourer \(/);
    expect(text).toMatch(/Lambda scheduler\s+1 invocation, /);
    expect(text).toMatch(/Lambda orchestrator\s+43,200 invocations, /);
    expect(text).not.toMatch(/\(s\)|\b1 invocations/);
  });
});
