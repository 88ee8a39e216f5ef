import { MIGRATION_0001_INIT } from './0001_init.js';
import { MIGRATION_0002_LEASES } from './0002_leases.js';
import { MIGRATION_0003_INVOCATIONS } from './0003_invocations.js';
import { MIGRATION_0004_CONTROLS } from './0004_controls.js';
import { MIGRATION_0005_JOBS } from './0005_jobs.js';
import { MIGRATION_0006_LANES } from './0006_lanes.js';
import { MIGRATION_0008_ADAPTIVE } from './0008_adaptive.js';
import { MIGRATION_0009_HISTORY } from './0009_history.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration the code knows, ascending by version. Append only. */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  MIGRATION_0001_INIT,
  MIGRATION_0002_LEASES,
  MIGRATION_0003_INVOCATIONS,
  MIGRATION_0004_CONTROLS,
  MIGRATION_0005_JOBS,
  MIGRATION_0006_LANES,
  MIGRATION_0008_ADAPTIVE,
  MIGRATION_0009_HISTORY,
]);
