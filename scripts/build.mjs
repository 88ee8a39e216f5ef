#!/usr/bin/env node
// `npm run build` (also run by `prepack`): compile src/ to dist/ (ESM .js, .d.ts and declaration
// maps), then the demo project (examples/demo, which imports `sosw` by its package name) to
// dist/demo with its job files, so `sosw demo` runs from an installed package with plain node.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'examples/demo/tsconfig.build.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
}
cpSync(new URL('../examples/demo/jobs', import.meta.url), new URL('../dist/demo/jobs', import.meta.url), { recursive: true });
