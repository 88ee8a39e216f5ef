/** The embedded runtime on a database path whose folder cannot be made: a coded error naming it, not a raw errno. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedRuntime } from '../../../src/local.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('createEmbeddedRuntime with a database folder that cannot be made', () => {
  it('fails with store.unavailable naming the path and the fix', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sosw-db-folder-'));
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const dbPath = join(file, 'sub', 'sosw.db');

    const opening = createEmbeddedRuntime({ project: { labourers: { w: {} } }, dbPath, loadHandlers: false, heartbeat: false });

    await expect(opening).rejects.toMatchObject({
      code: 'store.unavailable',
      details: { path: dbPath, field: 'dbPath' },
      message: expect.stringMatching(/Cannot create the folder of the database .*ENOTDIR.*writable folder/),
    });
  });

  // Node's recursive mkdirSync never returns under /proc (it loops on ENOENT); sosw made its folders that way.
  it.runIf(process.platform === 'linux')(
    'fails at once under /proc instead of hanging',
    async () => {
      const dbPath = '/proc/sosw-no-such-folder/deeper/sosw.db';
      const opening = createEmbeddedRuntime({ project: { labourers: { w: {} } }, dbPath, loadHandlers: false, heartbeat: false });
      await expect(opening).rejects.toMatchObject({ code: 'store.unavailable', details: { path: dbPath } });
    },
    5_000,
  );

  it('makes every missing level of a writable path', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sosw-db-folder-'));
    const dbPath = join(dir, 'a', 'b', 'c', 'sosw.db');
    const runtime = await createEmbeddedRuntime({ project: { labourers: { w: {} } }, dbPath, loadHandlers: false, heartbeat: false });
    await runtime.stop();
    expect(existsSync(dbPath)).toBe(true);
  });
});
