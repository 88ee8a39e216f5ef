/**
 * Every `from 'sosw...'` import of README.md, docs/ and examples/ names an entry and symbols that
 * the packed package's declarations export (the unit tier checks the same against the sources).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from './consumer-project.js';
import { exportedNames, packageEntries, scanImports, userDocFiles } from './doc-scan.js';

const consumerDir = inject('consumerDir');

describe('consumer: the docs import what the packed package exports', () => {
  it('every sosw import of the docs resolves to an exported name of the installed declarations', () => {
    const packageDir = join(consumerDir, 'node_modules', 'sosw');
    const names = exportedNames(packageEntries(packageDir, (types) => join(packageDir, types)));
    expect(names.get('sosw/local')?.has('createEmbeddedRuntime')).toBe(true);
    const exportsOf = (entry: string): ReadonlySet<string> | undefined => (entry === 'sosw/package.json' ? new Set() : names.get(entry));
    const problems = userDocFiles(REPO_ROOT).flatMap((file) => scanImports(file, readFileSync(join(REPO_ROOT, file), 'utf8'), exportsOf));
    expect(problems).toEqual([]);
  });
});
