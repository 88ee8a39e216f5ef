/** The reference payload of spec scheduler-chunking.md 7.5 and helpers shared by the chunking tests. */
import type { JobObject } from '../../../../src/core/scheduling/values.js';

export const ATTRS = ['section', 'store', 'product'] as const;

export function payload(): JobObject {
  return {
    sections: {
      section_funerals: { stores: { store_flowers: null, store_caskets: null } },
      section_weddings: {
        stores: {
          store_flowers: null,
          store_limos: null,
          store_music: { products: ['product_march', 'product_chorus', 740, 'product,4', 'product 5'] },
        },
      },
      section_conversions: {
        stores: {
          store_training: { products: { product_history: null, product_prayer: null } },
          store_baptizing: null,
          store_circumcision: null,
        },
      },
      section_gifts: null,
    },
  };
}

/** `payload()` with `fn` applied to a fresh copy (for the variants of the examples). */
export function payloadWith(fn: (p: { sections: Record<string, { stores: Record<string, unknown> } & JobObject> }) => void): JobObject {
  const p = payload() as { sections: Record<string, { stores: Record<string, unknown> } & JobObject> };
  fn(p);
  return p;
}

/** Tasks grouped by their first `sections` entry -> count. */
export function countBy(tasks: readonly JobObject[], key: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of tasks) {
    const v = String((t[key] as unknown[] | undefined)?.[0]);
    counts[v] = (counts[v] ?? 0) + 1;
  }
  return counts;
}
