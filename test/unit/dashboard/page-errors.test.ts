/**
 * The HTML pages refuse what their JSON twins refuse (unknown, repeated or invalid parameters, a
 * cursor they did not give, an id that cannot be one), with a 4xx page in the dashboard's layout
 * that names the parameter, the ones the page takes and links to the page without it; and every
 * link and form the pages generate parses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { explorerQuerySchema } from '../../../src/dashboard/query.js';
import { createDashboardFixture, type DashboardFixture, scheduleItems } from './runtime-fixture.js';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** 150 characters: a job id the job store accepts (up to 200). */
const LONG_JOB = `job-${'x'.repeat(146)}`;

function fromHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The same-origin page links of a page (not assets, fragments or data: URLs). */
function pageLinks(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)]
    .map((m) => fromHtml(m[1] ?? ''))
    .filter((href) => href.startsWith('/') && !href.startsWith('/assets/'));
}

/** What submitting each GET form with an action, unchanged, asks for (selects send their selected option, else the first). */
function formSubmissions(html: string): string[] {
  const urls: string[] = [];
  for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attributes = form[1] ?? '';
    const action = /action="([^"]*)"/.exec(attributes)?.[1];
    if (action === undefined || !/method="get"/i.test(attributes)) continue;
    const body = form[2] ?? '';
    const params = new URLSearchParams();
    for (const input of body.matchAll(/<input\b([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(input[1] ?? '')?.[1];
      if (name === undefined || /type="(checkbox|password)"/.test(input[1] ?? '')) continue;
      params.append(name, fromHtml(/value="([^"]*)"/.exec(input[1] ?? '')?.[1] ?? ''));
    }
    for (const select of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = /name="([^"]*)"/.exec(select[1] ?? '')?.[1];
      if (name === undefined) continue;
      const options = [...(select[2] ?? '').matchAll(/<option value="([^"]*)"([^>]*)>/g)];
      const chosen = options.find((o) => (o[2] ?? '').includes('selected')) ?? options[0];
      params.append(name, fromHtml(chosen?.[1] ?? ''));
    }
    urls.push(`${fromHtml(action)}?${params.toString()}`);
  }
  return urls;
}

