/**
 * An order-insensitive structural key for a metric's `details`, so a metric shared by several
 * labourers (or written with its keys in another order) is fetched once per tick. Object keys are
 * sorted; arrays keep their order (as the original's `make_hash`).
 *
 * @example
 * detailsKey({ a: 1, b: [1, 2] }) === detailsKey({ b: [1, 2], a: 1 }); // true
 */
export function detailsKey(details: unknown): string {
  return JSON.stringify(normalise(details));
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Array<[string, unknown]> = [];
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out.push([key, normalise(v)]);
    }
    // A tagged pair list keeps `{}` and `[]` distinct from each other.
    return { o: out };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
