/**
 * Optional means optional, and the CLI starts fast: `sosw --version`, `--help` and the embedded
 * verbs (demo, schedule, status, tasks, redrive, run on SQLite) run from the built CLI (dist/, as
 * users get it) without loading any AWS SDK client, aws-cdk-lib, esbuild or Powertools. A loader
 * hook records every module the process resolves; the test fails on any optional package.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
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
