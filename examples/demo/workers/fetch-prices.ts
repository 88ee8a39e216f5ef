/**
 * Labourer `fetch_prices`: pulls one day of prices for one store. Each task is one (day, store)
 * chunk of the calendar job. The `east` store's feed is flaky: its first attempt fails, the task
 * is retried and then succeeds.
 */
import { defineWorker } from 'sosw';
import { stableFraction, work } from './simulate.js';

export interface FetchPricesPayload {
  readonly stores: readonly string[];
  readonly date_list: readonly string[];
}

export const handler = defineWorker<FetchPricesPayload, { rows: number }>(
  async (payload, ctx) => {
    const [store = '?'] = payload.stores;
    const [day = '?'] = payload.date_list;
    await work(250 + Math.floor(stableFraction(`${store}/${day}`) * 300), ctx.signal);
    if (store === 'east' && ctx.task?.attempts === 1) {
      throw new Error(`price feed of store ${store} timed out for ${day}`);
    }
    const rows = 100 + Math.floor(stableFraction(`${day}/${store}`) * 900);
    ctx.stats.increment('rows_fetched', rows);
    return { rows };
  },
  { name: 'FetchPrices' },
);
