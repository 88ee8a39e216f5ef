/** A throw-away project folder (config + plain-JS worker modules) for e2e tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProjectFixture {
  readonly dir: string;
  readonly configPath: string;
  readonly dbPath: string;
  /** Replace workers/w.mjs. */
  writeWorker(source: string): void;
  remove(): void;
}

/**
 * Worker `w`: succeeds after `delay_ms` (payload field, default 0), fails when `fail` is set,
 * hangs forever when `hang` is set. Written as a plain function, so the runtime wraps it with
 * the Worker framework (reports completion and failure to the WorkerAssistant).
 */
export const WORKER_SOURCE = `
export async function handler(payload) {
  const item = (payload.items ?? [])[0];
  if (payload.delay_ms) await new Promise((r) => setTimeout(r, payload.delay_ms));
  if (item === 'bad') throw new Error('item bad always fails');
  if (item === 'hang') await new Promise(() => {});
  return { item };
}
`;

export function createProjectFixture(config: Record<string, unknown>, worker = WORKER_SOURCE): ProjectFixture {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-e2e-'));
  mkdirSync(join(dir, 'workers'));
  writeFileSync(join(dir, 'workers', 'w.mjs'), worker);
  const configPath = join(dir, 'sosw.config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return {
    dir,
    configPath,
    dbPath: join(dir, 'data', 'sosw.db'),
    writeWorker: (source) => writeFileSync(join(dir, 'workers', 'w.mjs'), source),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A one-labourer project: labourer `w` handled by workers/w.mjs, short durations. */
export function oneLabourerConfig(labourer: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'e2e project',
    labourers: {
      w: {
        handler: './workers/w.mjs',
        max_simultaneous_invocations: 20,
        duration: 1,
        cooldown: 0,
        timeout: 1,
        max_attempts: 2,
        ...labourer,
      },
    },
    job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } },
  };
}
