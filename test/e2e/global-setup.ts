/**
 * The e2e tier runs the CLI as users get it: bin/sosw.js -> dist/. Build first when dist/ is
 * missing or older than a source file (so `npx vitest run --config vitest.e2e.config.ts` alone
 * never tests stale code); `npm test` has just built it, so this is a no-op there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const built = join(root, 'dist', 'cli', 'main.js');
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'examples', 'demo')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  process.stdout.write('dist/ is missing or older than src/: npm run build\n');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
