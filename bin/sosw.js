#!/usr/bin/env node
// The `sosw` executable: runs the compiled CLI (dist/) with plain node. TypeScript configs and
// workers of a project are loaded through tsx only when one is named (see module-import).
// From a repo checkout that was not built yet, the CLI runs from its sources through tsx.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
let cli;
if (existsSync(compiled)) {
  cli = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
cli.endQuietlyOnClosedStdout();
cli.surviveStrayErrors();
process.exitCode = cli.exitCodeWith(await cli.main());
