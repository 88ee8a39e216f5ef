import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProjectConfig, handlerLocations, importHandlerExport, loadProject } from '../../../../src/adapters/local/project-loader.js';
import { SoswError } from '../../../../src/core/errors.js';

let root: string;

function write(path: string, text: string): string {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!SoswError.is(error)) throw new Error(`expected a SoswError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('project loader', () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sosw-loader-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  describe('findProjectConfig', () => {
    it('finds the nearest config upward from a nested folder', () => {
      const config = write('sosw.config.json', '{"labourers":{}}');
      mkdirSync(join(root, 'a/b/c'), { recursive: true });
      expect(findProjectConfig(join(root, 'a/b/c'))).toBe(config);
    });

    it('prefers a TypeScript config over JSON in the same folder', () => {
      write('sosw.config.json', '{"labourers":{}}');
      const ts = write('sosw.config.ts', 'export default { labourers: {} };');
      expect(findProjectConfig(root)).toBe(ts);
    });
  });

  describe('loadProject', () => {
    it('loads JSON and resolves the database path against the config folder', async () => {
      write('proj/sosw.config.json', JSON.stringify({ name: 'p', database: 'data/p.db', labourers: { w: { handler: './w.ts' } } }));
      const project = await loadProject({ configPath: 'proj/sosw.config.json', cwd: root });
      expect(project.config.name).toBe('p');
      expect(project.dir).toBe(join(root, 'proj'));
      expect(project.databasePath).toBe(join(root, 'proj/data/p.db'));
    });

    it('loads a TypeScript module exporting the config as default', async () => {
      write(
        'sosw.config.ts',
        'const labourers: Record<string, object> = { w: { max_simultaneous_invocations: 2 } };\nexport default { labourers };\n',
      );
      const project = await loadProject({ cwd: root });
      expect(project.config.labourers.w?.max_simultaneous_invocations).toBe(2);
      expect(project.databasePath).toBeUndefined();
    });

    it('fails with config.notFound and the fix when there is no config', async () => {
      const error = await codeOf(loadProject({ cwd: root }));
      expect(error.code).toBe('config.notFound');
      expect(error.message).toContain('--config');
    });

    it('fails with config.notFound for a missing --config file', async () => {
      expect((await codeOf(loadProject({ cwd: root, configPath: 'nope.json' }))).code).toBe('config.notFound');
    });

    it('names the file and the bad field of an invalid config', async () => {
      write('sosw.config.json', JSON.stringify({ labourers: { w: { max_attempts: 0 } } }));
      const error = await codeOf(loadProject({ cwd: root }));
      expect(error.code).toBe('config.invalid');
      expect(error.message).toContain('sosw.config.json');
      expect(error.message).toContain('labourers.w.max_attempts');
    });

    it('reports broken JSON as config.invalid', async () => {
      write('sosw.config.json', '{"labourers": ');
      expect((await codeOf(loadProject({ cwd: root }))).message).toMatch(/not valid JSON/);
    });

    it('explains how to export a config from a module that exports none', async () => {
      write('sosw.config.mjs', 'export const other = 1;\n');
      const error = await codeOf(loadProject({ cwd: root }));
      expect(error.message).toContain('export default');
    });
  });

  describe('handlers', () => {
    it('resolves handler modules relative to the config file and imports the named export', async () => {
      write('proj/workers/w.mjs', 'export const handler = async () => "w";\nexport const other = () => "o";\n');
      write(
        'proj/sosw.config.json',
        JSON.stringify({ labourers: { w: { handler: './workers/w.mjs' }, o: { handler: './workers/w.mjs#other' } } }),
      );
      const project = await loadProject({ cwd: join(root, 'proj') });
      const locations = handlerLocations(project);
      expect(locations.map((l) => [l.labourerId, l.exportName])).toEqual([
        ['w', 'handler'],
        ['o', 'other'],
      ]);
      expect(locations[0]?.modulePath).toBe(join(root, 'proj/workers/w.mjs'));
      const other = (await importHandlerExport(locations[1]!)) as () => string;
      expect(other()).toBe('o');
    });

    it('names the labourer and the field when a handler is missing from the config', async () => {
      write('sosw.config.json', JSON.stringify({ labourers: { lonely: {} } }));
      const project = await loadProject({ cwd: root });
      expect(() => handlerLocations(project)).toThrow(/lonely.*labourers\.lonely\.handler/s);
      expect(handlerLocations(project, true)).toEqual([]);
    });

    it('names the labourer and module when the module or its export is missing', async () => {
      write('workers/w.mjs', 'export const run = () => 1;\n');
      write('sosw.config.json', JSON.stringify({ labourers: { a: { handler: './workers/none.mjs' }, b: { handler: './workers/w.mjs' } } }));
      const [a, b] = handlerLocations(await loadProject({ cwd: root }));
      const missingModule = await codeOf(importHandlerExport(a!));
      expect(missingModule.code).toBe('config.handlerNotFound');
      expect(missingModule.message).toContain('Labourer a');
      const missingExport = await codeOf(importHandlerExport(b!));
      expect(missingExport.code).toBe('config.handlerNotFound');
      expect(missingExport.message).toMatch(/Labourer b.*no export named "handler".*run/s);
    });

    it('reports a module that throws while loading', async () => {
      write('workers/bad.mjs', 'throw new Error("top-level failure");\n');
      write('sosw.config.json', JSON.stringify({ labourers: { bad: { handler: './workers/bad.mjs' } } }));
      const [bad] = handlerLocations(await loadProject({ cwd: root }));
      expect((await codeOf(importHandlerExport(bad!))).message).toContain('top-level failure');
    });
  });
});
