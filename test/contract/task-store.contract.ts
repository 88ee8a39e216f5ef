import { describe } from 'vitest';
import { describeBatches } from './task-store/batches.js';
import type { TaskStoreFactory } from './task-store/fixtures.js';
import { describeInvalidInput } from './task-store/invalid-input.js';
import { describeLeases } from './task-store/leases.js';
import { describeArchive, describeRetry } from './task-store/moves.js';
import { describePlacement } from './task-store/placement.js';
import { describeQueue } from './task-store/queue.js';
import { describeReport } from './task-store/report.js';
import { describeStates } from './task-store/states.js';

export type { TaskStoreFactory } from './task-store/fixtures.js';

/**
 * The behaviour every TaskStore adapter must have, written against the port only. `factory` must
 * return a fresh, empty store for every test (and a cleanup that drops it).
 *
 * Conventions the suite pins down (see docs/compatibility/tasks.md):
 * - times are integer epoch seconds around 1.7e9; invoked greenfields are time + 31,557,600;
 * - queued means greenfield < bound (strict); "invoked since" is inclusive; between is [from, to);
 * - enqueue reads the newest position among tasks queued as of `createdAt`; returnFromRetry uses the
 *   latest desired launch time of the moved tasks, and redrive the task's `closedAt`, as "now";
 * - bad arguments reject with SoswError `store.invalidArgument` before touching data.
 *
 * @example
 * describeTaskStoreContract('SqliteTaskStore', async () => {
 *   const store = new SqliteTaskStore();
 *   return { store, cleanup: () => store.close() };
 * });
 */
export function describeTaskStoreContract(name: string, factory: TaskStoreFactory): void {
  describe(`TaskStore contract: ${name}`, () => {
    describeQueue(factory);
    describeStates(factory);
    describeReport(factory);
    describeArchive(factory);
    describeBatches(factory);
    describeRetry(factory);
    describeInvalidInput(factory);
    describeLeases(factory);
    describePlacement(factory);
  });
}
