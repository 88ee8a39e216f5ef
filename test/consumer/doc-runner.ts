/**
 * Runs the marked blocks of a doc, in order, in a folder of the consumer project, as a user
 * following the page would: files are written where they say, shell lines run one by one with
 * bash, TypeScript snippets are transpiled (TypeScript's `transpileModule`, no loader) and run
 * with plain `node`. Stops at the first failure.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { blockFile, type DocBlock, shellCommands } from './markdown-blocks.js';

export interface StepResult {
  readonly block: DocBlock;
  /** The shell command, `node <snippet>` or `write <file>`. */
  readonly command: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Per command. @defaultValue 180_000 */
  readonly timeoutMs?: number;
  /** Rewrite a shell command before it runs (the README path uses it only to free a busy port). */
  readonly rewrite?: (command: string) => string;
}

function exec(file: string, args: readonly string[], options: RunOptions): Promise<Omit<StepResult, 'block' | 'command'>> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timeoutMs = options.timeoutMs ?? 180_000;
    const timer = setTimeout(() => {
      stderr += `\n[consumer tier] killed after ${timeoutMs} ms`;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function transpile(code: string): string {
  return ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  }).outputText;
}

/** Run the marked blocks of one doc; returns one result per file written or command run. */
export async function runDocBlocks(blocks: readonly DocBlock[], options: RunOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  mkdirSync(options.cwd, { recursive: true });
  for (const block of blocks) {
    if (block.marker?.runnable !== true) continue;
    const file = blockFile(block);
    if (file !== undefined) {
      mkdirSync(dirname(join(options.cwd, file)), { recursive: true });
      writeFileSync(join(options.cwd, file), block.code);
      results.push({ block, command: `write ${file}`, code: 0, stdout: '', stderr: '' });
      continue;
    }
    if (block.lang === 'sh' || block.lang === 'bash' || block.lang === 'shell') {
      for (const original of shellCommands(block.code)) {
        const command = options.rewrite?.(original) ?? original;
        const result = { block, command, ...(await exec('bash', ['-o', 'pipefail', '-c', command], options)) };
        results.push(result);
        if (result.code !== 0) return results;
      }
      continue;
    }
    if (['ts', 'typescript', 'js', 'javascript'].includes(block.lang)) {
      const name = `.snippet-${block.doc.replace(/[^\w]+/g, '-')}-${block.line}.mjs`;
      writeFileSync(join(options.cwd, name), transpile(block.code));
      const result = { block, command: `node ${name}`, ...(await exec(process.execPath, [name], options)) };
      results.push(result);
      if (result.code !== 0) return results;
      continue;
    }
    throw new Error(`${block.doc}:${block.line}: a runnable ${block.lang || 'plain'} block needs file=<path> (or is not runnable).`);
  }
  return results;
}

/** A failure message that shows the doc line, the command and its output. */
export function describeFailure(result: StepResult | undefined): string {
  if (result === undefined) return 'no step ran';
  return `${result.block.doc}:${result.block.line} (${result.block.section}): \`${result.command}\` exited ${result.code}\n--- stdout\n${result.stdout.slice(-3000)}\n--- stderr\n${result.stderr.slice(-3000)}`;
}
