/**
 * A `sosw.config.ts` and `.ts` workers load in any folder: package.json with `"type": "module"`,
 * `"type": "commonjs"`, `{}`, or none at all. The worker imports `defineWorker` from `sosw` (the
 * same instance the runtime uses, or the class would not be recognised), and real errors in a
 * config or a worker (a throw, a syntax error) are reported with their own message.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './cli-process.js';

const CONFIG = `import type { ProjectConfigInput } from 'sosw';
import { LABOURER } from './labourer.ts';

const maxAttempts: number = 2;
const config: ProjectConfigInput = {
  name: 'ts project',
  labourers: {
    [LABOURER]: { handler: './workers/greet.ts', max_simultaneous_invocations: 4, duration: 1, cooldown: 0, timeout: 2, max_attempts: maxAttempts },
  },
  job_schema_variants: { default: { chunkable_attrs: [['name', {}]] } },
};
export default config;
`;

const WORKER = `import { defineWorker } from 'sosw';

interface Payload { readonly names: readonly string[] }

export const handler = defineWorker<Payload, { greeting: string }>(async (payload) => {
  const [name = '?'] = payload.names;
  return { greeting: \`hello \${name}\` };
});
`;

const dirs: string[] = [];

function project(packageJson: string | undefined, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-ts-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'workers'));
  mkdirSync(join(dir, 'node_modules'));
  // The project depends on sosw: here, this repository (its built dist/).
  symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'sosw'), 'dir');
  if (packageJson !== undefined) writeFileSync(join(dir, 'package.json'), packageJson);
  const all: Record<string, string> = {
    'sosw.config.ts': CONFIG,
    'labourer.ts': "export const LABOURER: string = 'greet';\n",
    'workers/greet.ts': WORKER,
    'job.json': JSON.stringify({ lambda_name: 'greet', names: ['ada', 'bob'] }),
    ...files,
  };
  for (const [name, text] of Object.entries(all)) writeFileSync(join(dir, name), text);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('TypeScript configs and workers load whatever the folder module type', () => {
  const variants: Array<[string, string | undefined]> = [
    ['"type": "module"', '{ "type": "module" }'],
    ['"type": "commonjs"', '{ "type": "commonjs" }'],
    ['an empty package.json', '{}'],
    ['no package.json', undefined],
  ];
  for (const [label, packageJson] of variants) {
    it(`with ${label}: schedule, run the worker, every task completes`, async () => {
      const dir = project(packageJson);
      const scheduled = await runCli(['schedule', 'job.json'], { cwd: dir });
      expect(scheduled.stderr).toBe('');
      expect(scheduled.code).toBe(0);
      const run = await runCli(['run', 'orchestrator', '--json'], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const tasks = await runCli(['tasks', '--json'], { cwd: dir });
      expect(tasks.code).toBe(0);
      const listed = (JSON.parse(tasks.stdout) as { tasks: Array<{ state: string; result?: { greeting?: string } }> }).tasks;
      expect(listed.length).toBeGreaterThan(0);
      // The worker ran (its result is stored): the config, its TS import and the defineWorker class all loaded.
      for (const task of listed) expect(task).toMatchObject({ state: 'completed', result: { greeting: expect.stringMatching(/^hello /) } });
    });
  }
});

describe('real errors in user modules are reported with their cause', () => {
  it('a config that throws', async () => {
    const dir = project('{}', { 'sosw.config.ts': "throw new Error('the config exploded on purpose');\nexport default {};\n" });
    const result = await runCli(['status'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [module.loadFailed]');
    expect(result.stderr).toContain('the config exploded on purpose');
    expect(result.stderr).not.toContain('in a cycle');
  });

  it('a config with a syntax error names the file and line', async () => {
    const dir = project('{ "type": "commonjs" }', { 'sosw.config.ts': 'const broken: number = ;\nexport default {};\n' });
    const result = await runCli(['status'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [module.loadFailed]');
    expect(result.stderr).toMatch(/sosw\.config\.ts:1/);
  });

  it('a worker that throws while loading', async () => {
    const dir = project(undefined, { 'workers/greet.ts': "throw new Error('worker module exploded');\nexport const handler = 1;\n" });
    expect((await runCli(['schedule', 'job.json'], { cwd: dir })).code).toBe(0);
    const result = await runCli(['run', 'orchestrator'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [module.loadFailed]');
    expect(result.stderr).toContain('worker module exploded');
  });
});
