/**
 * The embedded runtime as users run it: the compiled package in dist/ (what `npm install sosw` gives),
 * not the TypeScript sources through tsx. tsx wraps every function it compiles with a naming helper and
 * keeps source maps, which cost about a sixth of the throughput here, so a bench of the sources
 * understates what users get. dist/ is rebuilt first when it is missing or older than any file in src/.
 * `SOSW_BENCH_SOURCE=1` measures the sources instead (to compare the two).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type LocalModule = typeof import('../src/local.js');

const root = fileURLToPath(new URL('..', import.meta.url));
const builtEntry = join(root, 'dist', 'local.js');

/** Newest modification time (ms) of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtMtime(): number {
  try {
    return statSync(builtEntry).mtimeMs;
  } catch {
    return 0;
  }
}

/** Build dist/ when it is missing or older than the sources (the build takes about half a minute). */
export function ensureBuilt(): void {
  if (process.env.SOSW_BENCH_SOURCE === '1') return;
  if (builtMtime() >= newestMtime(join(root, 'src'))) return;
  console.error('[bench] dist/ is missing or older than src/: running `npm run build` first');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** `sosw/local` as shipped (dist/local.js), or the sources with SOSW_BENCH_SOURCE=1. */
export async function shippedLocal(): Promise<LocalModule> {
  if (process.env.SOSW_BENCH_SOURCE === '1') return import('../src/local.js');
  ensureBuilt();
  return (await import(pathToFileURL(builtEntry).href)) as LocalModule;
}

/** What was measured, for reports: `dist` (the package) or `src` (the sources through tsx). */
export function measuredCode(): 'dist' | 'src' {
  return process.env.SOSW_BENCH_SOURCE === '1' ? 'src' : 'dist';
}
