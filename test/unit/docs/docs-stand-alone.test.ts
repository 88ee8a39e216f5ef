/**
 * The user docs (README.md, docs/, examples/) stand alone: no link or citation outside the
 * repository, examples import `sosw`, and every `from 'sosw...'` import names an entry of the
 * package's `exports` and symbols that entry exports. The consumer tier runs the same import
 * check against the declarations of the packed package.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportedNames, packageEntries, scanImports, scanText, userDocFiles } from '../../consumer/doc-scan.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function sourceEntries(): Map<string, string> {
  return packageEntries(ROOT, (_types, key) => join(ROOT, 'src', key === '.' ? 'index.ts' : `${key.slice(2)}.ts`));
}

describe('user docs stand alone', () => {
  const files = userDocFiles(ROOT);

  it('scans the README, the guides and the examples', () => {
    expect(files).toContain('README.md');
    expect(files.filter((f) => f.startsWith('docs')).length).toBeGreaterThan(8);
    expect(files.filter((f) => f.startsWith('examples')).length).toBeGreaterThan(4);
  });

  it('link only to files of this repository and cite nothing that is not shipped', () => {
    const problems = files.flatMap((file) => scanText(ROOT, file, readFileSync(join(ROOT, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('import only entries and names the package exports', () => {
    const names = exportedNames(sourceEntries());
    const exportsOf = (entry: string): ReadonlySet<string> | undefined => (entry === 'sosw/package.json' ? new Set() : names.get(entry));
    const problems = files.flatMap((file) => scanImports(file, readFileSync(join(ROOT, file), 'utf8'), exportsOf));
    expect(problems).toEqual([]);
  });

  it('say the test and bench files they cite are in the repository (the npm package ships neither)', () => {
    const guides = ['docs/operations.md', 'docs/dashboard.md', 'docs/essentials.md', 'docs/local.md'];
    const unlabelled = guides.flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split(/^(?=#)/m)
        .filter((section) => /`(test|bench)\//.test(section) && !/repository/.test(section))
        .map((section) => `${file}: ${section.split('\n')[0]}`),
    );
    expect(unlabelled).toEqual([]);
  });

  it('run the CLI as `npx sosw` in their shell blocks: a project install puts no `sosw` on the PATH', () => {
    const guides = [
      'docs/flow-control.md',
      'docs/adaptive-concurrency.md',
      'docs/jobs.md',
      'docs/scheduler.md',
      'docs/operations.md',
      'docs/dashboard.md',
      'docs/essentials.md',
      'docs/local.md',
    ];
    const bare = guides.flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].flatMap((block) =>
        (block[1] ?? '')
          .split('\n')
          .filter((line) => /^sosw /.test(line))
          .map((line) => `${file}: ${line}`),
      ),
    );
    expect(bare).toEqual([]);
  });

  it('the scan finds each kind of problem', () => {
    const text = [
      'See [the spec](../../../shared/spec/README.md) and [gone](docs/nothing.md).',
      'As in `spec/storage-schema.md` (weakness 54), fixed (w21).',
      "import { LambdaInvoker } from '../../src/aws.js';",
    ].join('\n');
    const problems = scanText(ROOT, 'examples/x/README.md', text).map((p) => p.problem);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('../shared'),
        expect.stringContaining('links outside the repository'),
        expect.stringContaining('links to a missing file'),
        expect.stringContaining('spec/ file'),
        expect.stringContaining('weakness number'),
        expect.stringContaining("import 'sosw', as users do"),
      ]),
    );
    const exportsOf = (entry: string): ReadonlySet<string> | undefined =>
      entry === 'sosw/local' ? new Set(['createEmbeddedRuntime']) : undefined;
    const imports = scanImports(
      'docs/x.md',
      "import { createEmbeddedRuntime, StaticMetricSource } from 'sosw/local';\nimport { startDashboardServer } from 'sosw/dashboard';",
      exportsOf,
    ).map((p) => p.problem);
    expect(imports).toEqual([
      "imports StaticMetricSource from 'sosw/local', which does not export it",
      "imports 'sosw/dashboard', which the package does not export",
    ]);
  });
});
