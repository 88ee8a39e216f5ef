import { describe, expect, it } from 'vitest';
import { resolveSchedulerConfig } from '../../../../src/core/config/scheduler-config.js';
import { selectJobSchema } from '../../../../src/core/scheduling/job-schema.js';

describe('resolveSchedulerConfig', () => {
  it('applies the original defaults', () => {
    const c = resolveSchedulerConfig({});
    expect(c).toMatchObject({
      rowsToProcess: 50,
      shutdownPeriodSeconds: 60,
      queueBucket: undefined,
      s3Prefix: 'sosw/scheduler',
      queueFile: 'tasks_queue.txt',
      taskOperationalOverheadForDdb: 0.03,
      customPeriodPatterns: [],
    });
    expect(c.jobSchemas.default).toEqual({ name: 'default', chunkableAttrs: [], timezone: undefined });
    expect(c.taskConfig.labourers).toEqual([]);
  });

  it('reads the original JSON shape', () => {
    const c = resolveSchedulerConfig({
      init_clients: ['Task', 's3', 'Sns', 'Siblings'],
      job_schema_variants: {
        default: {
          chunkable_attrs: [
            ['section', {}],
            ['store', {}],
          ],
        },
        sample: { chunkable_attrs: ['topic'], timezone: 'Europe/Berlin' },
      },
      task_config: { labourers: { some_lambda: { max_simultaneous_invocations: 2 } } },
      rows_to_process: 10,
      shutdown_period: 30,
      s3_prefix: '/custom/prefix/',
      queue_file: 'q.jsonl',
      custom_period_patterns: ['june_days'],
    });
    expect(c.jobSchemas.default?.chunkableAttrs).toEqual(['section', 'store']);
    expect(c.jobSchemas.sample).toEqual({ name: 'sample', chunkableAttrs: ['topic'], timezone: 'Europe/Berlin' });
    expect(c.taskConfig.labourers[0]?.id).toBe('some_lambda');
    expect(c).toMatchObject({ rowsToProcess: 10, shutdownPeriodSeconds: 30, s3Prefix: 'custom/prefix', queueFile: 'q.jsonl' });
    expect(c.customPeriodPatterns).toEqual(['june_days']);
  });

  it('uses job_schema as the default when the variants have none (weakness 13)', () => {
    const c = resolveSchedulerConfig({ job_schema: { chunkable_attrs: [['topic', {}]] } });
    expect(c.jobSchemas.default?.chunkableAttrs).toEqual(['topic']);
  });

  it.each([
    [
      { job_schema_variants: { default: { chunkable_attrs: [['stores', {}]] } } },
      /job_schema_variants\.default\.chunkable_attrs\.0: chunkable attribute names must be singular/,
    ],
    [{ rows_to_process: 0 }, /rows_to_process/],
    [{ queue_file: 'no_extension' }, /queue_file: must be a file name with an extension/],
    [{ job_schema: { timezone: 'Nowhere/Land' } }, /job_schema\.timezone: must be an IANA time zone/],
    [{ custom_period_patterns: 'june' }, /custom_period_patterns/],
    [{ task_config: { labourers: { a: { max_attempts: 0 } } } }, /task_config\.labourers\.a\.max_attempts/],
  ])('rejects %j with config.invalid naming the field', (input, message) => {
    expect(() => resolveSchedulerConfig(input)).toThrow(
      expect.objectContaining({ code: 'config.invalid', message: expect.stringMatching(message) }),
    );
  });
});

describe('selectJobSchema (spec 4)', () => {
  const config = resolveSchedulerConfig({
    job_schema_variants: { default: { chunkable_attrs: ['b'] }, sample: { chunkable_attrs: ['a'] } },
  });

  it('selects per job, remembering nothing between jobs', () => {
    expect(selectJobSchema(config, 'sample').chunkableAttrs).toEqual(['a']);
    expect(selectJobSchema(config).chunkableAttrs).toEqual(['b']);
    expect(selectJobSchema(config, 'sample').chunkableAttrs).toEqual(['a']);
  });

  it('rejects an unknown name with job.unknownSchema listing the known ones', () => {
    expect(() => selectJobSchema(config, 'nope')).toThrow(
      expect.objectContaining({ code: 'job.unknownSchema', message: expect.stringMatching(/Known job schemas: default, sample/) }),
    );
  });
});
