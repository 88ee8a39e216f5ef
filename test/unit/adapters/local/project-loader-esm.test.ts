import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { esmInCommonJs } from '../../../../src/adapters/local/project-loader.js';

const dirs: string[] = [];
function project(packageJson: Record<string, unknown> | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-esm-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'app'));
  if (packageJson !== undefined) writeFileSync(join(dir, 'app', 'package.json'), JSON.stringify(packageJson));
  return join(dir, 'app');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('esmInCommonJs: an ES module config in a CommonJS scope', () => {
  const exportError = new SyntaxError("Unexpected token 'export'");

  it('names the package.json and the two fixes, not "fix the error in that file"', () => {
    const dir = project({ name: 'x', type: 'commonjs' });
    const hint = esmInCommonJs(join(dir, 'sosw.config.js'), exportError);
    expect(hint).toEqual({
      reason: `${join(dir, 'package.json')} has "type": "commonjs", so .js files are CommonJS`,
      renameTo: 'sosw.config.mjs',
      packageJson: join(dir, 'package.json'),
    });
    expect(esmInCommonJs(join(dir, 'sosw.config.js'), new SyntaxError('Cannot use import statement outside a module'))).toBeDefined();
  });

  it('says when the package.json has no "type"', () => {
    const dir = project({ name: 'x' });
    expect(esmInCommonJs(join(dir, 'sosw.config.js'), exportError)?.reason).toContain('has no "type"');
  });

  it('stays out of the way for real errors, ES module scopes and other extensions', () => {
    const cjs = project({ type: 'commonjs' });
    expect(esmInCommonJs(join(cjs, 'sosw.config.js'), new SyntaxError('Unexpected token }'))).toBeUndefined();
    expect(esmInCommonJs(join(cjs, 'sosw.config.js'), new Error("Unexpected token 'export'"))).toBeUndefined();
    expect(esmInCommonJs(join(cjs, 'sosw.config.mjs'), exportError)).toBeUndefined();
    const esm = project({ type: 'module' });
    expect(esmInCommonJs(join(esm, 'sosw.config.js'), exportError)).toBeUndefined();
  });
});
