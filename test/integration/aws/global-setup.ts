/**
 * Global setup of the integration tier: one moto_server for the whole run. Tests read the
 * endpoint with `inject('motoEndpoint')` (null when the tier is not run, see motoSkipReason).
 */
import type { TestProject } from 'vitest/node';
import { findMotoServer, type MotoServer, startMotoServer } from './moto.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string | null;
    motoSkipReason: string;
  }
}

let server: MotoServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (findMotoServer() === null) {
    const reason = 'moto_server not found: AWS tier not run';
    if (process.env.CI === 'true') throw new Error(`${reason}. CI=true requires it: pip install "moto[server]".`);
    console.warn(`[sosw integration] ${reason} (install it with: pip install "moto[server]")`);
    project.provide('motoEndpoint', null);
    project.provide('motoSkipReason', reason);
    return;
  }
  server = await startMotoServer();
  Object.assign(process.env, server.env);
  project.provide('motoEndpoint', server.endpoint);
  project.provide('motoSkipReason', '');
}

export async function teardown(): Promise<void> {
  await server?.stop();
  server = undefined;
}
