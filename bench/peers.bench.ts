/**
 * Side by side with the peer a Node user would pick: our embedded runtime (SQLite file, audit rows on,
 * claims durable before a worker runs) against BullMQ + Redis on loopback, the same number of no-op
 * tasks, alternating runs, each run in its own process. BullMQ: one Worker at concurrency 50,
 * `addBulk` of 1,000, default job options (completed jobs are kept, like our archive).
 * Redis runs on its own free port with a temporary folder, bounded memory and no RDB snapshots, and is
 * stopped at the end. Without redis-server or the ioredis package the peer side is reported as not
 * run (with the install line) and the command still succeeds.
 * Reported per side: enqueue rate, processing rate (the target: worker start to last task done),
 * processing per CPU-second, and enqueue + processing (submit to done, the two phases back to back).
 * sosw runs from the built package (dist/, rebuilt when stale), as users get it; SOSW_BENCH_SOURCE=1
 * measures the TypeScript sources through tsx instead.
 * Run: npx tsx bench/peers.bench.ts [tasks] [--rounds N] [--redis-fsync-always]
 *      (also `npm run bench -- --peers`)
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, measuredCode } from './shipped.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const TASKS = Number(argv.find((a) => /^\d+$/.test(a)) ?? 50_000);
const ROUNDS = Number(flag('--rounds') ?? 2);
const BULLMQ_CONCURRENCY = 50;
const ADD_BULK = 1000;

interface RunResult {
  side: 'sosw' | 'bullmq';
  tasks: number;
  enqueueMs: number;
  runMs: number;
  /** Processed per second, from the worker start to the last task done (archived for sosw). */
  perSecond: number;
  enqueuePerSecond: number;
  /** Processed per CPU-second of every process doing the work (Node, plus redis-server for BullMQ): steadier on a busy machine. */
  perCpuSecond: number;
}

/** CPU seconds a process has used so far (user + system), from /proc; 0 where /proc is missing. */
function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function requireIoredis(): unknown {
  // createRequire honours NODE_PATH, so a copy of ioredis outside node_modules can be pointed at.
  return createRequire(import.meta.url)('ioredis');
}

async function runBullmq(port: number, redisPid: number): Promise<RunResult> {
  const IORedis = requireIoredis() as new (opts: object) => { quit(): Promise<unknown> };
  const { Queue, Worker } = await import('bullmq');
  const connection = new IORedis({ host: '127.0.0.1', port, maxRetriesPerRequest: null });
  const name = `bench_${Date.now().toString(36)}`;
  const queue = new Queue(name, { connection: connection as never });
  const t0 = performance.now();
  for (let offset = 0; offset < TASKS; offset += ADD_BULK) {
    const size = Math.min(ADD_BULK, TASKS - offset);
    await queue.addBulk(Array.from({ length: size }, (_, i) => ({ name: 'noop', data: { item: offset + i } })));
  }
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const redisCpu = processCpuSeconds(redisPid);
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((r) => {
    finish = r;
  });
  const worker = new Worker(name, async () => undefined, { connection: connection as never, concurrency: BULLMQ_CONCURRENCY });
  worker.on('completed', () => {
    done += 1;
    if (done === TASKS) finish();
  });
  await allDone;
  const t2 = performance.now();
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6 + processCpuSeconds(redisPid) - redisCpu;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  return { ...result('bullmq', t0, t1, t2), perCpuSecond: TASKS / cpuSeconds };
}