describe('HTML pages on bad input', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;
  let taskId: string;
  beforeAll(async () => {
    // Prepare: w ends with succeeded and dead tasks, v has jobs (one with a 150-character id) queued.
    f = await createDashboardFixture();
    await scheduleItems(f.runtime, ['a', 'b', 'bad1', 'bad2', 'bad3']);
    for (let i = 0; i < 8; i++) {
      f.clock.advance(1000);
      await f.runtime.tickOnce();
    }
    await f.runtime.schedule({ lambda_name: 'v', job_id: 'job-1', items: ['x', 'y'], isolate_items: true });
    await f.runtime.schedule({ lambda_name: 'v', job_id: 'job#2', items: ['z'], isolate_items: true });
    await f.runtime.schedule({ lambda_name: 'v', job_id: LONG_JOB, items: ['q'], isolate_items: true });
    taskId = (await f.runtime.store.nextQueued('v', Number.MAX_SAFE_INTEGER, 1))[0]?.taskId as string;
    app = createDashboardApp(f.source);
  }, 30_000);
  afterAll(async () => {
    await f.close();
  });

  /** The error page: HTML in the layout (the top bar's views), its code, and the parameter it names. */
  const errorPage = async (path: string, status = 400, init?: RequestInit) => {
    const res = await app.request(path, init);
    expect(res.status, path).toBe(status);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).toContain('<nav class="tabs" aria-label="views">');
    expect(html).toContain('data-testid="page-error"');
    const retry = /data-testid="error-retry" href="([^"]*)"|href="([^"]*)" data-testid="error-retry"/.exec(html);
    return {
      html,
      code: /data-code="([^"]*)"/.exec(html)?.[1],
      param: fromHtml(/data-param="([^"]*)"/.exec(html)?.[1] ?? ''),
      retry: retry === null ? undefined : fromHtml(retry[1] ?? retry[2] ?? ''),
    };
  };

  it('refuses an unknown explorer parameter with a 400 page naming it, the ones it takes, and the page without it', async () => {
    const page = await errorPage('/explore?state=dead&labourr=x');

    expect(page.code).toBe('dashboard.invalidQuery');
    expect(page.param).toBe('labourr');
    expect(page.html).toContain('Invalid labourr: is not a known parameter (received &quot;x&quot;).');
    for (const name of Object.keys(explorerQuerySchema.shape)) expect(page.html).toContain(`<code>${name}</code>`);
    expect(page.retry).toBe('/explore?state=dead');
    expect((await app.request(page.retry as string)).status).toBe(200);
  });

  it('refuses an unknown parameter even when it is empty (a form sends only its own fields empty), on the page and the API', async () => {
    expect((await errorPage('/explore?labourr=')).param).toBe('labourr');
    expect((await app.request('/api/explore?labourr=')).status).toBe(400);
    expect((await errorPage('/jobs?stat=')).param).toBe('stat');
  });

  it.each([
    ['/explore?state=dead&state=queued', 'state', 'give it once', '/explore'],
    ['/explore?limit=abc&state=dead', 'limit', 'must be a whole number', '/explore?state=dead'],
    ['/explore?labourer=nope', 'labourer', 'must be one of w, v', '/explore'],
    ['/explore?since=10&until=5', 'since', 'must not be after until', '/explore?until=5'],
    ['/explore?cursor=garbage&state=dead', 'cursor', 'is not a cursor this dashboard gave', '/explore?state=dead'],
    ['/jobs?cursor=garbage', 'cursor', 'is not a cursor this dashboard gave', '/jobs'],
    ['/jobs?state=done', 'state', 'must be one of', '/jobs'],
    ['/jobs?limit=0', 'limit', 'must be at least 1', '/jobs'],
    ['/?x=1', 'x', 'is not a known parameter', '/'],
    ['/?labourer=w', 'labourer', 'is not a known parameter', '/'],
  ])('refuses %s naming %s', async (path, param, text, retry) => {
    const page = await errorPage(path);

    expect(page.param).toBe(param);
    expect(page.html).toContain(text);
    expect(page.retry).toBe(retry);
  });

  it('says when a page takes no parameters', async () => {
    expect((await errorPage('/?x=1')).html).toContain('This page takes no query parameters');
    expect((await errorPage(`/tasks/${taskId}?x=1`)).param).toBe('x');
  });

  it('answers a task id that cannot be one with a 400 page, and an unknown task with a 404 page', async () => {
    const bad = await errorPage('/tasks/not%20an%20id');
    expect(bad).toMatchObject({ code: 'dashboard.invalidQuery', param: 'taskId', retry: '/explore' });
    expect(bad.html).toContain('may contain only letters, digits and _ . : -');

    const unknown = await errorPage(`/tasks/${'0'.repeat(32)}`, 404);
    expect(unknown.code).toBe('task.notFound');
    expect(unknown.html).toContain(`No task ${'0'.repeat(32)}`);
    expect(unknown.retry).toBe('/explore');
  });

  it('answers the same status and names the same parameter as the JSON twin', async () => {
    const pairs: Array<[string, string]> = [
      ['/explore?labourr=x', '/api/explore?labourr=x'],
      ['/explore?sort=colour', '/api/explore?sort=colour'],
      ['/explore?window=2h', '/api/explore?window=2h'],
      ['/explore?limit=10&limit=20', '/api/explore?limit=10&limit=20'],
      ['/explore?cursor=garbage', '/api/explore?cursor=garbage'],
      ['/jobs?cursor=garbage', '/api/jobs?cursor=garbage'],
      ['/jobs?cursor=', '/api/jobs?cursor='],
      ['/jobs?labourer=nope', '/api/jobs?labourer=nope'],
      ['/?x=1', '/api/overview?x=1'],
      [`/tasks/${taskId}?task=1`, `/api/tasks/${taskId}?task=1`],
      ['/tasks/a%2Fb', '/api/tasks/a%2Fb'],
      [`/tasks/${'0'.repeat(32)}`, `/api/tasks/${'0'.repeat(32)}`],
    ];
    for (const [pagePath, apiPath] of pairs) {
      const api = await app.request(apiPath);
      const { error } = (await api.json()) as ErrorBody;
      const page = await errorPage(pagePath, api.status);
      expect(page.code, pagePath).toBe(error.code);
      if (error.details.param !== undefined) expect(page.param, pagePath).toBe(error.details.param);
    }
  });

  it('keeps the JSON errors of the API', async () => {
    const res = await app.request('/api/explore?labourr=x');
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as ErrorBody).error.details.param).toBe('labourr');
  });

  it('answers a browser asking for a page that does not exist with a 404 page listing the views', async () => {
    const page = await errorPage('/tasks?labourr=x', 404, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.code).toBe('dashboard.notFound');
    expect(page.html).toContain('No page /tasks');
    expect(page.retry).toBe('/explore');
    // A client that does not ask for HTML keeps the JSON 404.
    expect(((await (await app.request('/tasks')).json()) as ErrorBody).error.code).toBe('dashboard.notFound');
  });

  it('follows every link and form the pages generate without a 4xx', async () => {
    const seen = new Set<string>();
    const queue = ['/', '/explore', '/explore?limit=2', '/explore?state=dead&limit=1&sort=id&order=asc', '/jobs', '/jobs?limit=1'];
    const failures: string[] = [];
    while (queue.length > 0 && seen.size < 150) {
      const path = queue.shift() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await app.request(path);
      if (res.status !== 200) {
        failures.push(`${path} -> ${res.status}`);
        continue;
      }
      if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
      const html = await res.text();
      for (const next of [...pageLinks(html), ...formSubmissions(html)]) if (!seen.has(next)) queue.push(next);
    }

    expect(failures).toEqual([]);
    // The crawl reached what it is meant to check: pages of the explorer and of the jobs, tasks, a job's tasks.
    const visited = [...seen];
    expect(visited.some((p) => p.startsWith('/explore?') && p.includes('cursor='))).toBe(true);
    expect(visited.some((p) => p.startsWith('/jobs?') && p.includes('cursor='))).toBe(true);
    expect(visited.some((p) => p.startsWith('/tasks/'))).toBe(true);
    expect(visited.some((p) => p.includes(`job=${LONG_JOB}`))).toBe(true);
    expect(visited.some((p) => p.includes('job=job%232'))).toBe(true);
  });

  it('keeps the filter of a jobs page in its next-page link', async () => {
    const html = await (await app.request('/jobs?state=running&labourer=v&limit=1')).text();
    const next = pageLinks(html).find((href) => href.startsWith('/jobs?'));
    expect(next).toBeDefined();
    const params = new URL(next as string, 'http://x').searchParams;
    expect(params.get('state')).toBe('running');
    expect(params.get('labourer')).toBe('v');
    expect(params.get('limit')).toBe('1');
  });
});
