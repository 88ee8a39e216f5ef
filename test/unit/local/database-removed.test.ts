/** The database file deleted under a running runtime: its writes were silently lost; it now logs an error naming the file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedRuntime } from '../../../src/local.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sosw-db-removed-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a database file removed while the runtime runs', () => {
  it('is reported once, as an error naming the file and the fix', async () => {
    const logger = recordingLogger();
    const errors = logger.messages.error;
    const dbPath = join(dir, 'sosw.db');
    const runtime = await createEmbeddedRuntime({
      project: { labourers: { w: {} } },
      dbPath,
      loadHandlers: false,
      logger,
      dispatchIntervalMs: 20,
    });
    await runtime.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(errors).toEqual([]);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
    await new Promise((r) => setTimeout(r, 2_500));
    await runtime.stop();
    const reported = errors.filter((e) => e.includes('was removed or replaced'));
    expect(reported).toHaveLength(1);
    expect(reported[0]).toContain(dbPath);
    expect(reported[0]).toContain('start it again');
  });
});
