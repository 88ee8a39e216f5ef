import { describe, expect, it } from 'vitest';
import {
  resolveOrchestratorConfig,
  resolveScavengerConfig,
  resolveWorkerAssistantConfig,
} from '../../../../src/core/config/essentials-config.js';
import { parseProjectConfig } from '../../../../src/core/config/project-config.js';
import { resolveSchedulerConfig } from '../../../../src/core/config/scheduler-config.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { closestKey, editDistance } from '../../../../src/core/config/unknown-keys.js';
import { SoswError } from '../../../../src/core/errors.js';

function caught(run: () => unknown): SoswError {
  try {
    run();
  } catch (error) {
    if (error instanceof SoswError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const FILE = '/srv/app/sosw.config.ts';
const project = (extra: Record<string, unknown>): unknown => ({ labourers: { w: {} }, ...extra });

describe('closestKey', () => {
  it.each([
    ['max_atempts', 'max_attempts'],
    ['maxAttempts', 'max_attempts'],
    ['MAX_ATTEMPTS', 'max_attempts'],
    ['max_attemtps', 'max_attempts'],
  ])('takes %s for %s', (key, known) => {
    expect(closestKey(key, ['labourers', known])).toBe(known);
  });

  it('leaves keys that are not near any known key', () => {
    expect(closestKey('foo', ['max_attempts', 'labourers'])).toBeUndefined();
    expect(closestKey('min', ['max'])).toBeUndefined();
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});

describe('near misses in the loose documents of the original', () => {
  it.each([
    [{ task_config: { max_atempts: 5 } }, 'task_config.max_atempts', 'max_attempts'],
    [{ scheduler_config: { rows_to_proces: 5 } }, 'scheduler_config.rows_to_proces', 'rows_to_process'],
    [
      { orchestrator_config: { invocation_number_coeficient: {} } },
      'orchestrator_config.invocation_number_coeficient',
      'invocation_number_coefficient',
    ],
    [{ scavenger_config: { retry_task_limit: 5 } }, 'scavenger_config.retry_task_limit', 'retry_tasks_limit'],
    [{ job_schema_variants: { default: { chunkable_atrs: [] } } }, 'job_schema_variants.default.chunkable_atrs', 'chunkable_attrs'],
    [
      { worker_assistant_config: { dynamo_db_config: { field_name: {} } } },
      'worker_assistant_config.dynamo_db_config.field_name',
      'field_names',
    ],
  ])('refuses %j naming the file, %s and the key meant', (extra, field, meant) => {
    const error = caught(() => parseProjectConfig(project(extra), FILE));
    expect(error.code).toBe('config.invalid');
    expect(error.message).toContain(FILE);
    expect(error.message).toContain(`${field}: unknown key; did you mean "${meant}"?`);
    expect(error.details.field).toBe(field);
  });

  it('refuses near misses in the original layout, with the document path', () => {
    const error = caught(() => resolveTaskConfig({ labourers: { w: { max_simultaneus_invocations: 4 } } }));
    expect(error.message).toContain(
      'task_config.labourers.w.max_simultaneus_invocations: unknown key; did you mean "max_simultaneous_invocations"?',
    );
    expect(caught(() => resolveSchedulerConfig({ rowsToProcess: 5 })).message).toContain('did you mean "rows_to_process"?');
    expect(caught(() => resolveTaskConfig({ labourers: { w: { retry: { strategy: 'exponential', base_second: 4 } } } })).message).toContain(
      'task_config.labourers.w.retry.base_second: unknown key; did you mean "base_seconds"?',
    );
  });

  it('accepts the keys of the original and keys near nothing sosw knows', () => {
    const orchestrator = resolveOrchestratorConfig({
      init_clients: ['Task'],
      meta_handler_config: { write_meta_to_ddb: true },
      default_simultaneous_invocations: 2,
      labourers: {},
      retry_tasks_limit: 20, // a scavenger key from the shared document
      my_team_note: 'kept',
      task_config: {
        init_clients: ['DynamoDb', 'lambda', 'Ecology'],
        dynamo_db_config: { table_name: 'sosw_tasks', row_mapper: {}, required_fields: [], hash_key: 'task_id' },
        ecology_config: { init_clients: ['cloudwatch'], default_metric_values: { Period: 60 } },
        max_attempts_w: 4,
        max_attempts_other: 2,
        labourers: { w: { arn: 'arn:aws:lambda:eu-west-1:1:function:w', start: 1, health: 4, average_duration: 3 } },
      },
    });
    expect(orchestrator.task.labourers[0]?.maxAttempts).toBe(4);
    expect(
      resolveScavengerConfig({ init_clients: ['Task', 'Sns'], sns_config: { recipient: 'arn:aws:sns:x', subject: 's' } }).retryTasksLimit,
    ).toBe(20);
    expect(
      resolveSchedulerConfig({ init_clients: [], siblings_config: {}, job_schema: { chunkable_attrs: [] }, sns_config: {} }).rowsToProcess,
    ).toBe(50);
    expect(resolveWorkerAssistantConfig({ dynamo_db_config: { row_mapper: {}, table_name: 't' } }).fieldNames).toEqual({});
  });

  it('gives "did you mean" for keys strict objects already refused', () => {
    const error = caught(() => parseProjectConfig({ labourers: { w: { max_simultaneus_invocations: 3 } } }, FILE));
    expect(error.message).toContain('labourers.w.max_simultaneus_invocations: unknown key; did you mean "max_simultaneous_invocations"?');
    expect(caught(() => parseProjectConfig({ labourers: {}, scheduler_confg: {} }, FILE)).message).toContain(
      'scheduler_confg: unknown key; did you mean "scheduler_config"?',
    );
    expect(caught(() => resolveTaskConfig({ labourers: { w: { adaptive: { cooldown_tick: 1 } } } })).message).toContain(
      'did you mean "cooldown_ticks"?',
    );
  });
});
