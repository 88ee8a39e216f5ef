import { describe, expect, it } from 'vitest';
import {
  resolveOrchestratorConfig,
  resolveScavengerConfig,
  resolveWorkerAssistantConfig,
} from '../../../../src/core/config/essentials-config.js';

describe('resolveOrchestratorConfig', () => {
  it('has the original defaults and one tick per run', () => {
    const config = resolveOrchestratorConfig({});
    expect(config).toMatchObject({
      coefficients: { 0: 0, 1: 0, 2: 0.5, 3: 0.75, 4: 1 },
      tickIntervalSeconds: 0,
      runTimeBudgetSeconds: 50,
      invokeConcurrency: 16,
      ecology: { noDataStatus: 0 },
    });
    expect(config.task.labourers).toEqual([]);
  });

  it('reads the original keys, string coefficient keys and sosw extensions', () => {
    const config = resolveOrchestratorConfig({
      invocation_number_coefficient: { '3': 0.9 },
      default_simultaneous_invocations: 2,
      tick_interval: 10,
      run_time_budget: 55,
      invoke_concurrency: 4,
      task_config: { labourers: { w: { max_simultaneous_invocations: 3 } }, ecology_config: { no_data_status: 2 } },
      meta_handler_config: { write_meta_to_ddb: true },
    });
    expect(config.coefficients[3]).toBe(0.9);
    expect(config).toMatchObject({ tickIntervalSeconds: 10, runTimeBudgetSeconds: 55, invokeConcurrency: 4, ecology: { noDataStatus: 2 } });
    expect(config.task.labourers[0]).toMatchObject({ id: 'w', maxSimultaneousInvocations: 3 });
  });

  it.each([
    [{ tick_interval: -1 }, 'tick_interval'],
    [{ invoke_concurrency: 0 }, 'invoke_concurrency'],
    [{ invocation_number_coefficient: { '9': 1 } }, 'invocation_number_coefficient'],
    [{ task_config: { ecology_config: { no_data_status: 7 } } }, 'no_data_status'],
  ])('refuses %j with config.invalid naming the field', (input, field) => {
    expect(() => resolveOrchestratorConfig(input)).toThrowError(
      expect.objectContaining({ code: 'config.invalid', message: expect.stringContaining(field) }),
    );
  });
});

describe('resolveScavengerConfig', () => {
  it('has the original defaults', () => {
    expect(resolveScavengerConfig({})).toMatchObject({
      retryTasksLimit: 20,
      pageSize: 100,
      sns: { recipient: 'arn:aws:sns:us-west-2:000000000000:sosw_info', subject: '``sosw`` Info' },
      deadTaskSubject: '``sosw`` Dead Task',
    });
  });

  it('reads retry_tasks_limit and sns_config', () => {
    expect(resolveScavengerConfig({ retry_tasks_limit: 5, sns_config: { recipient: 'arn:x', subject: 'S' } })).toMatchObject({
      retryTasksLimit: 5,
      sns: { recipient: 'arn:x', subject: 'S' },
    });
    expect(() => resolveScavengerConfig({ retry_tasks_limit: 0 })).toThrowError(expect.objectContaining({ code: 'config.invalid' }));
  });
});

describe('resolveWorkerAssistantConfig', () => {
  it('reads the field names', () => {
    expect(resolveWorkerAssistantConfig({ dynamo_db_config: { field_names: { task_id: 'id' } } }).fieldNames).toEqual({ task_id: 'id' });
    expect(resolveWorkerAssistantConfig().fieldNames).toEqual({});
  });
});
