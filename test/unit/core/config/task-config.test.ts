import { describe, expect, it } from 'vitest';
import { DEFAULT_TABLE_NAMES, findLabourer, resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { SoswError } from '../../../../src/core/errors.js';

describe('resolveTaskConfig', () => {
  it('applies the original defaults', () => {
    const config = resolveTaskConfig({});
    expect(config).toMatchObject({
      greenfieldInvocationDelta: 31_557_600,
      greenfieldTaskStep: 1000,
      maxAttempts: 3,
      maxClosedToAnalyseForDuration: 10,
      maxSimultaneousInvocations: 1,
      labourers: [],
      fieldNames: {},
    });
    expect(config.tables).toEqual({
      tasks: DEFAULT_TABLE_NAMES.tasks,
      tasksGreenfieldIndex: 'sosw_tasks_greenfield',
      closedTasks: 'sosw_closed_tasks',
      closedTasksStatusIndex: 'labourer_task_status_with_time',
      retryTasks: 'sosw_retry_tasks',
      retryTasksIndex: 'labourer_id_greenfield',
    });
  });

  it('keeps labourers in config order with inherited and overridden settings', () => {
    const config = resolveTaskConfig({
      max_simultaneous_invocations: 4,
      max_attempts: 5,
      max_attempts_b: 9,
      labourers: { a: { arn: 'arn:aws:lambda:us-east-1:1:function:a' }, b: { max_simultaneous_invocations: 2, duration: 60, cooldown: 0 } },
    });
    expect(config.labourers.map((l) => l.id)).toEqual(['a', 'b']);
    expect(config.labourers[0]).toMatchObject({
      arn: 'arn:aws:lambda:us-east-1:1:function:a',
      maxSimultaneousInvocations: 4,
      maxAttempts: 5,
    });
    expect(config.labourers[1]).toMatchObject({
      arn: 'b',
      maxSimultaneousInvocations: 2,
      maxAttempts: 9,
      durationSeconds: 60,
      cooldownSeconds: 0,
    });
    expect(config.labourers[0]?.retry).toEqual({ strategy: 'linear' });
  });

  it('normalises health metric feelings to integer statuses', () => {
    const config = resolveTaskConfig({
      labourers: {
        a: {
          health_metrics: { cpu: { details: { MetricName: 'CPU' }, feelings: { '3': 50, '4': 25 }, feeling_comparison_operator: 'le' } },
        },
      },
    });
    expect(config.labourers[0]?.healthMetrics[0]).toMatchObject({
      name: 'cpu',
      operator: 'le',
      feelings: [
        [3, 50],
        [4, 25],
      ],
    });
  });

  it('resolves remapped table and field names', () => {
    const config = resolveTaskConfig({
      dynamo_db_config: { table_name: 'my_tasks', field_names: { greenfield: 'gf' } },
      sosw_retry_tasks_table: 'my_retry',
    });
    expect(config.tables.tasks).toBe('my_tasks');
    expect(config.tables.retryTasks).toBe('my_retry');
    expect(config.fieldNames).toEqual({ greenfield: 'gf' });
  });

  it.each([
    [{ max_attempts: 0 }, 'task_config.max_attempts'],
    [{ labourers: { a: { max_simultaneous_invocations: 'many' } } }, 'task_config.labourers.a.max_simultaneous_invocations'],
    [{ max_attempts_a: 'x' }, 'task_config.max_attempts_a'],
    [{ labourers: { a: { health_metrics: { m: { details: {}, feelings: { '7': 1 }, feeling_comparison_operator: 'le' } } } } }, 'feelings'],
  ])('rejects %j naming %s', (input, field) => {
    expect(() => resolveTaskConfig(input)).toThrow(SoswError);
    expect(() => resolveTaskConfig(input)).toThrow(field);
  });
});

describe('findLabourer', () => {
  it('finds a labourer or lists the known ones', () => {
    const config = resolveTaskConfig({ labourers: { a: {}, b: {} } });
    expect(findLabourer(config, 'b').id).toBe('b');
    expect(() => findLabourer(config, 'c')).toThrow(/Registered labourers: a, b/);
  });
});
