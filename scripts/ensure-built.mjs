// dist/ rebuilt when it is missing or older than a file it is built from (src/ and the demo
// project): shared by the e2e tier's global setup and the benchmarks, which run the package as
// users get it and must never measure or test stale code.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Newest modification time (ms) of any file under `dir`. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Run `npm run build`'s script when dist/ is missing or stale; `log` says so first. Returns true when it built. */
export function ensureBuilt(log = (line) => process.stderr.write(`${line}\n`)) {
  const built = join(root, 'dist', 'cli', 'main.js');
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'examples', 'demo')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return false;
  log('dist/ is missing or older than src/: npm run build');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  return true;
}
