import { describe, expect, it } from 'vitest';
import { parseSchedulerEvent } from '../../../../src/core/scheduling/scheduler-event.js';
import { trimArnToName } from '../../../../src/core/scheduling/trim-arn.js';

describe('parseSchedulerEvent (spec 3)', () => {
  const expected = { kind: 'job', labourerId: 'foo', schemaName: undefined, job: { payload_attr: 'val' } };
  it.each([
    [{ job: { lambda_name: 'foo', payload_attr: 'val' } }],
    [{ lambda_name: 'foo', payload_attr: 'val' }],
    [{ lambda_name: 'arn:aws:lambda:us-west-2:000000000000:function:foo', payload_attr: 'val' }],
    ['{"job": "{\\"lambda_name\\": \\"foo\\", \\"payload_attr\\": \\"val\\"}"}'],
  ])('extracts the job from %j', (event) => {
    expect(parseSchedulerEvent(event)).toEqual(expected);
  });

  it.each([[42], [{ payload_attr: 'val' }], ["{'payload_attr': 'val'}"], [{ job: { payload_attr: 'val' } }], [{ job: 'bad one' }], [null]])(
    'rejects %j with job.invalid',
    (event) => {
      expect(() => parseSchedulerEvent(event)).toThrow(expect.objectContaining({ code: 'job.invalid' }));
    },
  );

  it('names lambda_name when it is missing', () => {
    expect(() => parseSchedulerEvent({ job: { payload_attr: 'val' } })).toThrow(/"lambda_name"/);
  });

  it('takes job_schema_name out of the job (it does not leak into payloads)', () => {
    expect(parseSchedulerEvent({ lambda_name: 'foo', job_schema_name: 'sample', a: 1 })).toEqual({
      kind: 'job',
      labourerId: 'foo',
      schemaName: 'sample',
      job: { a: 1 },
    });
    expect(() => parseSchedulerEvent({ lambda_name: 'foo', job_schema_name: 5 })).toThrow(/job_schema_name/);
  });

  it('accepts a continuation event with a bare file name and a generation', () => {
    expect(parseSchedulerEvent({ file_name: 'tasks_queue_x.txt' })).toEqual({
      kind: 'continuation',
      fileName: 'tasks_queue_x.txt',
      generation: 1,
    });
    expect(parseSchedulerEvent('{"file_name": "q.txt", "generation": 4}')).toEqual({
      kind: 'continuation',
      fileName: 'q.txt',
      generation: 4,
    });
  });

  it.each([['/tmp/tasks_queue_x.txt'], ['..'], [''], [7]])('rejects the file name %j', (fileName) => {
    expect(() => parseSchedulerEvent({ file_name: fileName })).toThrow(expect.objectContaining({ code: 'job.invalid' }));
  });
});

describe('trimArnToName (spec components 3)', () => {
  it.each([
    ['bar_with_no_arn', 'bar_with_no_arn'],
    ['arn:aws:lambda:us-west-2:000000000000:function:bar', 'bar'],
    ['arn:aws:lambda:us-west-2:000000000000:function:bar:', 'bar'],
    ['arn:aws:lambda:us-west-2:000000000000:function:bar:$LATEST', 'bar'],
    ['arn:aws:lambda:us-west-2:000000000000:function:bar:12', 'bar'],
    ['arn:aws:s3:::autotest-sosw', 'autotest-sosw'],
    ['arn:aws:iam::000000000000:role/aws-code-deploy-role', 'aws-code-deploy-role'],
    ['arn:aws:rds:us-west-2:000000000000:cluster:aws-cluster-01', 'aws-cluster-01'],
    ['arn:aws:rds:us-west-2:000000000000:db:aws-01-00', 'aws-01-00'],
    ['arn:aws:events:us-west-2:123456000000:rule/aws-sr-01', 'aws-sr-01'],
    ['arn:aws:dynamodb:us-west-2:123456000321:table/sosw_tasks', 'sosw_tasks'],
  ])('%s -> %s', (arn, name) => {
    expect(trimArnToName(arn)).toBe(name);
  });
});
