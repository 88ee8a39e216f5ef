/**
 * moto_server for the AWS tier: started once per run on a free 127.0.0.1 port, answers every
 * AWS service the adapters use (DynamoDB, S3, SNS, CloudWatch, SSM, Secrets Manager, Lambda).
 * Used by the vitest global setup and by bench/dynamo-cost.bench.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Environment that points the AWS SDK at this server (fake credentials, us-east-1). */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export const MOTO_REGION = 'us-east-1';

/** The AWS environment for an endpoint: the SDK reads AWS_ENDPOINT_URL itself (SDK >= 3.4xx). */
export function motoEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: MOTO_REGION,
    AWS_DEFAULT_REGION: MOTO_REGION,
  };
}

/** Absolute path of `moto_server` on PATH, or null. */
export function findMotoServer(path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** A port that was free a moment ago (bind port 0, read it, release it). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read the port bound by the OS'))));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(500) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntilUp(endpoint: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}: ${output()}`);
    if (await answers(endpoint)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms: ${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface StartMotoOptions {
  /** moto_server executable, checked to be there (default: from PATH); the server runs through python3 with the same moto. */
  readonly binary?: string;
  readonly timeoutMs?: number;
  /**
   * Run moto through moto_fast_transactions.py (python3 on PATH): same TransactWriteItems outcomes
   * without moto's per-item whole-table copies. For benchmarks; the test tier uses plain moto.
   */
  readonly fastTransactions?: boolean;
}

const FAST_TRANSACTIONS = join(dirname(fileURLToPath(import.meta.url)), 'moto_fast_transactions.py');
const SERIALIZED = join(dirname(fileURLToPath(import.meta.url)), 'moto_serialized.py');

/** Start moto_server (binary from PATH unless given), wait for it, switch its Lambda to no-Docker mode. */
export async function startMotoServer(options: StartMotoOptions = {}): Promise<MotoServer> {
  const binary = options.binary ?? findMotoServer();
  if (binary === null) throw new Error('moto_server not found on PATH (pip install "moto[server]")');
  const port = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const args = ['-H', '127.0.0.1', '-p', String(port)];
  // DynamoDB requests one at a time (moto's conditional writes are not atomic across threads), or
  // the benchmark's fast transactions; both run moto's own server module through python3.
  const launcher = options.fastTransactions === true ? FAST_TRANSACTIONS : SERIALIZED;
  const child = spawn('python3', [launcher, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitUntilUp(endpoint, child, () => stderr, options.timeoutMs ?? 30_000);
    const configured = await fetch(`${endpoint}/moto-api/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lambda: { use_docker: false } }),
    });
    if (!configured.ok) throw new Error(`moto-api/config answered ${configured.status}`);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, env: motoEnv(endpoint), stop: () => stopChild(child) };
}
