/**
 * A second runtime on the same database started silently (a hostile sweep ran two `sosw dev`): both
 * dispatch, and together they may pass max_simultaneous_invocations. Starting next to a live one warns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeHeartbeat } from '../../../src/adapters/local/status-file.js';
import { createEmbeddedRuntime } from '../../../src/local.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sosw-second-runtime-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function startNextTo(pid: number, project: Record<string, unknown> = {}): Promise<string[]> {
  const dbPath = join(dir, 'sosw.db');
  const now = Date.now();
  writeHeartbeat(dbPath, { pid, project: 'p', running: true, updatedAt: now, startedAt: now, labourers: {} });
  const logger = recordingLogger();
  const runtime = await createEmbeddedRuntime({
    project: { labourers: { w: {} }, ...project },
    dbPath,
    loadHandlers: false,
    logger,
    dispatchIntervalMs: 60_000,
    sweepIntervalMs: 60_000,
  });
  await runtime.start();
  await runtime.stop();
  return logger.messages.warn;
}

describe('a runtime started next to another live one on the same database', () => {
  it('warns, naming its pid and the fix', async () => {
    // The parent process is alive and is not this one: it stands in for the other runtime.
    const warnings = await startNextTo(process.ppid);
    expect(warnings.some((w) => w.includes(`Another sosw runtime (pid ${process.ppid})`) && w.includes('dispatch_lease_seconds'))).toBe(
      true,
    );
  });

  it('says nothing when the other is this process, or when the dispatch lease is on', async () => {
    expect((await startNextTo(process.pid)).filter((w) => w.includes('Another sosw runtime'))).toEqual([]);
    const leased = await startNextTo(process.ppid, { orchestrator_config: { dispatch_lease_seconds: 30 } });
    expect(leased.filter((w) => w.includes('Another sosw runtime'))).toEqual([]);
  });
});
