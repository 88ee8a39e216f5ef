/**
 * A handler that leaks a rejected promise or throws in a timer callback ended `sosw dev` at once: every
 * task running beside it lost its attempt, and good tasks ended dead. The runtime must keep going, and
 * no other task may need a second attempt (each run's start is recorded with its attempt to check).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddedRuntime } from '../../src/local.js';
import { runCli } from './cli-process.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

const LEAKY_WORKER = `
import { appendFileSync } from 'node:fs';
export async function handler(payload, ctx) {
  const item = (payload.items ?? [])[0];
  appendFileSync(new URL('../starts.log', import.meta.url), item + ' ' + ctx.task.attempts + '\\n');
  if (item === 'leak') Promise.reject(new Error('leaked rejection'));
  if (item === 'timer') setTimeout(() => { throw new Error('uncaught later'); }, 5);
  await new Promise((r) => setTimeout(r, 50));
  return { item };
}
`;

describe('sosw dev with handlers that leak errors (subprocess)', () => {
  let fixture: ProjectFixture;
  afterAll(() => fixture?.remove());

  it('keeps running: every task completes on its first attempt, the stray errors are logged, the exit code is 1', async () => {
    fixture = createProjectFixture(oneLabourerConfig({ max_attempts: 2, duration: 5, cooldown: 1, timeout: 3 }), LEAKY_WORKER);
    const items = ['a', 'leak', 'b', 'timer', 'c', 'd'];
    const job = join(fixture.dir, 'job.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(job, JSON.stringify({ lambda_name: 'w', items, isolate_items: true }));

    const result = await runCli(
      ['dev', '--config', fixture.configPath, '--db', fixture.dbPath, '--job', job, '--tick', '50', '--no-dashboard', '--until-done'],
      { timeoutMs: 60_000 },
    );

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('error: a promise rejection nobody caught: Error: leaked rejection');
    expect(result.stderr).toContain('error: an exception nobody caught: Error: uncaught later');
    expect(result.stdout).toMatch(/Stopped after .*: 6 completed, 0 dead in this run; 0 still open\./);
    const starts = readFileSync(join(fixture.dir, 'starts.log'), 'utf8').trim().split('\n').sort();
    expect(starts).toEqual(items.map((item) => `${item} 1`).sort());

    const runtime = await createEmbeddedRuntime({
      configPath: fixture.configPath,
      dbPath: fixture.dbPath,
      loadHandlers: false,
      heartbeat: false,
    });
    try {
      expect(await runtime.summary()).toMatchObject({ completed: 6, dead: 0, open: 0 });
    } finally {
      await runtime.stop();
    }
  });
});
