/**
 * Finds and loads a project's `sosw.config` file (JSON, or a TS/JS module), validates it with
 * `inspectProjectConfig`, resolves paths (database, handler modules) against the config file's
 * folder, and imports the handler of every labourer with a coded error that names the labourer
 * and the module when something is missing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { inspectProjectConfig, type ProjectConfig, splitHandlerReference } from '../../core/config/project-config.js';
import type { IgnoredKey } from '../../core/config/unused-keys.js';
import { SoswError } from '../../core/errors.js';
import { importUserModule } from './module-import.js';

/** File names looked for in each folder, in this order. */
export const PROJECT_CONFIG_FILES = Object.freeze([
  'sosw.config.ts',
  'sosw.config.mts',
  'sosw.config.js',
  'sosw.config.mjs',
  'sosw.config.json',
] as const);

export interface LoadedProject {
  /** Absolute path of the config file. */
  readonly path: string;
  /** Its folder: relative paths in the config are resolved against it. */
  readonly dir: string;
  readonly config: ProjectConfig;
  /** Absolute path of `database`, when the config names one. */
  readonly databasePath: string | undefined;
  /** The original's keys in the file that sosw ignores; the runtime warns about them through its logger. */
  readonly ignoredKeys?: readonly IgnoredKey[] | undefined;
}

export interface LoadProjectOptions {
  /** An explicit config file (`--config`), relative to `cwd`. */
  readonly configPath?: string | undefined;
  /** Where the upward search starts. @defaultValue process.cwd() */
  readonly cwd?: string | undefined;
  /** The `details.source` names the runtime reads: health metrics are checked against them with the rest of the file. */
  readonly metricSources?: readonly string[] | undefined;
}

/** The nearest `sosw.config.*` in `startDir` or a parent folder, or null. */
export function findProjectConfig(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of PROJECT_CONFIG_FILES) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Load and validate a project config.
 *
 * @example
 * const project = await loadProject({ configPath: 'examples/demo/sosw.config.ts' });
 * Object.keys(project.config.labourers); // ['fetch_prices', 'build_report']
 */
export async function loadProject(options: LoadProjectOptions = {}): Promise<LoadedProject> {
  const cwd = options.cwd ?? process.cwd();
  const path = options.configPath === undefined ? findProjectConfig(cwd) : resolve(cwd, options.configPath);
  if (path === null) {
    throw new SoswError(
      'config.notFound',
      `No ${PROJECT_CONFIG_FILES.join(' / ')} found in ${cwd} or any parent folder. Create one (see docs/local.md) or pass --config <file>.`,
      { details: { cwd, looked: PROJECT_CONFIG_FILES } },
    );
  }
  if (!existsSync(path)) {
    throw new SoswError('config.notFound', `Config file ${path} does not exist. Check the --config path.`, { details: { path } });
  }
  const { config, ignoredKeys } = inspectProjectConfig(await readConfigDocument(path), path, { metricSources: options.metricSources });
  const dir = dirname(path);
  return { path, dir, config, databasePath: config.database === undefined ? undefined : resolve(dir, config.database), ignoredKeys };
}

async function readConfigDocument(path: string): Promise<unknown> {
  if (path.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as unknown;
    } catch (cause) {
      throw new SoswError('config.invalid', `Config file ${path} is not valid JSON: ${(cause as Error).message}. Fix the syntax.`, {
        details: { path },
        cause,
      });
    }
  }
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(path);
  } catch (cause) {
    const esm = esmInCommonJs(path, cause);
    if (esm !== undefined) {
      throw new SoswError(
        'module.loadFailed',
        `Config module ${path} uses ES module syntax (export/import), but Node loads it as CommonJS: ${esm.reason}. The file is fine; rename it to ${esm.renameTo} (or sosw.config.ts), or add "type": "module" to ${esm.packageJson ?? 'a package.json beside it'}.`,
        { details: { path, cause: causeMessage(cause), packageJson: esm.packageJson ?? null }, cause },
      );
    }
    throw new SoswError('module.loadFailed', `Config module ${path} failed to load: ${causeMessage(cause)} Fix the error in that file.`, {
      details: { path, cause: causeMessage(cause) },
      cause,
    });
  }
  const document = module.default ?? module.config;
  if (document === undefined) {
    throw new SoswError(
      'config.invalid',
      `Config module ${path} exports no config. Add \`export default { labourers: { ... } }\` (or \`export const config = ...\`).`,
      { details: { path, exports: Object.keys(module) } },
    );
  }
  return document;
}

/** A labourer's handler module as named in the config, resolved. */
export interface HandlerLocation {
  readonly labourerId: string;
  /** The reference as written in the config. */
  readonly reference: string;
  readonly modulePath: string;
  readonly exportName: string;
}

