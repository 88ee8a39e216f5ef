/**
 * A handler module that exports `lambdaHandler(SomeWorker, { AWS collaborators })` (as
 * docs/workers.md shows) runs in the embedded runtime as the worker it wraps, built like a Worker
 * class export: the runtime's invoker, config and WorkerAssistant, never the Lambda entry's. And
 * where workers get their `<labourer id>_config` document locally (SOSW_CONFIG_PATH, `configSource`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryConfigSource } from '../../../src/adapters/local/memory-config-source.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../../src/local.js';

const SOSW = fileURLToPath(new URL('../../../src/index.ts', import.meta.url));

/** Every call that reaches the Lambda entry's own collaborators (they stand in for LambdaInvoker, DynamoConfigSource, SnsNotifier). */
interface Breaches {
  invokes: Array<{ functionName: string; event: unknown }>;
  configReads: string[];
  notices: string[];
}
const breaches = (): Breaches => (globalThis as { __soswBreaches?: Breaches }).__soswBreaches as Breaches;

const WORKER_MODULE = `
import { lambdaHandler, Worker } from ${JSON.stringify(SOSW)};

const breaches = (globalThis.__soswBreaches ??= { invokes: [], configReads: [], notices: [] });
const awsInvoker = {
  invoke: async (functionName, event) => void breaches.invokes.push({ functionName, event }),
  timeoutSeconds: async () => undefined,
};
const awsConfig = { get: async (name) => (breaches.configReads.push(name), { page_size: 999 }) };
const awsNotifier = { notify: async (subject) => void breaches.notices.push(subject) };

export class PullTweets extends Worker {
  static defaultConfig = { page_size: 100, source: 'class' };
  async process(payload, ctx) {
    const rows = payload.words.length;
    ctx.stats.increment('tweets_pulled', rows);
    return { rows, page_size: ctx.config.page_size, source: ctx.config.source };
  }
}

const aws = { invoker: awsInvoker, configSource: awsConfig, notifier: awsNotifier, functionName: 'pull_tweets_prod' };
export const handler = lambdaHandler(PullTweets, aws);
export const withDefaults = lambdaHandler(PullTweets, { ...aws, defaults: { source: 'defaults' } });
export const fromFactory = lambdaHandler((runtime) => new PullTweets(runtime), { ...aws, defaults: { page_size: 50 } });
export const instance = new PullTweets({ invoker: awsInvoker });
`;

let dir: string | undefined;
let runtime: EmbeddedRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  vi.unstubAllEnvs();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A project folder whose labourers point at exports of the worker module. */
function project(handlers: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'sosw-lambda-export-'));
  mkdirSync(join(dir, 'workers'));
  writeFileSync(join(dir, 'workers', 'pull-tweets.ts'), WORKER_MODULE);
  const labourers = Object.fromEntries(Object.entries(handlers).map(([id, handler]) => [id, { handler, max_simultaneous_invocations: 2 }]));
  writeFileSync(join(dir, 'sosw.config.json'), JSON.stringify({ name: 'tweets', labourers }));
  return dir;
}

/** Start a runtime on the project, queue one task per labourer, run them to the end; the closed tasks by labourer. */
async function runOneTaskEach(
  cwd: string,
  labourerIds: readonly string[],
  options: Parameters<typeof createEmbeddedRuntime>[0] = {},
): Promise<{ closed: Map<string, { succeeded: boolean; result?: unknown; stats?: unknown }>; invoked: string[] }> {
  const invoked: string[] = [];
  const rt = await createEmbeddedRuntime({
    cwd,
    dbPath: ':memory:',
    heartbeat: false,
    onRun: (record) => invoked.push(record.functionName),
    ...options,
  });
  runtime = rt;
  const taskIds = new Map<string, string>();
  for (const id of labourerIds) {
    await rt.schedule({ lambda_name: id, words: ['toyota', 'lexus', 'mazda'] });
    const [task] = await rt.store.nextQueued(id, Date.now() / 1000 + 1, 1);
    if (task === undefined) throw new Error(`no task queued for ${id}`);
    taskIds.set(id, task.taskId);
  }
  const closed = new Map<string, { succeeded: boolean; result?: unknown; stats?: unknown }>();
  for (let tick = 0; tick < 20 && closed.size < taskIds.size; tick++) {
    await rt.tickOnce();
    for (const [id, taskId] of taskIds) {
      const task = await rt.store.getClosed(taskId);
      if (task !== null) closed.set(id, task);
    }
  }
  return { closed, invoked };
}

