import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleEntry, essentialEntry } from '../../../src/cdk.js';
import { SoswError } from '../../../src/core/errors.js';
import { FIXTURE_ENTRY } from '../../fixtures/cdk/stacks.js';

const outdir = mkdtempSync(join(tmpdir(), 'sosw-bundle-test-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('bundleEntry', () => {
  it('writes one small ESM file whose handler loads and runs', async () => {
    const bundle = bundleEntry(FIXTURE_ENTRY, { outdir });
    expect(readdirSync(bundle.dir)).toEqual(['index.mjs']);
    expect(bundle.handler).toBe('index.handler');
    expect(bundle.bytes).toBeLessThan(2_000);
    const module = (await import(pathToFileURL(bundle.file).href)) as { handler: (event: unknown) => Promise<unknown> };
    process.env.SOSW_ESSENTIAL = 'orchestrator';
    await expect(module.handler({ source: 'aws.events' })).resolves.toEqual({
      ok: true,
      event: { source: 'aws.events' },
      essential: 'orchestrator',
    });
    delete process.env.SOSW_ESSENTIAL;
  });

  it('fails with a coded error that names a missing entry', () => {
    let error: unknown;
    try {
      bundleEntry(join(outdir, 'nope.ts'));
    } catch (e) {
      error = e;
    }
    expect(SoswError.is(error, 'deploy.bundleFailed')).toBe(true);
    expect((error as Error).message).toContain('nope.ts does not exist');
  });

  it('fails with esbuild’s reason on a broken entry', () => {
    const broken = join(outdir, 'broken.ts');
    writeFileSync(broken, 'export const handler = (;\n');
    expect(() => bundleEntry(broken, { outdir: join(outdir, 'broken') })).toThrow(/esbuild could not bundle .*broken\.ts/);
  });

  it('locates the essentials’ Lambda entries in src/lambda', () => {
    expect(essentialEntry('worker_assistant')).toMatch(/src\/lambda\/worker-assistant\.ts$/);
    expect(essentialEntry('scheduler')).toMatch(/src\/lambda\/scheduler\.ts$/);
  });
});
