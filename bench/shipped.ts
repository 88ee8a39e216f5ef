/**
 * The embedded runtime as users run it: the compiled package in dist/ (what `npm install sosw` gives),
 * not the TypeScript sources through tsx. tsx wraps every function it compiles with a naming helper and
 * keeps source maps, which cost about a sixth of the throughput here, so a bench of the sources
 * understates what users get. dist/ is rebuilt first when it is missing or older than any file in src/.
 * `SOSW_BENCH_SOURCE=1` measures the sources instead (to compare the two).
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt as buildIfStale } from '../scripts/ensure-built.mjs';

type LocalModule = typeof import('../src/local.js');

const builtEntry = join(fileURLToPath(new URL('..', import.meta.url)), 'dist', 'local.js');

/** Build dist/ when it is missing or older than the sources (the build takes about half a minute). */
export function ensureBuilt(): void {
  if (process.env.SOSW_BENCH_SOURCE !== '1') buildIfStale((line) => console.error(`[bench] ${line}`));
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
