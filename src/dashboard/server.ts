/**
 * Serve the dashboard on Node with @hono/node-server. Loopback by default; binding any other
 * address needs a token, so the task data and the redrive action are never open to a network.
 * Only the names it is bound under are answered in `Host` (host-check.ts, against DNS rebinding).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { SoswError } from '../core/errors.js';
import { createDashboardApp } from './app.js';
import { allowedHostHeaders } from './host-check.js';
import type { DashboardSource } from './source.js';

export const DEFAULT_DASHBOARD = Object.freeze({ host: '127.0.0.1', port: 8787 });

export interface DashboardServerOptions {
  readonly source: DashboardSource;
  /** @defaultValue '127.0.0.1' */
  readonly host?: string | undefined;
  /** 0 picks a free port. @defaultValue 8787 */
  readonly port?: number | undefined;
  /** Required unless `host` is a loopback address. */
  readonly token?: string | undefined;
  /** @defaultValue 1000 */
  readonly eventIntervalMs?: number | undefined;
}

export interface DashboardServer {
  /** `http://host:port` as bound (the real port when 0 was asked). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stop listening and drop open connections (event streams included). */
  close(): Promise<void>;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

function checkOptions(host: string, port: number, token: string | undefined): void {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new SoswError('config.invalid', `Dashboard port must be a whole number 0..65535 (0 = any free port), got ${port}.`, {
      details: { field: 'port', received: port },
    });
  }
  if (!isLoopbackHost(host) && (token === undefined || token.length < 16)) {
    throw new SoswError(
      'dashboard.tokenRequired',
      `The dashboard binds ${host}, which other machines can reach: set a token of at least 16 characters (--token or SOSW_DASHBOARD_TOKEN), or bind 127.0.0.1.`,
      { details: { field: 'token', host } },
    );
  }
}

/**
 * @example
 * const server = await startDashboardServer({ source, port: 0 });
 * console.log(server.url);
 * await server.close();
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const host = options.host ?? DEFAULT_DASHBOARD.host;
  const port = options.port ?? DEFAULT_DASHBOARD.port;
  const token = options.token === '' ? undefined : options.token;
  checkOptions(host, port, token);
  // Known once listening (port 0 picks one); until then nothing is answered.
  let allowed: ReadonlySet<string> | null = new Set<string>();
  const app = createDashboardApp(options.source, { token, eventIntervalMs: options.eventIntervalMs, allowedHosts: () => allowed });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new SoswError(
          'port.unavailable',
          `The dashboard cannot listen on ${host}:${port}: ${error.message}. Pick another --port (0 = any free one).`,
          {
            details: { field: 'port', host, port, errno: error.code },
            cause: error,
          },
        ),
      );
    });
  });
  const address = server.address() as AddressInfo;
  allowed = allowedHostHeaders(host, address.port);
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${address.port}`,
    host: address.address,
    port: address.port,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}
