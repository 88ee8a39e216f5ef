/** `sosw demo --dir`: only a new, empty or earlier-demo folder is used, and only the demo's own files are removed. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_MARKER, lookAroundLines, prepareDemoDir } from '../../../src/cli/commands/demo.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sosw-demo-dir-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const write = (path: string, text = 'x'): void => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};

describe('prepareDemoDir', () => {
  it('creates a missing folder and marks it', () => {
    const dir = join(root, 'a', 'b');
    prepareDemoDir(dir);
    expect(readdirSync(dir)).toEqual([DEMO_MARKER]);
  });

  it('an empty folder is used and marked', () => {
    prepareDemoDir(root);
    expect(readdirSync(root)).toEqual([DEMO_MARKER]);
  });

  it('an earlier demo folder (marked) loses only the demo files, blobs included', () => {
    prepareDemoDir(root);
    for (const name of ['demo.db', 'demo.db-wal', 'demo.db.status.json', 'metrics.json', 'demo.db.status.json.123.tmp'])
      write(join(root, name));
    write(join(root, 'blobs', 'queue', 'f.jsonl'));
    prepareDemoDir(root);
    expect(readdirSync(root)).toEqual([DEMO_MARKER]);
  });

  it("a project's .sosw (database, queue files) is refused with cli.usage and left as it is", () => {
    write(join(root, 'sosw.db'));
    write(join(root, 'blobs', 'q.jsonl'));
    expect(() => prepareDemoDir(root)).toThrow(
      expect.objectContaining({ code: 'cli.usage', details: expect.objectContaining({ field: 'dir' }) }),
    );
    expect(existsSync(join(root, 'blobs', 'q.jsonl'))).toBe(true);
    expect(existsSync(join(root, 'sosw.db'))).toBe(true);
  });

  it('a marked folder with foreign files is refused, nothing removed', () => {
    prepareDemoDir(root);
    write(join(root, 'demo.db'));
    write(join(root, 'notes.txt'));
    expect(() => prepareDemoDir(root)).toThrow(/holds files the demo did not make \(notes\.txt\)/);
    expect(existsSync(join(root, 'demo.db'))).toBe(true);
  });

  it('a file, or a path under a file, is cli.usage (never an internal ENOTDIR)', () => {
    const file = join(root, 'file');
    write(file);
    expect(() => prepareDemoDir(file)).toThrow(
      expect.objectContaining({ code: 'cli.usage', message: expect.stringMatching(/is a file, not a folder/) }),
    );
    expect(() => prepareDemoDir(join(file, 'x'))).toThrow(
      expect.objectContaining({ code: 'cli.usage', message: expect.stringMatching(/ENOTDIR/) }),
    );
  });

  it('the default folder of an older demo (no marker, demo files only) is cleared; with blobs it is refused', () => {
    for (const name of ['demo.db', 'demo.db-shm', 'metrics.json']) write(join(root, name));
    expect(() => prepareDemoDir(root)).toThrow(/not a folder of an earlier demo/);
    prepareDemoDir(root, { legacy: true });
    expect(readdirSync(root)).toEqual([DEMO_MARKER]);
    rmSync(join(root, DEMO_MARKER));
    write(join(root, 'demo.db'));
    write(join(root, 'blobs', 'q'));
    expect(() => prepareDemoDir(root, { legacy: true })).toThrow(expect.objectContaining({ code: 'cli.usage' }));
    expect(existsSync(join(root, 'blobs', 'q'))).toBe(true);
  });
});

describe('the demo summary', () => {
  it('suggests its follow-up commands as npx sosw, relative to the current folder', () => {
    const lines = lookAroundLines('/p/node_modules/sosw/dist/demo/sosw.config.js', '/p/.sosw/demo', '/p');
    expect(lines).toEqual([
      'Look around: npx sosw status --config node_modules/sosw/dist/demo/sosw.config.js --db /p/.sosw/demo/demo.db',
      '             npx sosw tasks --state dead --config node_modules/sosw/dist/demo/sosw.config.js --db /p/.sosw/demo/demo.db',
    ]);
  });
});