describe('a lambdaHandler(...) export in the embedded runtime', () => {
  it('runs the worker it wraps: its own result and stats are stored, nothing reaches the Lambda entry`s invoker or config', async () => {
    const cwd = project({ pull_tweets: './workers/pull-tweets.ts' });
    const { closed, invoked } = await runOneTaskEach(cwd, ['pull_tweets']);

    const task = closed.get('pull_tweets');
    expect(task).toMatchObject({ succeeded: true });
    // The worker's result, not the Lambda handler's outcome `{status, taskId, result}` nested in a second report.
    expect(task?.result).toEqual({ rows: 3, page_size: 100, source: 'class' });
    expect(task?.stats).toMatchObject({ tweets_pulled: 3, processor_calls: 1 });
    expect(breaches()).toEqual({ invokes: [], configReads: [], notices: [] });
    expect(invoked.sort()).toEqual(['pull_tweets', 'sosw_worker_assistant']);
  });

  it('runs it exactly as the Worker class export (#PullTweets); keeps the entry`s defaults; builds a factory', async () => {
    const cwd = project({
      by_class: './workers/pull-tweets.ts#PullTweets',
      by_handler: './workers/pull-tweets.ts#handler',
      with_defaults: './workers/pull-tweets.ts#withDefaults',
      from_factory: './workers/pull-tweets.ts#fromFactory',
    });
    const { closed } = await runOneTaskEach(cwd, ['by_class', 'by_handler', 'with_defaults', 'from_factory']);

    const byClass = closed.get('by_class');
    expect(byClass).toMatchObject({ succeeded: true });
    const same = (task: { result?: unknown; stats?: unknown } | undefined) => ({ result: task?.result, stats: task?.stats });
    expect(same(closed.get('by_handler'))).toEqual(same(byClass));
    expect(closed.get('with_defaults')?.result).toEqual({ rows: 3, page_size: 100, source: 'defaults' });
    // A factory's class defaults are not seen (as on Lambda): the entry's `defaults` are.
    expect(closed.get('from_factory')?.result).toEqual({ rows: 3, page_size: 50 });
    expect(breaches().invokes).toEqual([]);
    expect(breaches().configReads).toEqual([]);
  });

  it('refuses a Worker instance export with a coded error naming the labourer, the export and the fix', async () => {
    const cwd = project({ pull_tweets: './workers/pull-tweets.ts#instance' });
    const error = await createEmbeddedRuntime({ cwd, dbPath: ':memory:', heartbeat: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'config.handlerNotFound',
      details: { labourerId: 'pull_tweets', field: 'labourers.pull_tweets.handler', exportName: 'instance' },
    });
    expect(String((error as Error).message)).toMatch(
      /Labourer pull_tweets: export "instance" of .*pull-tweets\.ts is a Worker instance.*Export the Worker class/,
    );
  });
});

describe('a worker`s config document in the embedded runtime', () => {
  it('comes from SOSW_CONFIG_PATH (a folder of <labourer id>_config.json), over the class defaults', async () => {
    const cwd = project({ pull_tweets: './workers/pull-tweets.ts#PullTweets' });
    mkdirSync(join(cwd, 'config'));
    writeFileSync(join(cwd, 'config', 'pull_tweets_config.json'), JSON.stringify({ page_size: 7 }));
    vi.stubEnv('SOSW_CONFIG_PATH', join(cwd, 'config'));
    const { closed } = await runOneTaskEach(cwd, ['pull_tweets']);
    expect(closed.get('pull_tweets')?.result).toEqual({ rows: 3, page_size: 7, source: 'class' });
  });

  it('comes from the configSource option when given (and SOSW_CONFIG_PATH is not read then)', async () => {
    const cwd = project({ pull_tweets: './workers/pull-tweets.ts' });
    vi.stubEnv('SOSW_CONFIG_PATH', join(cwd, 'no-such-folder'));
    const configSource = new MemoryConfigSource({ pull_tweets_config: { page_size: 25 } });
    const { closed } = await runOneTaskEach(cwd, ['pull_tweets'], { configSource });
    expect(closed.get('pull_tweets')?.result).toEqual({ rows: 3, page_size: 25, source: 'class' });
    expect(breaches().configReads).toEqual([]);
  });

  it('a SOSW_CONFIG_PATH that does not exist is config.sourceUnavailable when workers are built, ignored by status-only runtimes', async () => {
    const cwd = project({ pull_tweets: './workers/pull-tweets.ts' });
    vi.stubEnv('SOSW_CONFIG_PATH', join(cwd, 'no-such-folder'));
    await expect(createEmbeddedRuntime({ cwd, dbPath: ':memory:', heartbeat: false })).rejects.toMatchObject({
      code: 'config.sourceUnavailable',
      message: expect.stringContaining('SOSW_CONFIG_PATH'),
    });
    runtime = await createEmbeddedRuntime({ cwd, dbPath: ':memory:', heartbeat: false, loadHandlers: false });
    expect(runtime.labourers.map((l) => l.id)).toEqual(['pull_tweets']);
  });
});
