/**
 * Optional means optional, and the CLI starts fast: `sosw --version`, `--help` and the embedded
 * verbs (demo, schedule, status, tasks, redrive, run on SQLite) run from the built CLI (dist/, as
 * users get it) without loading any AWS SDK client, aws-cdk-lib, esbuild or Powertools. A loader
 * hook records every module the process resolves; the test fails on any optional package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './cli-process.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

const OPTIONAL = /\/node_modules\/(@aws-sdk\/|@smithy\/|aws-cdk-lib\/|constructs\/|esbuild\/|@aws-lambda-powertools\/)/;

const traceDir = mkdtempSync(join(tmpdir(), 'sosw-trace-'));
const hook = join(traceDir, 'hook.mjs');
const register = join(traceDir, 'register.mjs');
writeFileSync(
  hook,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.SOSW_TRACE_FILE, result.url + '\\n');
  return result;
}`,
);
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hook}`)});\n`);

let project: ProjectFixture;

/** Run `sosw <args>` and return what it loaded. */
async function loaded(name: string, args: readonly string[]): Promise<{ code: number | null; modules: string[]; stderr: string }> {
  const traceFile = join(traceDir, `${name}.txt`);
  writeFileSync(traceFile, '');
  const result = await runCli(args, {
    cwd: project.dir,
    env: { NODE_OPTIONS: `--import ${register}`, SOSW_TRACE_FILE: traceFile },
  });
  return { code: result.code, stderr: result.stderr, modules: readFileSync(traceFile, 'utf8').split('\n').filter(Boolean) };
}

beforeAll(() => {
  project = createProjectFixture(oneLabourerConfig());
  writeFileSync(join(project.dir, 'job.json'), JSON.stringify({ lambda_name: 'w', items: ['a', 'b'] }));
});

afterAll(() => {
  project.remove();
  rmSync(traceDir, { recursive: true, force: true });
});

describe('the CLI loads no optional package on the embedded path', () => {
  const verbs: Array<[string, string[]]> = [
    ['version', ['--version']],
    ['help', ['--help']],
    ['schedule', ['schedule', 'job.json']],
    ['status', ['status']],
    ['tasks', ['tasks']],
    ['redrive', ['redrive', '--all']],
    ['run', ['run', 'orchestrator']],
    ['demo', ['demo', '--dir', '.sosw/demo', '--json']],
  ];
  for (const [name, args] of verbs) {
    it(`sosw ${args.join(' ')}`, async () => {
      const { code, modules, stderr } = await loaded(name, args);
      expect(modules.length, 'the trace hook saw the modules').toBeGreaterThan(0);
      expect(modules.filter((url) => OPTIONAL.test(url))).toEqual([]);
      // --version and --help load no verb module at all.
      if (name === 'version' || name === 'help') expect(modules.filter((url) => url.includes('/cli/commands/'))).toEqual([]);
      expect({ code, stderr }).toMatchObject({ code: 0 });
    });
  }

  it('runs the built CLI (dist/), not the sources', async () => {
    const { modules } = await loaded('built', ['--version']);
    expect(modules.some((url) => url.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(modules.some((url) => url.endsWith('.ts'))).toBe(false);
  });
});

describe('optional packages missing at run time', () => {
  /** Run an ESM snippet with plain node while `blocked` packages resolve as not installed. */
  function withBlocked(blocked: readonly string[], snippet: string): { code: number | null; stdout: string; stderr: string } {
    const blocker = join(traceDir, `block-${blocked.length}.mjs`);
    writeFileSync(
      blocker,
      `const BLOCKED = ${JSON.stringify(blocked)};
export async function resolve(specifier, context, next) {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (BLOCKED.includes(name)) throw Object.assign(new Error("Cannot find package '" + name + "' imported from " + context.parentURL), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}`,
    );
    const registerBlocker = join(traceDir, `register-block-${blocked.length}.mjs`);
    writeFileSync(registerBlocker, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${blocker}`)});\n`);
    // require() (better-sqlite3 is loaded with createRequire) does not go through the ESM hooks on Node 20.
    const requireBlocker = join(traceDir, `block-${blocked.length}.cjs`);
    writeFileSync(
      requireBlocker,
      `const Module = require('node:module');
const BLOCKED = ${JSON.stringify(blocked)};
const original = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (BLOCKED.includes(request)) throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
  return original.call(this, request, ...rest);
};`,
    );
    const run = spawnSync(
      process.execPath,
      ['--require', requireBlocker, '--import', registerBlocker, '--input-type=module', '-e', snippet],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, AWS_REGION: 'eu-west-1', NODE_OPTIONS: '' },
      },
    );
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it('sosw/aws imports with only the DynamoDB packages; an adapter whose client is missing says what to install', () => {
    const result = withBlocked(
      [
        '@aws-sdk/client-sns',
        '@aws-sdk/client-s3',
        '@aws-sdk/client-lambda',
        '@aws-sdk/client-cloudwatch',
        '@aws-sdk/client-ssm',
        '@aws-sdk/client-secrets-manager',
      ],
      `const aws = await import(${JSON.stringify(`${REPO_ROOT}dist/aws.js`)});
new aws.DynamoTaskStore();
const essentials = aws.createAwsEssentials();
await essentials.close();
const notifier = new aws.SnsNotifier({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:dead' });
try { await notifier.notify('subject', ['message']); } catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message })); }`,
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      code: 'dependency.missing',
      message: 'SnsNotifier needs the package @aws-sdk/client-sns, which is not installed. Run `npm install @aws-sdk/client-sns`.',
    });
  });

  it('sosw/testing gives RecordingInvoker without better-sqlite3; opening a store names the install line', () => {
    const result = withBlocked(
      ['better-sqlite3'],
      `const testing = await import(${JSON.stringify(`${REPO_ROOT}dist/testing.js`)});
const invoker = new testing.RecordingInvoker();
await invoker.invoke('w', { a: 1 });
try { testing.createMemoryStore(); } catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message, calls: invoker.invocations.length })); }`,
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      code: 'dependency.missing',
      message: 'The embedded (SQLite) store needs the package better-sqlite3, which is not installed. Run `npm install better-sqlite3`.',
      calls: 1,
    });
  });

  it('sosw --backend aws without the SDK clients: dependency.missing with the AWS install line, exit 1', async () => {
    const blocker = withBlocked(['@aws-sdk/client-dynamodb'], 'process.exit(0)');
    expect(blocker.code).toBe(0);
    const result = await runCli(['status', '--backend', 'aws'], {
      cwd: project.dir,
      env: { NODE_OPTIONS: `--import ${join(traceDir, 'register-block-1.mjs')}`, AWS_REGION: 'eu-west-1' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [dependency.missing]: The AWS backend needs the package @aws-sdk/client-dynamodb');
    expect(result.stderr).toContain('npm install @aws-sdk/client-dynamodb @aws-sdk/lib-dynamodb');
  });
});
