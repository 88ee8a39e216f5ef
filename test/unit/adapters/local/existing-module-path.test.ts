import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { existingModulePath } from '../../../../src/adapters/local/project-loader.js';

const dirs: string[] = [];
function folder(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-paths-'));
  dirs.push(dir);
  for (const file of files) writeFileSync(join(dir, file), 'export const handler = 1;\n');
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('existingModulePath: a handler written as .js finds its .ts source, and .ts finds its compiled .js', () => {
  it('keeps a path that exists', () => {
    const dir = folder(['w.ts', 'w.js']);
    expect(existingModulePath(join(dir, 'w.ts'))).toBe(join(dir, 'w.ts'));
    expect(existingModulePath(join(dir, 'w.js'))).toBe(join(dir, 'w.js'));
  });

  it('maps ./w.js to w.ts (TypeScript ESM convention) and ./w.mjs to w.mts', () => {
    const dir = folder(['w.ts', 'm.mts']);
    expect(existingModulePath(join(dir, 'w.js'))).toBe(join(dir, 'w.ts'));
    expect(existingModulePath(join(dir, 'm.mjs'))).toBe(join(dir, 'm.mts'));
  });

  it('maps ./w.ts to the compiled w.js (a built project, or sosw demo from the package)', () => {
    const dir = folder(['w.js']);
    expect(existingModulePath(join(dir, 'w.ts'))).toBe(join(dir, 'w.js'));
  });

  it('returns the path as written when neither exists, so the error names what the config says', () => {
    const dir = folder([]);
    expect(existingModulePath(join(dir, 'w.ts'))).toBe(join(dir, 'w.ts'));
  });
});
