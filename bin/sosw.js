#!/usr/bin/env node
// The `sosw` executable: runs the TypeScript CLI through tsx's loader, so user projects can also
// name TypeScript worker modules and config files without a build step.
import { register } from 'tsx/esm/api';

register();
process.env.SOSW_CLI_MAIN = '1';
await import('../src/cli/main.ts');
