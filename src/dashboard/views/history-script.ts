/**
 * The History panel's browser side, appended to /assets/dashboard.js: loads the charts of the
 * picked range from /api/history/section (on load, on a range change, every 30 seconds).
 */
export const HISTORY_JS = `(() => {
  'use strict';
  const view = document.getElementById('history-view');
  const charts = document.getElementById('history-charts');
  if (!view || !charts) return;
  let range = view.dataset.range;
  function load() {
    const asked = range;
    view.setAttribute('aria-busy', 'true');
    fetch('/api/history/section?range=' + encodeURIComponent(asked), { credentials: 'same-origin' })
      .then((r) => r.json().then((j) => ({ ok: r.ok, j })))
      .then(({ ok, j }) => {
        if (asked !== range) return;
        if (!ok) { charts.textContent = (j.error && j.error.message) || 'The history could not be read.'; return; }
        charts.innerHTML = j.html;
        view.dataset.loaded = asked;
      })
      .catch((e) => { if (asked === range) charts.textContent = 'The history could not be read: ' + e.message; })
      .finally(() => { if (asked === range) view.removeAttribute('aria-busy'); });
  }
  view.addEventListener('change', (event) => {
    if (event.target.name !== 'history-range') return;
    range = event.target.value;
    view.dataset.range = range;
    load();
  });
  load();
  setInterval(load, 30000);
})();
`;
