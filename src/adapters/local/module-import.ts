/**
 * Import a user module (a project config or a worker) by absolute path. JavaScript and JSON load
 * with plain `import()`. TypeScript loads through tsx, registered on first need (so the CLI starts
 * without it), and always as an ES module: whatever the folder's package.json says (`"type":
 * "module"`, `"commonjs"`, `{}` or no package.json), `export`/`import` in a `.ts` file mean ESM, and
 * `import ... from 'sosw'` in the user's module gets the same instance of sosw the runtime uses.
 * (A `.cts` file stays CommonJS.) Inside a vitest worker, vite already transforms TypeScript.
 */
import { register as registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const TYPESCRIPT = /\.(m)?tsx?$/;

// Chained after tsx's hooks (the last registered runs first): user `.ts`/`.tsx` files (outside
// node_modules) are loaded with format `module`, which tsx then transforms as ESM.
const FORCE_ESM_HOOK = `export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && !url.includes('/node_modules/') && /\\.(m)?tsx?$/.test(new URL(url).pathname)) {
    return nextLoad(url, { ...context, format: 'module' });
  }
  return nextLoad(url, context);
}`;

let registered: Promise<void> | undefined;

/** Register tsx's ESM loader and the force-ESM hook once per process. */
function registerTypeScript(): Promise<void> {
  registered ??= (async () => {
    const { register } = await import('tsx/esm/api');
    register();
    registerHooks(`data:text/javascript,${encodeURIComponent(FORCE_ESM_HOOK)}`);
  })();
  return registered;
}

/** True when TypeScript user modules must go through tsx (not inside a vitest worker, whose vite transforms them itself). */
function needsLoader(absolutePath: string): boolean {
  return TYPESCRIPT.test(absolutePath) && !('__vitest_worker__' in globalThis);
}

export async function importUserModule(absolutePath: string): Promise<Record<string, unknown>> {
  if (needsLoader(absolutePath)) await registerTypeScript();
  return (await import(pathToFileURL(absolutePath).href)) as Record<string, unknown>;
}
