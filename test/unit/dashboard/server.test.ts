import { afterEach, describe, expect, it } from 'vitest';
import { SoswError } from '../../../src/core/errors.js';
import { type DashboardServer, isLoopbackHost, startDashboardServer } from '../../../src/dashboard/server.js';
import { createDashboardFixture, type DashboardFixture } from './runtime-fixture.js';

describe('startDashboardServer', () => {
  let f: DashboardFixture | undefined;
  let server: DashboardServer | undefined;
  afterEach(async () => {
    await server?.close();
    await f?.close();
    server = undefined;
    f = undefined;
  });

  it('serves the app on a free loopback port and closes with an event stream open', async () => {
    f = await createDashboardFixture();
    server = await startDashboardServer({ source: f.source, port: 0 });

    const health = await fetch(`${server.url}/healthz`);
    const events = await fetch(`${server.url}/api/events`);
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    await server.close();

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await health.json()).toEqual({ ok: true });
    expect(first).toContain('event: update');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it.each([
    ['0.0.0.0', undefined],
    ['192.0.2.10', 'short'],
    ['::', undefined],
  ])('refuses to bind %s without a token of 16+ characters', async (host, token) => {
    f = await createDashboardFixture();

    const started = startDashboardServer({ source: f.source, host, port: 0, token });

    await expect(started).rejects.toSatisfy((e: unknown) => SoswError.is(e, 'dashboard.tokenRequired'));
  });

  it.each([-1, 70_000, 1.5])('refuses port %s', async (port) => {
    f = await createDashboardFixture();

    await expect(startDashboardServer({ source: f.source, port })).rejects.toSatisfy((e: unknown) => SoswError.is(e, 'config.invalid'));
  });

  it('says which port is taken', async () => {
    f = await createDashboardFixture();
    server = await startDashboardServer({ source: f.source, port: 0 });

    const second = startDashboardServer({ source: f.source, port: server.port });

    await expect(second).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+/);
    await expect(second).rejects.toMatchObject({ code: 'port.unavailable' });
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['10.0.0.5', false],
    ['example.com', false],
    ['::', false],
  ])('%s -> %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
