import { esc } from './html.js';

/** Asked for when a token is configured and the browser has none (or a wrong one). */
export function loginPage(problem?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sosw dashboard · token</title>
<link rel="stylesheet" href="/assets/dashboard.css"></head><body><form class="login" method="get" action="/">
<h2>sosw dashboard</h2><p>This dashboard is protected by a token (<span class="mono">--token</span> or <span class="mono">SOSW_DASHBOARD_TOKEN</span> where it was started).</p>
${problem === undefined ? '' : `<p style="color:var(--bad)">${esc(problem)}</p>`}
<input type="password" name="token" placeholder="token" autofocus aria-label="token"><button type="submit">Open</button></form></body></html>`;
}
