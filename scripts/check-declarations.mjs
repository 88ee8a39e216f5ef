#!/usr/bin/env node
// `npm run check:declarations` (after `npm run build`): type-check consumer files against the
// emitted declarations in dist/, as a user's project would, under the strictest settings
// (strict, exactOptionalPropertyTypes, noPropertyAccessFromIndexSignature, skipLibCheck false).
// The package is copied into a temp project whose node_modules holds only @types/node and
// sosw's own dependencies, so a declaration that leaks a type from a package users do not
// have (better-sqlite3's or aws-lambda's @types, an SDK client) fails here. The AWS and CDK
// entries are checked in a second project that also has their optional peer packages.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (!existsSync(join(root, 'dist', 'index.d.ts'))) {
  process.stderr.write('dist/ is missing: run `npm run build` first.\n');
  process.exit(1);
}

const STRICT = {
  target: 'ES2023',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  skipLibCheck: false,
  noEmit: true,
  types: ['node'],
};

const CORE_CONSUMER = `import { defineWorker, NonRetriableError, parseProjectConfig, SoswError, type LambdaContext, type ProjectConfigInput } from 'sosw';
import { openSqliteDatabase, SqliteTaskStore, type SqliteDatabase } from 'sosw/sqlite';
import { createEmbeddedRuntime, loadProject } from 'sosw/local';
import { createMemoryStore, RecordingInvoker } from 'sosw/testing';
import pkg from 'sosw/package.json' with { type: 'json' };

const config: ProjectConfigInput = { labourers: { fetch_prices: { handler: './workers/fetch-prices.ts', max_simultaneous_invocations: 2 } } };
export const parsed = parseProjectConfig(config, 'sosw.config.ts');
export const worker = defineWorker(async (payload: { day?: string }) => {
  if (payload.day === undefined) throw new NonRetriableError('day is required');
  return { day: payload.day };
});
export const context: LambdaContext = { functionName: 'f', invokedFunctionArn: 'arn', awsRequestId: 'r', logStreamName: 's', getRemainingTimeInMillis: () => 1000 };
export async function run(): Promise<number> {
  const db: SqliteDatabase = openSqliteDatabase(':memory:');
  const store = new SqliteTaskStore({ database: db });
  await store.close();
  const memory = createMemoryStore();
  const rows = memory.database.prepare('select 1 as one').all();
  await memory.close();
  const invoker = new RecordingInvoker();
  const project = await loadProject({ configPath: 'sosw.config.ts' });
  const runtime = await createEmbeddedRuntime({ configPath: project.path });
  await runtime.stop();
  return rows.length + (invoker instanceof RecordingInvoker ? 1 : 0) + (SoswError.is(new Error()) ? 1 : 0) + pkg.version.length;
}
`;

const AWS_CONSUMER = `import { DynamoTaskStore, LambdaInvoker, createAwsEssentials } from 'sosw/aws';
import { Sosw, synthesizeProject, type SoswProps } from 'sosw/cdk';
export const store = new DynamoTaskStore();
export const invoker = new LambdaInvoker({ clientConfig: { region: 'eu-west-1' } });
export const essentials = createAwsEssentials();
export type Props = SoswProps;
export const both = [Sosw, synthesizeProject];
`;

const nodeModules = join(root, 'node_modules');

function link(projectModules, name) {
  const target = join(projectModules, name);
  if (existsSync(target)) return; // already there through its linked scope
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(join(nodeModules, name), target, 'dir');
}

function check(label, source, packages, skipLibCheck) {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-declarations-'));
  try {
    const modules = join(dir, 'node_modules');
    mkdirSync(join(modules, 'sosw'), { recursive: true });
    // A copy, not a link: the declarations must resolve their imports from this project only.
    cpSync(join(root, 'dist'), join(modules, 'sosw', 'dist'), { recursive: true });
    cpSync(join(root, 'package.json'), join(modules, 'sosw', 'package.json'));
    for (const name of ['@types/node', 'undici-types', ...packages]) link(modules, name);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    writeFileSync(join(dir, 'consumer.ts'), source);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { ...STRICT, resolveJsonModule: true, skipLibCheck }, files: ['consumer.ts'] }),
    );
    const started = performance.now();
    let output = '';
    try {
      output = execFileSync(process.execPath, [tsc, '-p', dir, '--listFiles'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      process.stderr.write(
        `${label}: the declarations do not type-check in a strict consumer:\n${error.stdout ?? ''}${error.stderr ?? ''}\n`,
      );
      process.exitCode = 1;
      return;
    }
    const files = output.split('\n').filter((line) => line.includes('/node_modules/sosw/')).length;
    process.stdout.write(`${label}: ok (${files} sosw declaration files, ${Math.round(performance.now() - started)} ms)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const runtimeDependencies = Object.keys(pkg.dependencies ?? {});
check('sosw, sosw/sqlite, sosw/local, sosw/testing', CORE_CONSUMER, runtimeDependencies, false);
const peers = Object.keys(pkg.peerDependencies ?? {}).filter((name) => existsSync(join(nodeModules, name)));
// aws-cdk-lib's and the SDK's own declarations are theirs to check: skipLibCheck for this one.
check('sosw/aws, sosw/cdk', AWS_CONSUMER, ['@aws-sdk', '@smithy', '@aws-crypto', ...runtimeDependencies, ...peers], true);
