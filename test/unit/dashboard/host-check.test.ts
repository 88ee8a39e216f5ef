/**
 * DNS rebinding: the dashboard server answers only the names it was bound under. A page on
 * evil.example re-pointed at 127.0.0.1 sends `Host: evil.example:<port>` (and, for a POST, a
 * matching Origin): it must read nothing and change nothing.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { sameToken } from '../../../src/dashboard/auth.js';
import { allowedHostHeaders } from '../../../src/dashboard/host-check.js';
import { type DashboardServer, startDashboardServer } from '../../../src/dashboard/server.js';
import { createDashboardFixture, type DashboardFixture, scheduleItems } from './runtime-fixture.js';

interface Reply {
  readonly status: number;
  readonly body: string;
}

/** An HTTP request to 127.0.0.1:<port> with any Host header (fetch cannot set Host). */
function send(port: number, path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('dashboard Host check', () => {
  let f: DashboardFixture | undefined;
  let server: DashboardServer | undefined;
  afterEach(async () => {
    await server?.close();
    await f?.close();
    server = undefined;
    f = undefined;
  });

  async function deadTask(fixture: DashboardFixture): Promise<string> {
    await scheduleItems(fixture.runtime, ['bad']);
    fixture.clock.advance(100);
    await fixture.runtime.tickOnce();
    fixture.clock.advance(100_000);
    await fixture.runtime.tickOnce();
    const [dead] = await fixture.runtime.store.recentClosed('w', false, 1);
    if (dead === undefined) throw new Error('fixture: no dead task');
    return dead.taskId;
  }

  it('answers 127.0.0.1, localhost and [::1] on its port; refuses any other Host with a coded 403', async () => {
    f = await createDashboardFixture();
    server = await startDashboardServer({ source: f.source, port: 0 });
    const port = server.port;

    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await send(port, '/api/overview', { host })).status, host).toBe(200);
    }
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`]) {
      const reply = await send(port, '/api/overview', { host });
      expect(reply.status, host).toBe(403);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'dashboard.forbidden', details: { header: 'host' } } });
      expect(reply.body).not.toContain('labourers');
    }
    expect((await send(port, '/', { host: `evil.example:${port}` })).status).toBe(403);
  });

  it('refuses a redrive POST with an evil Host and a matching Origin, and the task stays dead', async () => {
    f = await createDashboardFixture();
    const taskId = await deadTask(f);
    server = await startDashboardServer({ source: f.source, port: 0 });
    const evil = `evil.example:${server.port}`;

    const reply = await send(
      server.port,
      `/api/tasks/${taskId}/redrive`,
      { host: evil, origin: `http://${evil}`, 'content-type': 'application/json' },
      'POST',
      '{}',
    );

    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'dashboard.forbidden' } });
    expect(await f.runtime.store.getClosed(taskId)).toMatchObject({ succeeded: false });
    expect(await f.runtime.store.get(taskId)).toBeNull();
    expect((await f.runtime.metaLog.forTask(taskId)).map((e) => e.action)).not.toContain('redriven');

    const own = `127.0.0.1:${server.port}`;
    const allowed = await send(
      server.port,
      `/api/tasks/${taskId}/redrive`,
      { host: own, origin: `http://${own}`, 'content-type': 'application/json' },
      'POST',
      '{}',
    );
    expect(allowed.status).toBe(200);
  });

  it('accepts the --host given (with its port), and any Host on a wildcard bind (the token guards it)', () => {
    expect([...(allowedHostHeaders('127.0.0.2', 9000) ?? [])].sort()).toEqual(
      ['127.0.0.1:9000', '127.0.0.2:9000', '[::1]:9000', 'localhost:9000'].sort(),
    );
    expect(allowedHostHeaders('::1', 9000)?.has('[::1]:9000')).toBe(true);
    expect(allowedHostHeaders('192.0.2.10', 80)?.has('192.0.2.10')).toBe(true);
    expect(allowedHostHeaders('0.0.0.0', 9000)).toBeNull();
    expect(allowedHostHeaders('::', 9000)).toBeNull();
  });
});

describe('sameToken', () => {
  it('is true only for the same token, whatever the lengths', () => {
    expect(sameToken('correct-horse-battery-staple', 'correct-horse-battery-staple')).toBe(true);
    expect(sameToken('correct-horse-battery-stapl', 'correct-horse-battery-staple')).toBe(false);
    expect(sameToken('correct-horse-battery-staplf', 'correct-horse-battery-staple')).toBe(false);
    expect(sameToken('', 'x')).toBe(false);
    expect(sameToken('é', 'é')).toBe(true);
  });
});
