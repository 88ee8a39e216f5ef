/**
 * The Host check of the dashboard server, against DNS rebinding: a web page whose name was
 * re-pointed at 127.0.0.1 reaches the dashboard with its own name in `Host`, so only the names
 * the server was bound under are answered (`127.0.0.1:<port>`, `localhost:<port>`, `[::1]:<port>`
 * and the `--host` given). Others get a coded 403 before any route runs, token or not.
 */
import type { MiddlewareHandler } from 'hono';
import { SoswError } from '../core/errors.js';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** True for 0.0.0.0 / :: (every interface): the names users reach it under are unknown, the token guards it. */
export function isWildcardHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0';
}

/** `Host` values accepted by a server bound to `host`:`port` (lower case); null when any is (wildcard binds). */
export function allowedHostHeaders(host: string, port: number): ReadonlySet<string> | null {
  if (isWildcardHost(host)) return null;
  const bound = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const names = new Set([...LOOPBACK_NAMES, bound.toLowerCase()]);
  const values = new Set<string>();
  for (const name of names) {
    values.add(`${name}:${port}`);
    if (port === 80) values.add(name);
  }
  return values;
}

/**
 * Refuse requests whose `Host` is not one of `allowed()` (read per request: the port is known only
 * once the server listens). `allowed()` returning null turns the check off.
 */
export function checkHost(allowed: () => ReadonlySet<string> | null): MiddlewareHandler {
  return async (c, next) => {
    const accepted = allowed();
    if (accepted === null) return next();
    const host = (c.req.header('host') ?? '').trim().toLowerCase();
    if (accepted.has(host)) return next();
    throw new SoswError(
      'dashboard.forbidden',
      `Host ${JSON.stringify(host)} is not a name this dashboard was started under (${[...accepted].join(', ')}); open it by one of those.`,
      { details: { header: 'host', received: host } },
    );
  };
}
