import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileConfigSource } from '../../../../src/adapters/local/file-config-source.js';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sosw-file-config-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('FileConfigSource', () => {
  describe('with a folder', () => {
    it('reads <name>.json and answers null for a missing document', async () => {
      writeFileSync(join(root, 'my_worker_config.json'), '{"batch": 10, "nested": {"a": [1]}}');
      const source = new FileConfigSource({ dir: root });
      expect(await source.get('my_worker_config')).toEqual({ batch: 10, nested: { a: [1] } });
      expect(await source.get('other_config')).toBeNull();
    });

    it('rejects names that could leave the folder', async () => {
      const source = new FileConfigSource({ dir: root });
      await expect(source.get('../secrets')).rejects.toMatchObject({ code: 'config.invalid' });
    });

    it('names the file when its JSON is broken or not an object', async () => {
      writeFileSync(join(root, 'broken.json'), '{nope');
      writeFileSync(join(root, 'list.json'), '[1]');
      const source = new FileConfigSource({ dir: root });
      await expect(source.get('broken')).rejects.toThrow(/broken\.json\) is not valid JSON/);
      await expect(source.get('list')).rejects.toThrow(/must be a JSON object/);
    });

    it('fails with config.sourceUnavailable when the folder does not exist', async () => {
      const source = new FileConfigSource({ dir: join(root, 'missing') });
      await expect(source.get('a')).rejects.toMatchObject({ code: 'config.sourceUnavailable' });
    });
  });

  describe('with one file', () => {
    it('reads documents by name', async () => {
      const file = join(root, 'documents.json');
      writeFileSync(file, JSON.stringify({ sosw_essential_config: { x: 1 }, empty: null }));
      const source = new FileConfigSource({ file });
      expect(await source.get('sosw_essential_config')).toEqual({ x: 1 });
      expect(await source.get('empty')).toBeNull();
      expect(await source.get('toString')).toBeNull();
    });

    it('fails when the file is missing or not an object of documents', async () => {
      const list = join(root, 'list.json');
      writeFileSync(list, '[]');
      await expect(new FileConfigSource({ file: join(root, 'none.json') }).get('a')).rejects.toMatchObject({
        code: 'config.sourceUnavailable',
      });
      await expect(new FileConfigSource({ file: list }).get('a')).rejects.toThrow(/object of documents by name/);
    });
  });

  describe('fromEnv', () => {
    it('tells a folder from a file, and is undefined when SOSW_CONFIG_PATH is unset', async () => {
      // Prepare
      const dir = join(root, 'dir');
      mkdirSync(dir);
      writeFileSync(join(dir, 'a.json'), '{"from": "dir"}');
      const file = join(root, 'all.json');
      writeFileSync(file, '{"a": {"from": "file"}}');

      // Act
      const fromDir = FileConfigSource.fromEnv({ SOSW_CONFIG_PATH: dir });
      const fromFile = FileConfigSource.fromEnv({ SOSW_CONFIG_PATH: file });

      // Assert
      expect(await fromDir?.get('a')).toEqual({ from: 'dir' });
      expect(await fromFile?.get('a')).toEqual({ from: 'file' });
      expect(FileConfigSource.fromEnv({})).toBeUndefined();
      expect(() => FileConfigSource.fromEnv({ SOSW_CONFIG_PATH: join(root, 'nope') })).toThrow(/SOSW_CONFIG_PATH/);
    });
  });

  it('needs exactly one of dir and file', () => {
    expect(() => new FileConfigSource({ dir: '' })).toThrow(/exactly one of/);
    expect(() => new FileConfigSource({ dir: 'a', file: 'b' } as never)).toThrow(/exactly one of/);
  });
});
