/** Small helpers for building HTML as strings: every interpolated value goes through `esc`. */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** JSON inside a <script type="application/json"> element (no `</script>` break-out). */
export function jsonScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** `12`, `1.5k`, `2.3M`. */
export function compact(n: number): string {
  if (Math.abs(n) < 10_000) return String(Math.round(n * 100) / 100);
  if (Math.abs(n) < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** Seconds as `45s`, `3m 20s`, `2h 5m`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** `12s ago` / `in 12s` between two epoch-ms moments. */
export function relative(atMs: number, nowMs: number): string {
  const seconds = (atMs - nowMs) / 1000;
  if (Math.abs(seconds) < 1) return 'now';
  return seconds < 0 ? `${duration(-seconds)} ago` : `in ${duration(seconds)}`;
}

/** ISO time of day (UTC) of epoch ms, e.g. `14:03:07`. */
export function clockTime(atMs: number): string {
  return new Date(atMs).toISOString().slice(11, 19);
}

export const HEALTH_CLASSES = ['bad', 'poor', 'moderate', 'good', 'high'] as const;

export function healthClass(health: number): string {
  return HEALTH_CLASSES[health] ?? 'bad';
}

/** Colours of the labourers' lines in charts, by position. */
export const SERIES_COLOURS = ['#2563eb', '#d97706', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#dc2626'] as const;

export function colourOf(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] as string;
}
