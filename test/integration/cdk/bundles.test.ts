/**
 * The essentials' Lambda bundles build, load and run against moto with the environment and config
 * rows exactly as the `Sosw` stack deploys them (see deployed-environment.ts). Bundles whichever of
 * the four Lambda entries exist (src/lambda/<name>.ts); a stand-in handler that reads the config
 * rows checks the bundle format and the environment contract on its own.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry, ESSENTIALS, type EssentialName, essentialEntry } from '../../../src/cdk.js';
import { awsTierOff, motoEndpoint } from '../aws/helpers.js';
import { deployToMoto, type MotoDeployment } from './deployed-environment.js';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const READER_ENTRY = join(import.meta.dirname, '../../fixtures/cdk/config-reader-handler.ts');
const PRESENT = ESSENTIALS.filter((e) => existsSync(essentialEntry(e)));
const MISSING = ESSENTIALS.filter((e) => !PRESENT.includes(e));
if (MISSING.length > 0) console.warn(`[sosw cdk bundles] handler entries not written yet, not bundled: ${MISSING.join(', ')}`);

/** What each essential receives in production. */
function eventFor(essential: EssentialName, labourerId: string): unknown {
  if (essential === 'scheduler') return { job: { lambda_name: labourerId } };
  if (essential === 'worker_assistant') return { action: 'mark_task_as_completed', task_id: '00000000000000000000000000000000' };
  return { version: '0', source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
}

/**
 * What each handler answers when run in this order on a fresh deployment: the Scheduler queues the
 * job's one task, the Orchestrator invokes it, the Scavenger finds it still running, and a report
 * for an unknown task changes nothing.
 */
const EXPECTED: Readonly<Record<EssentialName, Record<string, unknown>>> = {
  scheduler: { total: 1, queued: 1, done: true },
  orchestrator: { ticks: 1, invoked: 1 },
  scavenger: { archived: 0, retried: 0, dead: [], errors: [] },
  worker_assistant: { action: 'mark_task_as_completed', applied: false, reason: 'unknown' },
};

function lambdaContext(functionName: string, remainingMs = 30_000): Record<string, unknown> {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'moto-request-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'moto',
    getRemainingTimeInMillis: () => remainingMs,
  };
}

/** Run `fn` with the deployed environment of an essential, then restore process.env. */
async function withEnvironment<T>(variables: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, variables);
  try {
    return await fn();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

async function load(entry: string, outdir: string): Promise<{ handler: Handler; bytes: number }> {
  const bundle = bundleEntry(entry, { outdir });
  const module = (await import(pathToFileURL(bundle.file).href)) as { handler?: unknown };
  expect(typeof module.handler).toBe('function');
  return { handler: module.handler as Handler, bytes: bundle.bytes };
}

describe.skipIf(awsTierOff())('essential bundles against moto', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'sosw-bundles-'));
  let deployment: MotoDeployment;
  let reader: Promise<{ handler: Handler; bytes: number }> | undefined;

  beforeAll(async () => {
    deployment = await deployToMoto(motoEndpoint() as string);
  }, 120_000);

  afterAll(async () => {
    await deployment?.drop();
    deployment?.dynamodb.destroy();
    rmSync(outdir, { recursive: true, force: true });
  });

  it.each(ESSENTIALS)('a bundle reads the config rows the stack writes, with the %s environment', async (essential) => {
    reader ??= load(READER_ENTRY, join(outdir, 'reader'));
    const { handler, bytes } = await reader;
    expect(bytes).toBeLessThan(1_500_000);
    const result = await withEnvironment(deployment.environments[essential], () => handler({}, lambdaContext(essential)));
    expect(result).toEqual({ essential, labourers: [deployment.labourerId] });
  });

  describe.skipIf(PRESENT.length === 0)('the essentials’ own handlers, in the order a job flows', () => {
    it.each(PRESENT)('%s: bundles into one small file, loads and handles its event', async (essential) => {
      const { handler, bytes } = await load(essentialEntry(essential), join(outdir, essential));
      expect(bytes).toBeLessThan(3_000_000);
      const environment = deployment.environments[essential];
      const context = lambdaContext(environment.POWERTOOLS_SERVICE_NAME ?? essential, essential === 'scheduler' ? 900_000 : 30_000);
      const result = await withEnvironment(environment, () => handler(eventFor(essential, deployment.labourerId), context));
      expect(result).toMatchObject(EXPECTED[essential]);
    });
  });
});
