import { describe, expect, it } from 'vitest';
import { resolveTableNames } from '../../../../src/adapters/sqlite/table-names.js';
import { SoswError } from '../../../../src/core/errors.js';

describe('resolveTableNames', () => {
  it('defaults to the original table and index names', () => {
    expect(resolveTableNames()).toEqual({
      tasks: 'sosw_tasks',
      tasksGreenfieldIndex: 'sosw_tasks_greenfield',
      closedTasks: 'sosw_closed_tasks',
      closedTasksStatusIndex: 'labourer_task_status_with_time',
      retryTasks: 'sosw_retry_tasks',
      retryTasksIndex: 'labourer_id_greenfield',
      meta: 'sosw_tasks_meta',
    });
  });

  it('derives index names from renamed tables unless they are given', () => {
    const names = resolveTableNames({ tasks: 'a_tasks', closedTasks: 'a_closed', retryTasks: 'a_retry', retryTasksIndex: 'my_index' });
    expect(names).toMatchObject({
      tasksGreenfieldIndex: 'a_tasks_greenfield',
      closedTasksStatusIndex: 'a_closed_status',
      retryTasksIndex: 'my_index',
    });
  });

  it.each(['', '1tasks', 'sosw tasks', 'x"; DROP TABLE y; --', 'a'.repeat(64)])(
    'rejects %j with config.invalid naming the field',
    (bad) => {
      let error: unknown;
      try {
        resolveTableNames({ meta: bad });
      } catch (e) {
        error = e;
      }
      expect(SoswError.is(error, 'config.invalid')).toBe(true);
      expect((error as SoswError).message).toContain('tables.meta');
    },
  );
});
