/** Failing verbs as a user meets them (subprocess): a coded error, and no stray database file. */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

describe('sosw verbs on hostile input (subprocess)', () => {
  let fixture: ProjectFixture;
  beforeAll(() => {
    fixture = createProjectFixture(oneLabourerConfig());
  });
  afterAll(() => fixture.remove());

  const errorOf = (stderr: string): { code: string; message: string } =>
    (JSON.parse(stderr.trim().split('\n').pop() as string) as { error: { code: string; message: string } }).error;

  it('read verbs on a database that does not exist: store.notFound, and no file is created', async () => {
    const dbPath = join(fixture.dir, 'missing', 'sosw.db');
    for (const verb of [['status'], ['tasks'], ['redrive', 'f'.repeat(32)]]) {
      const result = await runCli([...verb, '--config', fixture.configPath, '--db', dbPath, '--json']);
      expect(result.code, result.stderr).toBe(1);
      expect(errorOf(result.stderr).code).toBe('store.notFound');
    }
    expect(existsSync(join(fixture.dir, 'missing'))).toBe(false);
  });

  it('a verb that fails after creating a new database removes it and the folders it made', async () => {
    const dbPath = join(fixture.dir, 'fresh', 'nested', 'sosw.db');
    const result = await runCli([
      'run',
      'scheduler',
      '--event',
      '{"lambda_name":"nope"}',
      '--config',
      fixture.configPath,
      '--db',
      dbPath,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(1);
    expect(errorOf(result.stderr).code).toBe('job.unknownLabourer');
    expect(existsSync(join(fixture.dir, 'fresh'))).toBe(false);
  });

  it('a job file with non-UTF-8 bytes or 1e999 is refused with job.invalid, and nothing is created', async () => {
    const latin1 = join(fixture.dir, 'latin1.json');
    writeFileSync(latin1, Buffer.from([...Buffer.from('{"lambda_name": "w", "x": "caf'), 0xe9, ...Buffer.from('"}')]));
    const infinite = join(fixture.dir, 'infinite.json');
    writeFileSync(infinite, '{"lambda_name": "w", "x": 1e999}');
    const dbPath = join(fixture.dir, 'jobs', 'sosw.db');
    for (const [file, text] of [
      [latin1, /not valid UTF-8/],
      [infinite, /job\.x: numbers must be finite/],
    ] as const) {
      const result = await runCli(['schedule', file, '--db', dbPath, '--json']);
      expect(result.code, result.stderr).toBe(1);
      expect(errorOf(result.stderr)).toMatchObject({ code: 'job.invalid', message: expect.stringMatching(text) });
    }
    expect(readdirSync(fixture.dir).includes('jobs')).toBe(false);
  });
});
