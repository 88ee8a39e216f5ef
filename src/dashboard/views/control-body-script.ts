/**
 * The browser's builder of labourer-control request bodies, as JavaScript source: the page's script
 * embeds it, and the unit tests evaluate this same text and post what it builds to the routes, so
 * the buttons cannot drift from what control-routes.ts accepts.
 *
 * `controlBody(verb, labourer, ask)` returns the body for POST /api/labourers/<id>/<path>, or null
 * when the operator cancels; `ask` is `window` (prompt, confirm) in the page. `unpin` posts to `limit`.
 */
export const CONTROL_BODY_JS = `function controlBody(verb, labourer, ask) {
  const CONFIRM = {
    pause: 'Pause ' + labourer + '? Nothing new is invoked until you resume; running tasks finish.',
    drain: 'Drain ' + labourer + '? Nothing new is invoked; it shows drained once running tasks finish.',
    resume: 'Resume ' + labourer + '? Dispatch starts again at the next tick.',
    unpin: 'Clear the pinned limit of ' + labourer + '?',
  };
  if (verb === 'limit') {
    // A pin needs a max and how long it lasts (it reverts by itself): ask for both.
    const max = ask.prompt('Pin at most how many simultaneous invocations for ' + labourer + '? (0 stops dispatch)', '');
    if (max === null || max.trim() === '') return null;
    const lasts = ask.prompt('Pin it for how long? It reverts by itself after that (e.g. 30m, 2h, 1d).', '1h');
    if (lasts === null || lasts.trim() === '') return null;
    return { max: max.trim(), for: lasts.trim() };
  }
  if (!ask.confirm(CONFIRM[verb])) return null;
  return verb === 'unpin' ? { clear: true } : {};
}`;