/** Where each labourer's handler lives; a labourer without `handler` is a coded error (unless `optional`). */
export function handlerLocations(project: LoadedProject, optional = false): HandlerLocation[] {
  const locations: HandlerLocation[] = [];
  for (const [labourerId, labourer] of Object.entries(project.config.labourers)) {
    if (labourer.handler === undefined) {
      if (optional) continue;
      throw new SoswError(
        'config.handlerNotFound',
        `Labourer ${labourerId} has no handler in ${project.path}. Set labourers.${labourerId}.handler to a module exporting \`handler\`, e.g. "./workers/${labourerId}.ts".`,
        { details: { labourerId, field: `labourers.${labourerId}.handler`, path: project.path } },
      );
    }
    const { modulePath, exportName } = splitHandlerReference(labourer.handler);
    locations.push({
      labourerId,
      reference: labourer.handler,
      modulePath: existingModulePath(isAbsolute(modulePath) ? modulePath : resolve(project.dir, modulePath)),
      exportName,
    });
  }
  return locations;
}

/** Import a handler module and return the named export (any value; the runtime adapts it). */
export async function importHandlerExport(location: HandlerLocation): Promise<unknown> {
  const field = `labourers.${location.labourerId}.handler`;
  if (!existsSync(location.modulePath)) {
    throw new SoswError(
      'config.handlerNotFound',
      `Labourer ${location.labourerId}: handler module ${location.modulePath} does not exist (${field} = ${JSON.stringify(location.reference)}). Paths are relative to the config file.`,
      { details: { labourerId: location.labourerId, field, modulePath: location.modulePath } },
    );
  }
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(location.modulePath);
  } catch (cause) {
    const esm = esmInCommonJs(location.modulePath, cause);
    const fix =
      esm === undefined
        ? 'Fix the error in that file.'
        : `It uses ES module syntax (export/import), but Node loads it as CommonJS: ${esm.reason}. The file is fine; rename it to ${esm.renameTo} (or .ts) and update ${field}, or add "type": "module" to ${esm.packageJson ?? 'a package.json beside it'}.`;
    throw new SoswError(
      'module.loadFailed',
      `Labourer ${location.labourerId}: handler module ${location.modulePath} failed to load: ${causeMessage(cause)} ${fix}`,
      { details: { labourerId: location.labourerId, field, modulePath: location.modulePath, cause: causeMessage(cause) }, cause },
    );
  }
  const value = module[location.exportName];
  if (value === undefined) {
    const exported = Object.keys(module).join(', ') || '(nothing)';
    throw new SoswError(
      'config.handlerNotFound',
      `Labourer ${location.labourerId}: module ${location.modulePath} has no export named ${JSON.stringify(location.exportName)} (it exports: ${exported}). Export it, or write "${location.reference.split('#')[0]}#<export name>" in ${field}.`,
      { details: { labourerId: location.labourerId, field, modulePath: location.modulePath, exportName: location.exportName } },
    );
  }
  return value;
}

/** The nearest package.json from `dir` up, or undefined. */
function nearestPackageJson(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * When a `.js` module failed only because it is an ES module in a CommonJS scope (no `"type":
 * "module"` in the nearest package.json), why and how to fix it; else undefined.
 */
export function esmInCommonJs(
  path: string,
  cause: unknown,
): { reason: string; renameTo: string; packageJson: string | undefined } | undefined {
  if (!path.endsWith('.js') || !(cause instanceof SyntaxError)) return undefined;
  if (!/Unexpected token 'export'|Cannot use import statement outside a module|import\.meta.*outside a module/.test(cause.message)) {
    return undefined;
  }
  const packageJson = nearestPackageJson(dirname(path));
  let type: unknown;
  if (packageJson !== undefined) {
    try {
      type = (JSON.parse(readFileSync(packageJson, 'utf8')) as { type?: unknown }).type;
    } catch {
      type = undefined;
    }
  }
  if (type === 'module') return undefined;
  const reason =
    packageJson === undefined
      ? 'there is no package.json, so .js files are CommonJS'
      : `${packageJson} has ${type === undefined ? 'no "type"' : `"type": ${JSON.stringify(type)}`}, so .js files are CommonJS`;
  return { reason, renameTo: `${basename(path, '.js')}.mjs`, packageJson };
}

/** The message of what a user module threw while loading (a syntax error names the file and line), ending with a period. */
function causeMessage(cause: unknown): string {
  const text = (cause instanceof Error ? cause.message : String(cause)).trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * A handler or config path as written, or its TypeScript/JavaScript sibling when only that exists:
 * `./workers/x.js` finds `./workers/x.ts` (TypeScript's ESM convention) and `./workers/x.ts` finds
 * the compiled `./workers/x.js`.
 */
export function existingModulePath(path: string): string {
  if (existsSync(path)) return path;
  const swaps: ReadonlyArray<[RegExp, string]> = [
    [/\.js$/, '.ts'],
    [/\.mjs$/, '.mts'],
    [/\.ts$/, '.js'],
    [/\.mts$/, '.mjs'],
  ];
  for (const [pattern, extension] of swaps) {
    if (!pattern.test(path)) continue;
    const sibling = path.replace(pattern, extension);
    if (existsSync(sibling)) return sibling;
  }
  return path;
}
