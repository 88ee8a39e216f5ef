/**
 * The e2e tier runs the CLI as users get it: bin/sosw.js -> dist/. Build first when dist/ is
 * missing or older than a source file (so `npx vitest run --config vitest.e2e.config.ts` alone
 * never tests stale code); `npm test` has just built it, so this is a no-op there.
 */
import { ensureBuilt } from '../../scripts/ensure-built.mjs';

export default function setup(): void {
  ensureBuilt((line) => process.stdout.write(`${line}\n`));
}
