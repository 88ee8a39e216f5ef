/**
 * The browser side, served from /assets/dashboard.js: plain JavaScript, no framework. It listens
 * to /api/events (Server-Sent Events; polling /api/sections when EventSource is missing), swaps
 * the server-rendered sections that changed, and posts redrives.
 */
export const DASHBOARD_JS = `(() => {
  'use strict';
  const body = document.body;
  const stream = body.dataset.stream;
  const pollUrl = body.dataset.poll;
  const rendered = new Map();
  let lastUpdate = 0;

  function setConnection(text, on) {
    const pill = document.getElementById('connection');
    if (!pill) return;
    pill.textContent = text;
    pill.className = 'pill ' + (on ? 'on' : 'off');
  }

  function apply(update) {
    lastUpdate = Date.now();
    for (const [name, html] of Object.entries(update.sections || {})) {
      if (rendered.get(name) === html) continue;
      const el = document.querySelector('[data-section="' + name + '"]');
      if (!el) continue;
      el.innerHTML = html;
      rendered.set(name, html);
    }
    body.dataset.updatedAt = String(update.at);
    document.dispatchEvent(new CustomEvent('sosw:update', { detail: update.at }));
  }

  function poll() {
    fetch(pollUrl, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))))
      .then((u) => { apply(u); setConnection('live (polling)', true); })
      .catch(() => setConnection('reconnecting…', false))
      .finally(() => setTimeout(poll, 2000));
  }

  function connect() {
    if (!stream) return;
    if (typeof EventSource === 'undefined') return poll();
    const source = new EventSource(stream);
    source.addEventListener('update', (e) => { apply(JSON.parse(e.data)); setConnection('live', true); });
    source.addEventListener('open', () => setConnection('live', true));
    source.addEventListener('error', () => setConnection('reconnecting…', false));
  }

  function toast(text, isError) {
    const el = document.getElementById('toast');
    if (!el) return;
    el.textContent = text;
    el.className = 'show' + (isError ? ' error' : '');
    el.setAttribute('data-testid', 'toast');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { el.className = ''; }, 4000);
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('[data-redrive]');
    if (!button) return;
    const taskId = button.getAttribute('data-redrive');
    button.disabled = true;
    button.textContent = 'Redriving…';
    fetch('/api/tasks/' + encodeURIComponent(taskId) + '/redrive', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
      .then((r) => r.json().then((j) => ({ ok: r.ok, j })))
      .then(({ ok, j }) => {
        if (ok) toast('Redrove ' + taskId + ': back in the ' + j.labourerId + ' queue with attempts reset.', false);
        else toast((j.error && j.error.message) || 'Redrive failed', true);
        if (!ok) { button.disabled = false; button.textContent = 'Redrive'; }
      })
      .catch((e) => { toast('Redrive failed: ' + e.message, true); button.disabled = false; button.textContent = 'Redrive'; });
  });

  const find = document.getElementById('find-task');
  if (find) {
    // The box takes a whole id or its first characters: one match opens it, several are listed.
    find.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = String(new FormData(find).get('task') || '').trim();
      if (!text) return;
      const open = (id) => { location.href = '/tasks/' + encodeURIComponent(id); };
      fetch('/api/tasks?prefix=' + encodeURIComponent(text) + '&limit=10', { credentials: 'same-origin' })
        .then((r) => r.json().then((j) => ({ ok: r.ok, j })))
        .then(({ ok, j }) => {
          if (!ok) { toast((j.error && j.error.message) || 'Search failed', true); return; }
          const exact = j.tasks.find((t) => t.taskId === text);
          if (exact || j.tasks.length === 1) { open((exact || j.tasks[0]).taskId); return; }
          if (j.tasks.length === 0) { toast('No task id starts with ' + text + '.', true); return; }
          const list = document.getElementById('find-results');
          if (!list) return;
          list.replaceChildren(...j.tasks.map((t) => {
            const a = document.createElement('a');
            a.href = '/tasks/' + encodeURIComponent(t.taskId);
            a.textContent = t.taskId + ' · ' + t.labourerId + ' · ' + t.state;
            return a;
          }));
          list.hidden = false;
        })
        .catch((e) => toast('Search failed: ' + e.message, true));
    });
  }

  setInterval(() => {
    const el = document.getElementById('updated');
    if (el && lastUpdate) el.textContent = 'updated ' + Math.round((Date.now() - lastUpdate) / 1000) + 's ago';
  }, 1000);

  connect();
})();
`;
