/** Open tasks of labourers the config no longer defines (renamed or removed): counted and named by sosw status. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTasksOfUnknownLabourers, unknownLabourersWarning } from '../../../src/cli/commands/status.js';
import { main } from '../../../src/cli/main.js';
import { createEmbeddedRuntime } from '../../../src/local.js';
import { captureStdio } from '../../helpers/capture-stdio.js';

let stdout: string;
let stderr: string;
let dir: string;
let configPath: string;
let dbPath: string;

const writeConfig = (labourers: string[]): void =>
  writeFileSync(
    configPath,
    JSON.stringify({
      name: 'renamed',
      labourers: Object.fromEntries(labourers.map((id) => [id, {}])),
      job_schema_variants: { default: { chunkable_attrs: [['store', {}]] } },
    }),
  );

beforeEach(() => {
  stdout = '';
  stderr = '';
  captureStdio({
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'sosw-unknown-labourers-'));
  configPath = join(dir, 'sosw.config.json');
  dbPath = join(dir, 'sosw.db');
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('open tasks of labourers the config does not define', () => {
  it('are counted by labourer, and sosw status warns naming them and the fix (--json: unknownLabourers)', async () => {
    writeConfig(['old_name', 'kept']);
    const runtime = await createEmbeddedRuntime({ configPath, dbPath, loadHandlers: false, heartbeat: false });
    await runtime.schedule({ lambda_name: 'old_name', job_id: 'j', stores: ['a', 'b'], isolate_stores: true });
    await runtime.schedule({ lambda_name: 'kept', job_id: 'k' });
    await runtime.stop();
    writeConfig(['new_name', 'kept']);

    expect(openTasksOfUnknownLabourers(dbPath, ['new_name', 'kept'])).toEqual([{ labourerId: 'old_name', open: 2 }]);
    expect(openTasksOfUnknownLabourers(dbPath, ['old_name', 'kept'])).toEqual([]);
    expect(openTasksOfUnknownLabourers(join(dir, 'missing.db'), [])).toEqual([]);

    expect(await main(['node', 'sosw', 'status', '--config', configPath, '--db', dbPath])).toBe(0);
    expect(stdout).toMatch(/Warning: the database has 2 open tasks of a labourer the config does not define: old_name \(2\)/);
    expect(stdout).toMatch(/configured: new_name, kept\)\. Add the labourer back .* sosw cancel <job id>/);
    stdout = '';
    expect(await main(['node', 'sosw', 'status', '--json', '--config', configPath, '--db', dbPath])).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ unknownLabourers: [{ labourerId: 'old_name', open: 2 }] });

    // sosw tasks lists only configured labourers' tasks: it says the others exist.
    stdout = '';
    expect(await main(['node', 'sosw', 'tasks', '--config', configPath, '--db', dbPath])).toBe(0);
    expect(stdout).toMatch(/Warning: the database has 2 open tasks of a labourer the config does not define: old_name \(2\)/);
    stdout = '';
    expect(await main(['node', 'sosw', 'tasks', '--json', '--config', configPath, '--db', dbPath])).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ unknownLabourers: [{ labourerId: 'old_name', open: 2 }] });

    // sosw dev runs only configured labourers: it warns when it starts and in its stop summary.
    writeFileSync(join(dir, 'kept.mjs'), 'export const handler = async () => ({ ok: true });');
    writeFileSync(join(dir, 'new.mjs'), 'export const handler = async () => ({ ok: true });');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as { labourers: Record<string, unknown> };
    config.labourers = { new_name: { handler: './new.mjs' }, kept: { handler: './kept.mjs' } };
    writeFileSync(configPath, JSON.stringify(config));
    stderr = '';
    const code = await main(['node', 'sosw', 'dev', '--until-done', '--no-dashboard', '--config', configPath, '--db', dbPath]);
    expect(code, stderr).toBe(0);
    expect(stderr.match(/Warning: the database has 2 open tasks of a labourer the config does not define: old_name/g)).toHaveLength(2);
  }, 60_000);

  it('no warning without such tasks', () => {
    expect(unknownLabourersWarning([], ['a'])).toBeNull();
    expect(
      unknownLabourersWarning(
        [
          { labourerId: 'x', open: 1 },
          { labourerId: 'y', open: 1200 },
        ],
        [],
      ),
    ).toMatch(/1,201 open tasks of labourers the config does not define: x \(1\), y \(1,200\)\. .*\(configured: none\)/);
  });
});
