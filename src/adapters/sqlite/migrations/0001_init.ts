import type { SqliteTableNames } from '../table-names.js';
import type { Migration } from './migration.js';

/**
 * The four tables of the original (tasks, closed tasks, retry tasks, task meta) with the same
 * attribute names. Worker stats (`stat_*`), results (`result_*`) and any other attribute live as
 * a flat JSON object in `attributes`, so moves between tables never lose data.
 */
function initSql(t: SqliteTableNames): string {
  const taskColumns = `
    task_id TEXT NOT NULL,
    labourer_id TEXT NOT NULL,
    created_at REAL NOT NULL,
    greenfield INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    payload TEXT NOT NULL,
    completed_at INTEGER,
    failed_attempts INTEGER,
    attributes TEXT`;
  return `
CREATE TABLE IF NOT EXISTS "${t.tasks}" (${taskColumns},
  PRIMARY KEY (task_id)
);
CREATE INDEX IF NOT EXISTS "${t.tasksGreenfieldIndex}" ON "${t.tasks}" (labourer_id, greenfield, completed_at);
CREATE INDEX IF NOT EXISTS "${t.tasks}_completed" ON "${t.tasks}" (labourer_id, completed_at) WHERE completed_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS "${t.closedTasks}" (${taskColumns},
  labourer_id_task_status TEXT NOT NULL,
  closed_at INTEGER NOT NULL,
  PRIMARY KEY (task_id)
);
CREATE INDEX IF NOT EXISTS "${t.closedTasksStatusIndex}" ON "${t.closedTasks}" (labourer_id_task_status, closed_at);

CREATE TABLE IF NOT EXISTS "${t.retryTasks}" (${taskColumns},
  desired_launch_time INTEGER NOT NULL,
  PRIMARY KEY (labourer_id, task_id)
);
CREATE INDEX IF NOT EXISTS "${t.retryTasksIndex}" ON "${t.retryTasks}" (labourer_id, desired_launch_time);
CREATE UNIQUE INDEX IF NOT EXISTS "${t.retryTasks}_task_id" ON "${t.retryTasks}" (task_id);

CREATE TABLE IF NOT EXISTS "${t.meta}" (
  task_id TEXT NOT NULL,
  created_at REAL NOT NULL,
  action TEXT NOT NULL,
  labourer_id TEXT,
  author TEXT,
  invocation_id TEXT,
  log_stream_name TEXT,
  extra TEXT,
  PRIMARY KEY (task_id, created_at)
);
`;
}

export const MIGRATION_0001_INIT: Migration = Object.freeze({ version: 1, name: 'init', sql: initSql });
