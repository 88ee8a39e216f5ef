/**
 * (d) Every block marked `<!-- runnable -->` in docs/*.md and examples/**\/README.md runs from the
 * consumer project, one fresh folder per page, in the order of the page; `<!-- runnable aws -->`
 * blocks run against moto_server. The README's "Your own project" blocks are run, and checked
 * step by step, by readme-path.test.ts; its other runnable blocks run here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { motoEnv } from '../integration/aws/moto.js';
import { README_PATH_SECTION, REPO_ROOT, userEnv } from './consumer-project.js';
import { describeFailure, runDocBlocks } from './doc-runner.js';
import { blockFile, type DocBlock, parseBlocks, shellCommands } from './markdown-blocks.js';

const consumerDir = inject('consumerDir');
const motoEndpoint = inject('consumerMotoEndpoint');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

function docPages(): Array<{ doc: string; blocks: DocBlock[] }> {
  const files = [join(REPO_ROOT, 'README.md'), ...markdownFiles(join(REPO_ROOT, 'docs')), ...markdownFiles(join(REPO_ROOT, 'examples'))];
  return files
    .map((file) => {
      const doc = relative(REPO_ROOT, file);
      const blocks = parseBlocks(readFileSync(file, 'utf8'), doc).filter(
        (b) => b.marker?.runnable === true && !(doc === 'README.md' && b.section === README_PATH_SECTION),
      );
      return { doc, blocks };
    })
    .filter((page) => page.blocks.length > 0);
}

describe('consumer: the runnable blocks of every doc', () => {
  const pages = docPages();

  it('the docs have runnable blocks to run', () => {
    expect(pages.map((p) => p.doc).length).toBeGreaterThan(2);
  });

  for (const page of pages) {
    const needsAws = page.blocks.some((b) => b.marker?.aws === true);
    it(`${page.doc}: ${page.blocks.length} runnable block(s)${needsAws ? ' (on moto_server)' : ''}`, async () => {
      if (needsAws && motoEndpoint === null && process.env.CI !== 'true') {
        console.warn(`[sosw consumer] ${page.doc}: not run, moto_server not found`);
        return;
      }
      const env = userEnv(consumerDir, needsAws && motoEndpoint !== null ? motoEnv(motoEndpoint) : {});
      const cwd = join(consumerDir, 'docs-run', page.doc.replace(/[^\w]+/g, '-'));
      const steps = await runDocBlocks(page.blocks, { cwd, env });
      const failed = steps.find((s) => s.code !== 0);
      expect(failed, describeFailure(failed)).toBeUndefined();
      expect(steps.length, 'every block ran').toBe(expectedSteps(page.blocks));
    });
  }
});

/** One step per file written or snippet run, one per command of a shell block. */
function expectedSteps(blocks: readonly DocBlock[]): number {
  return blocks.reduce(
    (n, b) => n + (blockFile(b) === undefined && ['sh', 'bash', 'shell'].includes(b.lang) ? shellCommands(b.code).length : 1),
    0,
  );
}
