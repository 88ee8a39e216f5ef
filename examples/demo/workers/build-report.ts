/**
 * Labourer `build_report`: builds the sales report of one region. The region `atlantis` does not
 * exist: every attempt fails, and after `max_attempts` the Scavenger closes the task as dead.
 */
import { defineWorker } from 'sosw';
import { stableFraction, work } from './simulate.js';

export interface BuildReportPayload {
  readonly regions: readonly string[];
}

export const handler = defineWorker<BuildReportPayload, { pages: number }>(
  async (payload, ctx) => {
    const [region = '?'] = payload.regions;
    await work(200 + Math.floor(stableFraction(region) * 200), ctx.signal);
    if (region === 'atlantis') throw new Error(`region ${region} has no sales ledger`);
    return { pages: 3 + Math.floor(stableFraction(`${region}!`) * 10) };
  },
  { name: 'BuildReport' },
);
