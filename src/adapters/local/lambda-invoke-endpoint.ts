/**
 * A local endpoint that answers the AWS Lambda Invoke API for handlers registered in this process,
 * so the AWS composition (LambdaInvoker included) runs end to end on one machine: point the SDK at
 * it with `AWS_ENDPOINT_URL_LAMBDA=http://127.0.0.1:<port>`. It binds to loopback only.
 *
 * - `POST /2015-03-31/functions/{name}/invocations`: `X-Amz-Invocation-Type: Event` answers 202
 *   and runs the handler in the background; `RequestResponse` (the default) answers 200 with the
 *   JSON result, or 200 with `X-Amz-Function-Error: Unhandled` and the error when the handler throws;
 *   `DryRun` answers 204. An unknown function gets 404 `ResourceNotFoundException`, and any other
 *   invocation type 400 `InvalidParameterValueException`, as on AWS.
 * - `GET /2015-03-31/functions/{name}/configuration`: `FunctionName`, `FunctionArn`, `Timeout`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SoswError } from '../../core/errors.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import { functionNameOf } from './in-process-invoker.js';
import type { InProcessHandler, LocalInvocationContext } from './invocation-context.js';

export const LOOPBACK_HOSTS: readonly string[] = Object.freeze(['127.0.0.1', '::1', 'localhost']);
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** The invocation types the Invoke API accepts (header `X-Amz-Invocation-Type`; default RequestResponse). */
const INVOCATION_TYPES: readonly string[] = ['RequestResponse', 'Event', 'DryRun'];

export interface LocalLambdaFunction {
  readonly handler: InProcessHandler;
  /** Seconds before an invocation is abandoned (its signal aborted). @defaultValue 60 */
  readonly timeoutSeconds?: number | undefined;
}

/** Functions run elsewhere (the embedded runtime's invoker): reachable with `Event` invocations only. */
export interface AsyncFunctionHost {
  has(nameOrArn: string): boolean;
  invoke(functionName: string, event: unknown): Promise<void>;
  timeoutSeconds(functionName: string): Promise<number | undefined>;
}

export interface LambdaInvokeEndpointOptions {
  /** @defaultValue 0 (a free port) */
  readonly port?: number | undefined;
  /** Must be a loopback address (`endpoint.notLoopback` otherwise). @defaultValue '127.0.0.1' */
  readonly host?: string | undefined;
  readonly functions?: Readonly<Record<string, LocalLambdaFunction>> | undefined;
  readonly fallback?: AsyncFunctionHost | undefined;
  /** Region and account of the ARNs reported. @defaultValue 'us-east-1', '000000000000' */
  readonly region?: string | undefined;
  readonly accountId?: string | undefined;
  readonly logger?: Logger | undefined;
}

