/**
 * The consumer project of the tier: `npm pack` of this repository, installed into a fresh folder
 * outside it with exactly the README's install lines (`<!-- install -->` blocks), `sosw` replaced
 * by the tarball. Built once per tier run by the global setup; every test works in it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBlocks, shellCommands } from './markdown-blocks.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The entries a user can import; the tier checks the packed package exports exactly these. */
export const PUBLIC_ENTRIES = ['sosw', 'sosw/aws', 'sosw/sqlite', 'sosw/local', 'sosw/testing', 'sosw/cdk', 'sosw/package.json'] as const;

/** The README section that the README-path test runs command by command. */
export const README_PATH_SECTION = 'Your own project';

/** The README's install section, as commands: `npm init`/`npm pkg` lines as they are, every `npm install` package in one list. */
export interface InstallPlan {
  readonly setup: string[];
  readonly packages: string[];
  readonly devPackages: string[];
}

export function readInstallPlan(readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')): InstallPlan {
  const blocks = parseBlocks(readme, 'README.md').filter((b) => b.marker?.install === true);
  if (blocks.length === 0) throw new Error('README.md has no <!-- install --> block: the consumer tier installs what the README says.');
  const plan: InstallPlan = { setup: [], packages: [], devPackages: [] };
  for (const command of blocks.flatMap((b) => shellCommands(b.code))) {
    for (const part of command.split('&&').map((p) => p.replace(/#.*$/, '').trim())) {
      const words = part.split(/\s+/);
      if (words[0] !== 'npm') throw new Error(`Unexpected install command in README.md: ${part}`);
      if (words[1] !== 'install' && words[1] !== 'i') {
        plan.setup.push(part);
        continue;
      }
      const dev = words.includes('-D') || words.includes('--save-dev');
      for (const word of words.slice(2).filter((w) => !w.startsWith('-'))) (dev ? plan.devPackages : plan.packages).push(word);
    }
  }
  if (!plan.packages.includes('sosw')) throw new Error('The README install lines never install sosw.');
  return plan;
}

/** The environment of a user's shell: no test runner, loader or npm-script variables leaking in. */
export function userEnv(consumerDir: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(NODE_OPTIONS|VITEST|TSX|npm_|INIT_CWD|TEST$|NODE_ENV$)/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = [join(consumerDir, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter);
  env.FORCE_COLOR = '0';
  env.NO_COLOR = '1';
  return { ...env, ...extra };
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = userEnv(cwd)): string {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status ?? result.signal}) in ${cwd}:\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

/** `npm pack` of the repository (its `prepack` builds it) into `dir`; returns the tarball's path. */
export function packRepository(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const out = run('npm', ['pack', '--json', '--pack-destination', dir], REPO_ROOT, userEnv(REPO_ROOT));
  const parsed = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
  const file = parsed[0]?.filename;
  if (file === undefined) throw new Error(`npm pack printed no file name: ${out}`);
  return join(dir, file.replace(/^@[^/]+\//, '').replace('/', '-'));
}

/**
 * A fresh project in `dir` with the README's install lines run in it (one `npm install`).
 * `--prefer-offline` reuses the npm cache; the compiled better-sqlite3 is kept as a prebuild
 * in that cache (see seedSqlitePrebuild), so only the first run on a machine compiles it.
 */
export function installConsumerProject(dir: string, tarball: string, plan: InstallPlan = readInstallPlan()): void {
  mkdirSync(dir, { recursive: true });
  for (const setup of plan.setup) run('bash', ['-c', setup], dir);
  if (!existsSync(join(dir, 'package.json'))) throw new Error('The README install lines create no package.json (npm init).');
  const packages = plan.packages.map((p) => (p === 'sosw' ? tarball : p));
  const npmFlags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  run('npm', ['install', ...npmFlags, ...packages], dir);
  if (plan.devPackages.length > 0) run('npm', ['install', '-D', ...npmFlags, ...plan.devPackages], dir);
  seedSqlitePrebuild(dir);
}

/**
 * Keep the compiled better-sqlite3 where its installer (prebuild-install) looks before it
 * downloads or compiles: the npm cache's `_prebuilds` folder, named as for the download URL.
 * The next install on this machine then takes seconds instead of a minute or two of compiling.
 */
export function seedSqlitePrebuild(projectDir: string): void {
  const packageDir = join(projectDir, 'node_modules', 'better-sqlite3');
  const binary = join(packageDir, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binary)) return;
  try {
    const require = createRequire(join(packageDir, 'package.json'));
    const util = require('prebuild-install/util') as { getDownloadUrl(o: object): string; cachedPrebuild(url: string): string };
    const rc = (require('prebuild-install/rc') as (pkg: object) => object)(require('./package.json') as object);
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as object;
    const cached = util.cachedPrebuild(util.getDownloadUrl({ ...rc, pkg }));
    if (existsSync(cached)) return;
    mkdirSync(join(cached, '..'), { recursive: true });
    execFileSync('tar', ['czf', cached, 'build/Release/better_sqlite3.node'], { cwd: packageDir });
  } catch {
    // Only a speed-up: without it the next install compiles again.
  }
}
