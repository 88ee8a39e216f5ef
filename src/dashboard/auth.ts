/**
 * The token rule and request checks of the dashboard:
 * - with a token configured, every route needs it: `Authorization: Bearer <token>`, header
 *   `x-sosw-token`, or the cookie set when a page is opened once with `?token=<token>`;
 * - a POST must be `application/json` and, when the browser sends an Origin, come from the
 *   dashboard's own origin (so no other web page can redrive tasks through a viewer's browser).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { SoswError } from '../core/errors.js';
import { pageOf } from './pages.js';
import { loginPage } from './views/login-page.js';

export const TOKEN_COOKIE = 'sosw_dashboard_token';
export const TOKEN_HEADER = 'x-sosw-token';

/**
 * Compare in constant time (crypto.timingSafeEqual) over SHA-256 digests, so neither the first
 * differing byte nor the token's length shows in the time taken.
 */
export function sameToken(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function presentedToken(c: Context): string | undefined {
  const authorization = c.req.header('authorization');
  if (authorization?.startsWith('Bearer ') === true) return authorization.slice('Bearer '.length).trim();
  return c.req.header(TOKEN_HEADER) ?? getCookie(c, TOKEN_COOKIE);
}

function isPage(path: string): boolean {
  return pageOf(path) !== undefined;
}

/** Refuse requests without the token (when one is configured). */
export function requireToken(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (token === undefined || url.pathname.startsWith('/assets/')) return next();
    const fromQuery = url.searchParams.get('token');
    if (c.req.method === 'GET' && isPage(url.pathname) && fromQuery !== null) {
      if (!sameToken(fromQuery, token)) return c.html(loginPage('That token is not right.'), 401);
      setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    const given = presentedToken(c);
    if (given !== undefined && sameToken(given, token)) return next();
    if (c.req.method === 'GET' && isPage(url.pathname))
      return c.html(loginPage(given === undefined ? undefined : 'That token is not right.'), 401);
    throw new SoswError(
      'dashboard.unauthorized',
      `This dashboard needs its token: send "Authorization: Bearer <token>" (or header ${TOKEN_HEADER}), or open the page once with ?token=<token>.`,
      { details: { given: given !== undefined } },
    );
  };
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/** POSTs must be JSON and same-origin. */
export function checkMutation(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const type = c.req.header('content-type') ?? '';
    if (!type.toLowerCase().startsWith('application/json')) {
      throw new SoswError('dashboard.forbidden', `A POST must have "Content-Type: application/json" (received ${JSON.stringify(type)}).`, {
        details: { header: 'content-type', received: type },
      });
    }
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    if (origin !== undefined && host !== undefined && originHost(origin) !== host) {
      throw new SoswError('dashboard.forbidden', `Cross-origin POST refused: Origin ${origin} is not this dashboard (${host}).`, {
        details: { header: 'origin', received: origin },
      });
    }
    return next();
  };
}
