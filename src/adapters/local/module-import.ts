/**
 * Import a user module (a project config or a worker) by absolute path: plain `import()` when the
 * process already understands the file (JavaScript, or TypeScript under tsx / vitest), else tsx's
 * scoped `tsImport`, so TypeScript modules load without a build step.
 */
import { pathToFileURL } from 'node:url';

const TYPESCRIPT = /\.(c|m)?tsx?$/;

export async function importUserModule(absolutePath: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(absolutePath).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if (!TYPESCRIPT.test(absolutePath) || !isUnknownExtension(error)) throw error;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

function isUnknownExtension(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_UNKNOWN_FILE_EXTENSION';
}
