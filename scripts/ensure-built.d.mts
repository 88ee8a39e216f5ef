/** Run `npm run build`'s script when dist/ is missing or stale; `log` says so first. Returns true when it built. */
export function ensureBuilt(log?: (line: string) => void): boolean;