export interface LambdaInvokeEndpoint {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  register(name: string, fn: LocalLambdaFunction): void;
  /** Resolves when no background (`Event`) invocation is running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const ROUTE = /^\/2015-03-31\/functions\/([^/]+)\/(invocations|configuration)\/?$/;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  send(res, status, { Type: 'User', message, Message: message }, { 'x-amzn-errortype': type });
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function errorPayload(error: unknown): Record<string, unknown> {
  const e = error instanceof Error ? error : new Error(String(error));
  return { errorType: (e as { code?: unknown }).code ?? e.name, errorMessage: e.message, trace: (e.stack ?? '').split('\n').slice(1, 6) };
}

/**
 * Start the endpoint.
 *
 * @example
 * const endpoint = await startLambdaInvokeEndpoint({ functions: { sosw_worker_assistant: { handler } } });
 * const invoker = new LambdaInvoker({ clientConfig: { endpoint: endpoint.url } });
 */
export async function startLambdaInvokeEndpoint(options: LambdaInvokeEndpointOptions = {}): Promise<LambdaInvokeEndpoint> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.includes(host)) {
    throw new SoswError(
      'endpoint.notLoopback',
      `The Lambda invoke endpoint binds to loopback only (${LOOPBACK_HOSTS.join(', ')}); got host ${JSON.stringify(host)}.`,
      {
        details: { field: 'host', received: host },
      },
    );
  }
  const logger = options.logger ?? silentLogger;
  const region = options.region ?? 'us-east-1';
  const account = options.accountId ?? '000000000000';
  const functions = new Map(Object.entries(options.functions ?? {}));
  const running = new Set<Promise<unknown>>();
  const arnOf = (name: string): string => `arn:aws:lambda:${region}:${account}:function:${name}`;

  const run = async (name: string, fn: LocalLambdaFunction, event: unknown, requestId: string): Promise<unknown> => {
    const timeoutMs = (fn.timeoutSeconds ?? 60) * 1000;
    const controller = new AbortController();
    const deadlineMs = Date.now() + timeoutMs;
    const remaining = (): number => Math.max(0, deadlineMs - Date.now());
    const context: LocalInvocationContext = {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: arnOf(name),
      memoryLimitInMB: '128',
      awsRequestId: requestId,
      requestId,
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: `local/[$LATEST]${requestId}`,
      callbackWaitsForEmptyEventLoop: false,
      deadlineMs,
      getRemainingTimeInMillis: remaining,
      remainingTimeMs: remaining,
      signal: controller.signal,
    };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(Object.assign(new Error(`Task timed out after ${timeoutMs / 1000} seconds`), { name: 'Sandbox.Timedout' }));
      }, timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => fn.handler(event, context)), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  const invoke = async (req: IncomingMessage, res: ServerResponse, name: string): Promise<void> => {
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    // As AWS: any other invocation type is refused before anything runs (never treated as RequestResponse).
    if (!INVOCATION_TYPES.includes(type)) {
      req.resume();
      return awsError(
        res,
        400,
        'InvalidParameterValueException',
        `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`,
      );
    }
    const body = await readBody(req);
    if (body === null)
      return awsError(
        res,
        413,
        'RequestTooLargeException',
        `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the Invoke operation`,
      );
    let event: unknown = null;
    try {
      event = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return awsError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json: the payload is not JSON.');
    }
    const requestId = randomUUID();
    const fn = functions.get(name);
    if (fn === undefined) {
      if (options.fallback?.has(name) !== true)
        return awsError(res, 404, 'ResourceNotFoundException', `Function not found: ${arnOf(name)}`);
      if (type !== 'Event') {
        return awsError(
          res,
          400,
          'InvalidParameterValueException',
          `${name} runs in the embedded runtime: invoke it with InvocationType Event.`,
        );
      }
      await options.fallback.invoke(name, event);
      return send(res, 202, undefined, { 'x-amzn-requestid': requestId });
    }
    if (type === 'DryRun') return send(res, 204, undefined, { 'x-amzn-requestid': requestId });
    if (type === 'Event') {
      const job = run(name, fn, event, requestId).catch((error: unknown) =>
        logger.warn({ functionName: name, requestId, error: errorPayload(error) }, 'Local Lambda invocation failed'),
      );
      running.add(job);
      void job.finally(() => running.delete(job));
      return send(res, 202, undefined, { 'x-amzn-requestid': requestId });
    }
    const headers = { 'x-amzn-requestid': requestId, 'x-amz-executed-version': '$LATEST' };
    try {
      send(res, 200, (await run(name, fn, event, requestId)) ?? null, headers);
    } catch (error) {
      send(res, 200, errorPayload(error), { ...headers, 'x-amz-function-error': 'Unhandled' });
    }
  };

  const configuration = async (res: ServerResponse, name: string): Promise<void> => {
    const fn = functions.get(name);
    const timeout = fn === undefined ? await options.fallback?.timeoutSeconds(name) : (fn.timeoutSeconds ?? 60);
    if (fn === undefined && options.fallback?.has(name) !== true)
      return awsError(res, 404, 'ResourceNotFoundException', `Function not found: ${arnOf(name)}`);
    send(res, 200, {
      FunctionName: name,
      FunctionArn: arnOf(name),
      Timeout: timeout ?? 60,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Version: '$LATEST',
      State: 'Active',
      LastUpdateStatus: 'Successful',
    });
  };

  const server = createServer((req, res) => {
    // Loopback binding keeps other machines out; the Host check keeps out web pages (DNS rebinding).
    const hostName = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    if (!LOOPBACK_HOSTS.includes(hostName))
      return awsError(res, 403, 'AccessDeniedException', `Host ${JSON.stringify(hostName)} is not a loopback name.`);
    const route = ROUTE.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    const name = route === null ? '' : functionNameOf(decodeURIComponent(route[1] ?? ''));
    let work: Promise<void>;
    if (route?.[2] === 'invocations' && req.method === 'POST') work = invoke(req, res, name);
    else if (route?.[2] === 'configuration' && req.method === 'GET') work = configuration(res, name);
    else
      work = Promise.resolve(
        awsError(res, 404, 'UnknownOperationException', `${req.method} ${req.url} is not served by the local Lambda endpoint.`),
      );
    work.catch((error: unknown) => {
      logger.error({ error: errorPayload(error) }, 'Local Lambda endpoint request failed');
      if (!res.headersSent) awsError(res, 500, 'ServiceException', String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new SoswError(
          'port.unavailable',
          `The local Lambda endpoint cannot listen on ${host}:${options.port ?? 0}: ${error.message}. Pick another port (a running sosw dev may hold this one).`,
          { details: { field: 'port', host, port: options.port ?? 0, errno: error.code }, cause: error },
        ),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    register: (name, fn) => {
      functions.set(name, fn);
    },
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
