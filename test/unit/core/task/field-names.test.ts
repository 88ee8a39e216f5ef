import { describe, expect, it } from 'vitest';
import { RESULT_PREFIX, resolveFieldNames, STAT_PREFIX, TASK_FIELDS } from '../../../../src/core/task/field-names.js';

describe('field names', () => {
  it('default to the original attribute names', () => {
    const names = resolveFieldNames();
    expect(names).toEqual(TASK_FIELDS);
    expect(names.labourerIdTaskStatus).toBe('labourer_id_task_status');
    expect(names.desiredLaunchTime).toBe('desired_launch_time');
  });

  it('apply field_names overrides keyed by the logical (stored) name', () => {
    const names = resolveFieldNames({ task_id: 'id', greenfield: 'gf', unrelated: 'x' });
    expect(names.taskId).toBe('id');
    expect(names.greenfield).toBe('gf');
    expect(names.payload).toBe('payload');
    expect(Object.values(names)).not.toContain('x');
  });

  it('keep the flattened stats and result prefixes of the original', () => {
    expect([STAT_PREFIX, RESULT_PREFIX]).toEqual(['stat_', 'result_']);
  });

  it('freeze the default mapping', () => {
    expect(Object.isFrozen(TASK_FIELDS)).toBe(true);
  });
});
