/**
 * Global setup of the consumer tier: pack the repository, install the tarball into a fresh
 * project outside it with the README's install lines (once per run), and start moto_server for
 * the snippets that talk to AWS. Tests read `inject('consumerDir')` and `inject('motoEndpoint')`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findMotoServer, type MotoServer, startMotoServer } from '../integration/aws/moto.js';
import { installConsumerProject, packRepository } from './consumer-project.js';

declare module 'vitest' {
  export interface ProvidedContext {
    consumerDir: string;
    tarball: string;
    consumerMotoEndpoint: string | null;
  }
}

let root: string | undefined;
let moto: MotoServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  root = mkdtempSync(join(tmpdir(), 'sosw-consumer-'));
  const began = performance.now();
  const tarball = packRepository(join(root, 'pack'));
  const packedMs = performance.now() - began;
  const consumerDir = join(root, 'project');
  installConsumerProject(consumerDir, tarball);
  console.info(
    `[sosw consumer] packed in ${(packedMs / 1000).toFixed(1)} s, installed in ${((performance.now() - began - packedMs) / 1000).toFixed(1)} s: ${consumerDir}`,
  );
  project.provide('consumerDir', consumerDir);
  project.provide('tarball', tarball);
  if (findMotoServer() === null) {
    if (process.env.CI === 'true') throw new Error('moto_server not found. CI=true requires it: pip install "moto[server]".');
    console.warn('[sosw consumer] moto_server not found: the AWS snippets are not run (pip install "moto[server]")');
    project.provide('consumerMotoEndpoint', null);
    return;
  }
  moto = await startMotoServer();
  project.provide('consumerMotoEndpoint', moto.endpoint);
}

export async function teardown(): Promise<void> {
  await moto?.stop();
  moto = undefined;
  if (root !== undefined && process.env.SOSW_CONSUMER_KEEP !== '1') rmSync(root, { recursive: true, force: true });
  else if (root !== undefined) console.info(`[sosw consumer] kept ${root} (SOSW_CONSUMER_KEEP=1)`);
}