async function runSosw(): Promise<RunResult> {
  const { embeddedThroughput } = await import('./embedded-throughput.js');
  const dir = mkdtempSync(join(tmpdir(), 'sosw-peers-bench-'));
  try {
    const t = await embeddedThroughput(TASKS, dir);
    return {
      side: 'sosw',
      tasks: TASKS,
      enqueueMs: t.scheduleMs,
      runMs: t.runMs,
      perSecond: t.perSecond,
      enqueuePerSecond: (TASKS * 1000) / t.scheduleMs,
      perCpuSecond: t.perCpuSecond,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function result(side: RunResult['side'], t0: number, t1: number, t2: number): Omit<RunResult, 'perCpuSecond'> {
  return {
    side,
    tasks: TASKS,
    enqueueMs: t1 - t0,
    runMs: t2 - t1,
    perSecond: (TASKS * 1000) / (t2 - t1),
    enqueuePerSecond: (TASKS * 1000) / (t1 - t0),
  };
}

/** What stops the peer side from running here, with the fix; undefined when it can run. */
function peerMissing(): string | undefined {
  if (spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status !== 0)
    return 'redis-server is not installed (Debian: apt-get install -y redis-server)';
  try {
    requireIoredis();
  } catch {
    return "the ioredis package is not installed (npm install; BullMQ's Redis client is a devDependency of this repo)";
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function startRedis(port: number, dir: string, fsyncAlways: boolean): Promise<ChildProcess> {
  const persistence = fsyncAlways ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--maxmemory', '1gb'];
  const redis = spawn('redis-server', [...args, '--maxmemory-policy', 'noeviction', ...persistence], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') return redis;
    await new Promise((r) => setTimeout(r, 50));
  }
  redis.kill('SIGTERM');
  throw new Error(`redis-server did not answer on 127.0.0.1:${port}`);
}

function runChild(side: RunResult['side'], port: number, redisPid: number): RunResult {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', self, String(TASKS), '--one', side, '--port', String(port), '--redis-pid', String(redisPid)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 15 * 60_000,
    },
  );
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || line === undefined) throw new Error(`the ${side} run failed (exit ${child.status})`);
  return JSON.parse(line) as RunResult;
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const one = flag('--one');
  if (one === 'sosw' || one === 'bullmq') {
    const r = one === 'sosw' ? await runSosw() : await runBullmq(Number(flag('--port')), Number(flag('--redis-pid')));
    console.log(JSON.stringify(r));
    return;
  }
  const missing = peerMissing();
  // Build once here: the runs below each import the package in their own process.
  ensureBuilt();
  const fsyncAlways = argv.includes('--redis-fsync-always');
  const runs: RunResult[] = [];
  let redis: ChildProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sosw-peers-redis-'));
  try {
    const port = missing === undefined ? await freePort() : 0;
    if (missing === undefined) redis = await startRedis(port, dir, fsyncAlways);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which side goes first so neither always meets a warmer (or busier) machine.
      const order: RunResult['side'][] = round % 2 === 0 ? ['sosw', 'bullmq'] : ['bullmq', 'sosw'];
      for (const side of order) {
        if (side === 'bullmq' && missing !== undefined) continue;
        const r = runChild(side, port, redis?.pid ?? 0);
        runs.push(r);
        console.error(`[peers] round ${round + 1} ${side}: ${r.perSecond.toFixed(0)} tasks/s processed`);
      }
    }
  } finally {
    if (redis !== undefined && redis.exitCode === null) {
      const exited = new Promise((r) => redis?.once('exit', r));
      redis.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const rate = (side: RunResult['side']): number[] => runs.filter((r) => r.side === side).map((r) => r.perSecond);
  const enqueue = (side: RunResult['side']): number[] => runs.filter((r) => r.side === side).map((r) => r.enqueuePerSecond);
  // Submit to done: the enqueue and the processing of the same run, one after the other.
  const endToEnd = (r: RunResult): number => (r.tasks * 1000) / (r.enqueueMs + r.runMs);
  const total = (side: RunResult['side']): number[] => runs.filter((r) => r.side === side).map(endToEnd);
  console.log(`\nPeers, ${TASKS} no-op tasks, ${ROUNDS} alternating rounds, each run in its own process, sosw from ${measuredCode()}/\n`);
  console.log('| run | side | enqueue (tasks/s) | processed (tasks/s) | processed per CPU-second | enqueue + processing (tasks/s) |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: |');
  runs.forEach((r, i) => {
    const cells = [r.enqueuePerSecond, r.perSecond, r.perCpuSecond, endToEnd(r)].map((v) => v.toFixed(0)).join(' | ');
    console.log(`| ${i + 1} | ${r.side} | ${cells} |`);
  });
  const cpuRate = (side: RunResult['side']): number[] => runs.filter((r) => r.side === side).map((r) => r.perCpuSecond);
  const ratio = missing === undefined ? median(rate('sosw')) / median(rate('bullmq')) : null;
  const cpuRatio = missing === undefined ? median(cpuRate('sosw')) / median(cpuRate('bullmq')) : null;
  const endToEndRatio = missing === undefined ? median(total('sosw')) / median(total('bullmq')) : null;
  if (missing !== undefined) console.log(`\nBullMQ side NOT RUN: ${missing}.`);
  else {
    console.log(`\nsosw / BullMQ processed per second (median of each side): ${ratio?.toFixed(2)}x`);
    console.log(`sosw / BullMQ processed per CPU-second (Node + redis-server): ${cpuRatio?.toFixed(2)}x`);
    console.log(`sosw / BullMQ enqueue + processing per second (submit to done): ${endToEndRatio?.toFixed(2)}x`);
  }
  console.log(
    JSON.stringify({
      bench: 'peers',
      code: measuredCode(),
      tasks: TASKS,
      rounds: ROUNDS,
      redis: missing === undefined ? { persistence: fsyncAlways ? 'aof-fsync-always' : 'none' } : { notRun: missing },
      soswPerSecond: median(rate('sosw')),
      bullmqPerSecond: missing === undefined ? median(rate('bullmq')) : null,
      soswEnqueuePerSecond: median(enqueue('sosw')),
      bullmqEnqueuePerSecond: missing === undefined ? median(enqueue('bullmq')) : null,
      ratio: ratio === null ? null : Number(ratio.toFixed(3)),
      cpuRatio: cpuRatio === null ? null : Number(cpuRatio.toFixed(3)),
      endToEndRatio: endToEndRatio === null ? null : Number(endToEndRatio.toFixed(3)),
      runs,
    }),
  );
}

await main();
