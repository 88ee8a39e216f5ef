/**
 * The browser side, served from /assets/dashboard.js: plain JavaScript, no framework. It listens
 * to /api/events (Server-Sent Events; polling /api/sections when EventSource is missing), swaps
 * the server-rendered sections that changed, and posts redrives.
 */
import { CONTROL_BODY_JS } from './control-body-script.js';

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

  function focusKey(node) {
    const attr = (name) => node.getAttribute(name);
    if (attr('data-control')) return '[data-control="' + CSS.escape(attr('data-control')) + '"][data-labourer="' + CSS.escape(attr('data-labourer')) + '"]';
    if (attr('data-redrive')) return '[data-redrive="' + CSS.escape(attr('data-redrive')) + '"]';
    if (node.id) return '#' + CSS.escape(node.id);
    if (node.getAttribute('aria-label')) return '[aria-label="' + CSS.escape(node.getAttribute('aria-label')) + '"]';
    return null;
  }

  function apply(update) {
    lastUpdate = Date.now();
    for (const [name, html] of Object.entries(update.sections || {})) {
      if (rendered.get(name) === html) continue;
      const el = document.querySelector('[data-section="' + name + '"]');
      if (!el) continue;
      // Keep keyboard focus across the swap: find the focused control again in the new HTML.
      const focused = document.activeElement;
      const key = focused && focused !== el && el.contains(focused) ? focusKey(focused) : null;
      el.innerHTML = html;
      if (key) { const again = el.querySelector(key); if (again) again.focus(); }
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

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json().then((j) => ({ ok: r.ok, j })));
  }
  const failed = (j, what) => toast((j.error && j.error.message) || what + ' failed', true);

  // Explorer: the selection, and bulk redrive or cancel after a confirmation that names the number of tasks.
  const picks = () => Array.from(document.querySelectorAll('input.pick:checked')).map((i) => i.value);
  const BULK = {
    redrive: { name: 'Redrive', none: 'No task to redrive.', done: 'Redrove',
      ask: (n, more) => 'Redrive ' + n + ' task(s)' + more + '? Dead ones go back to their queue with attempts reset; others are skipped.' },
    cancel: { name: 'Cancel', none: 'No queued or retrying task to cancel.', done: 'Cancelled',
      ask: (n, more) => 'Cancel ' + n + ' queued or retrying task(s)' + more + '? They close as cancelled; running ones finish and are not retried.' },
  };
  document.addEventListener('change', (event) => {
    const t = event.target;
    if (t.id === 'pick-all') document.querySelectorAll('input.pick').forEach((i) => { i.checked = t.checked; });
    const n = picks().length;
    document.querySelectorAll('[data-bulk="selection"]').forEach((button) => {
      const name = BULK[button.dataset.action].name;
      button.disabled = n === 0;
      button.textContent = n ? name + ' selected (' + n + ')' : name + ' selected';
    });
  });
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('[data-bulk]');
    if (!button) return;
    const action = button.dataset.action;
    const words = BULK[action];
    const body = button.dataset.bulk === 'selection'
      ? { action, taskIds: picks() }
      : { action, filter: Object.fromEntries(new URLSearchParams(button.closest('.bulk').dataset.filter || '')) };
    postJson('/api/tasks/bulk', body).then(({ ok, j }) => {
      if (!ok) return failed(j, words.name);
      const n = action === 'cancel' ? j.eligible : j.matched;
      if (n === 0) return toast(words.none, true);
      const more = n > j.taskIds.length ? ' (the first ' + j.taskIds.length + ')' : '';
      if (!window.confirm(words.ask(n, more))) return;
      return postJson('/api/tasks/bulk', Object.assign({}, body, { confirm: true })).then(({ ok, j }) => {
        if (!ok) return failed(j, words.name);
        toast(words.done + ' ' + j.done + ' of ' + j.matched + ' task(s)' + (j.skipped.length ? ', skipped ' + j.skipped.length : '') + '.', false);
        setTimeout(() => location.reload(), 1200);
      });
    }).catch((e) => toast(words.name + ' failed: ' + e.message, true));
  });

  // Labourer controls: pause, resume, drain, pin or clear a limit, each confirmed first.
  ${CONTROL_BODY_JS}
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('[data-control]');
    if (!button) return;
    const verb = button.dataset.control;
    const labourer = button.dataset.labourer;
    const body = controlBody(verb, labourer, window);
    if (body === null) return;
    const path = verb === 'unpin' ? 'limit' : verb;
    button.disabled = true;
    postJson('/api/labourers/' + encodeURIComponent(labourer) + '/' + path, body)
      .then(({ ok, j }) => {
        button.disabled = false;
        if (!ok) return failed(j, verb);
        const DONE = { pause: 'paused', drain: 'draining', resume: 'resumed', limit: 'limit pinned', unpin: 'limit cleared' };
        toast(labourer + ': ' + DONE[verb] + '.', false);
      })
      .catch((e) => { button.disabled = false; toast(verb + ' failed: ' + e.message, true); });
  });

  // Jobs: cancel after a confirmation.
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('[data-cancel-job]');
    if (!button) return;
    const jobId = button.getAttribute('data-cancel-job');
    if (!window.confirm('Cancel job ' + jobId + '? Its queued and retrying tasks are closed as cancelled; running ones finish and are not retried.')) return;
    button.disabled = true;
    postJson('/api/jobs/' + encodeURIComponent(jobId) + '/cancel', {})
      .then(({ ok, j }) => {
        if (!ok) { button.disabled = false; return failed(j, 'Cancel'); }
        toast('Cancelled ' + jobId + ': ' + j.closed.length + ' task(s) closed.', false);
        setTimeout(() => location.reload(), 1200);
      })
      .catch((e) => { button.disabled = false; toast('Cancel failed: ' + e.message, true); });
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
