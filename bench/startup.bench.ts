/**
 * What users get from the package: the CLI's start time, the tarball, the Lambda bundles.
 *
 * - `sosw --version` / `sosw --help` start time (median of N runs) in a fresh project whose
 *   node_modules/sosw holds exactly the files `npm pack` ships (its dependencies linked).
 * - Tarball size, unpacked size and file count (`npm pack --dry-run --json`).
 * - The bundled size of each essential's Lambda (esbuild, as the CDK construct bundles it) and of
 *   a minimal worker that imports `sosw`, and each bundle's cold-start init time: the time to
 *   import it in a fresh Node process (median of N processes).
 *
 * Needs a build (`npm run build`). Run: npx tsx bench/startup.bench.ts [runs=15]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 15);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

interface PackEntry {
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

// 1. The tarball (scripts ignored: dist/ must be built already).
const pack = (
  JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as PackEntry[]
)[0];
if (pack === undefined) throw new Error('npm pack --dry-run printed nothing');

// 2. A fresh project with the packed files installed, dependencies linked from this checkout.
const project = mkdtempSync(join(tmpdir(), 'sosw-startup-'));
const installed = join(project, 'node_modules', 'sosw');
for (const { path } of pack.files) {
  mkdirSync(dirname(join(installed, path)), { recursive: true });
  cpSync(join(root, path), join(installed, path));
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
// Peers too: bundling needs them (a CDK project has them); --version and --help load none of them.
const linked = [
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.optionalDependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
];
for (const name of linked) {
  mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
  symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir');
}
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh', private: true }));
const bin = join(installed, 'bin', 'sosw.js');

function startMs(args: readonly string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sosw ${args.join(' ')} failed: ${run.stderr}`);
  return performance.now() - started;
}

const cli: Record<string, number> = {};
for (const args of [['--version'], ['--help']]) {
  startMs(args); // warm the file cache
  cli[args.join(' ')] = median(Array.from({ length: runs }, () => startMs(args)));
}

// 3. Bundles: the four essentials as the construct bundles them, and a minimal worker.
const { bundleEntry, essentialEntry } = (await import(join(installed, 'dist', 'cdk.js'))) as typeof import('../src/cdk.js');
const workerEntry = join(project, 'worker.mjs');
writeFileSync(
  workerEntry,
  `import { defineWorker, lambdaHandler } from 'sosw';
export const handler = lambdaHandler(defineWorker(async (payload) => ({ echoed: payload })));
`,
);
const entries: Array<[string, string]> = [
  ['scheduler', essentialEntry('scheduler')],
  ['orchestrator', essentialEntry('orchestrator')],
  ['scavenger', essentialEntry('scavenger')],
  ['worker_assistant', essentialEntry('worker_assistant')],
  ['minimal worker (imports sosw)', workerEntry],
];

function initMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_NAME: 'bench' },
  });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
  return Number(run.stdout);
}

const bundles: Array<{ name: string; bytes: number; initMs: number }> = [];
for (const [name, entry] of entries) {
  const result = bundleEntry(entry, { outdir: join(project, 'bundles', name.replace(/\W+/g, '-')) });
  initMs(result.file);
  bundles.push({ name, bytes: result.bytes, initMs: median(Array.from({ length: Math.min(runs, 9) }, () => initMs(result.file))) });
}
rmSync(project, { recursive: true, force: true });

// Report: a table for people, JSON lines for bench/run.ts.
process.stdout.write(`\nnode ${process.version}, ${runs} runs each (median)\n\n`);
process.stdout.write('| Metric | Value |\n| --- | --- |\n');
for (const [args, ms] of Object.entries(cli)) process.stdout.write(`| \`sosw ${args}\` start time | ${ms.toFixed(0)} ms |\n`);
process.stdout.write(`| tarball (npm pack) | ${kib(pack.size)} packed, ${kib(pack.unpackedSize)} unpacked, ${pack.entryCount} files |\n`);
for (const b of bundles) process.stdout.write(`| ${b.name} bundle | ${kib(b.bytes)}, cold-start init ${b.initMs.toFixed(0)} ms |\n`);
process.stdout.write('\n');
for (const [args, ms] of Object.entries(cli))
  process.stdout.write(`${JSON.stringify({ metric: `cli ${args} ms`, value: Math.round(ms) })}\n`);
process.stdout.write(
  `${JSON.stringify({ metric: 'tarball', packedBytes: pack.size, unpackedBytes: pack.unpackedSize, files: pack.entryCount })}\n`,
);
for (const b of bundles)
  process.stdout.write(`${JSON.stringify({ metric: `bundle ${b.name}`, bytes: b.bytes, initMs: Math.round(b.initMs) })}\n`);
