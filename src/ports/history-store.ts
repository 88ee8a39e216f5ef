import type { MinuteRollup } from '../core/history/minute-rollup.js';

/**
 * Where the essentials keep minute rollups (queue depth, throughput, failures, dispatch latency per
 * labourer per minute) for the dashboard's history. Written by the engines, not the dashboard, so
 * history exists when no page was open. Every adapter passes test/contract/history-store.contract.ts.
 */
export interface HistoryStore {
  /**
   * Add each rollup to the stored one of its labourer and minute (counts add up, so writers never
   * read first and racing writers lose nothing; a non-null `queued` replaces the stored depth).
   * Rollups older than the retention are dropped at the same time (SQLite) or expire (DynamoDB TTL).
   * `nowSeconds` is the writer's clock, the retention's reference.
   */
  record(rollups: readonly MinuteRollup[], nowSeconds: number): Promise<void>;
  /** Stored rollups of these labourers with `fromSeconds` <= minute < `toSeconds`, by labourer, oldest first. */
  read(labourerIds: readonly string[], fromSeconds: number, toSeconds: number): Promise<MinuteRollup[]>;
  close(): Promise<void>;
}
