/**
 * (b) The declarations type-check in a strict consumer: `strict`, `exactOptionalPropertyTypes`,
 * `noPropertyAccessFromIndexSignature`, `skipLibCheck: false`, with only typescript and
 * @types/node added (no @types for better-sqlite3 or aws-lambda), and without reading one of
 * our TypeScript sources. (aws-cdk-lib's own declarations fail `exactOptionalPropertyTypes`; their
 * errors are the only ones tolerated.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { userEnv } from './consumer-project.js';

const consumerDir = inject('consumerDir');

const CONSUMER = `
import { defineWorker, SoswError, type ProjectConfigInput, type WorkerContext } from 'sosw';
import { DynamoTaskStore, LambdaInvoker } from 'sosw/aws';
import { Sosw } from 'sosw/cdk';
import { createEmbeddedRuntime, type RunSummary } from 'sosw/local';
import { openSqliteDatabase, SqliteTaskStore } from 'sosw/sqlite';
import { createMemoryStore, RecordingInvoker } from 'sosw/testing';
import manifest from 'sosw/package.json' with { type: 'json' };

export const config: ProjectConfigInput = {
  name: 'prices',
  labourers: { fetch_prices: { handler: './workers/fetch-prices.ts', max_simultaneous_invocations: 4 } },
};

export const handler = defineWorker(async (payload: { stores: string[] }, ctx: WorkerContext) => {
  ctx.stats.increment('stores', payload.stores.length);
  return { count: payload.stores.length };
});

export async function run(): Promise<RunSummary> {
  const runtime = await createEmbeddedRuntime({ configPath: 'sosw.config.ts' });
  await runtime.schedule({ lambda_name: 'fetch_prices', stores: ['north'], isolate_stores: true });
  await runtime.start();
  const summary = await runtime.untilDone({ timeoutMs: 10_000 });
  await runtime.stop();
  return summary;
}

export const parts = [DynamoTaskStore, LambdaInvoker, Sosw, openSqliteDatabase, SqliteTaskStore, createMemoryStore, RecordingInvoker];
export const version: string = manifest.version;
export const isCoded = (error: unknown): boolean => error instanceof SoswError;
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noPropertyAccessFromIndexSignature: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    resolveJsonModule: true,
    types: ['node'],
    noEmit: true,
  },
  files: ['consumer.ts'],
};

describe('consumer: strict TypeScript', () => {
  it('a strict consumer of every entry type-checks against the shipped declarations only', () => {
    const dir = join(consumerDir, 'typecheck');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    const tsc = join(consumerDir, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFilesOnly'], {
      cwd: dir,
      env: userEnv(consumerDir),
      encoding: 'utf8',
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const ours = result.stdout.split('\n').filter((f) => f.includes('/node_modules/sosw/') && !f.endsWith('/package.json'));
    expect(ours.length).toBeGreaterThan(0);
    expect(
      ours.filter((f) => !f.endsWith('.d.ts')),
      'the consumer must read declarations, not our sources',
    ).toEqual([]);

    const check = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: dir,
      env: userEnv(consumerDir),
      encoding: 'utf8',
      timeout: 300_000,
    });
    // aws-cdk-lib's own declarations do not compile under exactOptionalPropertyTypes: not ours to
    // fix, so only errors in the consumer file and in other packages' files (ours first) count.
    const errors = `${check.stdout}${check.stderr}`
      .split('\n')
      .filter((line) => /error TS\d+/.test(line) && !line.includes('node_modules/aws-cdk-lib/'));
    expect(errors, 'tsc errors outside aws-cdk-lib').toEqual([]);
    expect(check.stdout + check.stderr, 'tsc ran').not.toMatch(/Cannot find module 'typescript'|error TS5\d{3}/);
  });
});
