import { Duration } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { findPropProblems, Sosw, type SoswProps, soswNames } from '../../../src/cdk.js';
import { SoswError } from '../../../src/core/errors.js';
import { baseProps, newStack, PY_WORKER_ARN, workerFunction } from '../../fixtures/cdk/stacks.js';

function synthError(props: SoswProps): SoswError {
  try {
    new Sosw(newStack(), 'Sosw', props);
  } catch (error) {
    if (SoswError.is(error)) return error;
    throw error;
  }
  throw new Error('expected the construct to refuse these props');
}

describe('unsafe settings fail synthesis with clear messages', () => {
  it('a labourer without a cap', () => {
    const error = synthError(baseProps({ labourers: { py_worker: { arn: PY_WORKER_ARN } as never } }));
    expect(error.code).toBe('deploy.unsafe');
    expect(error.message).toContain(
      'labourers.py_worker.maxSimultaneousInvocations: is required: sosw never invokes a labourer without a cap',
    );
  });

  it('no alarm target', () => {
    const error = synthError(baseProps({ alarmEmails: [] }));
    expect(error.code).toBe('deploy.unsafe');
    expect(error.message).toMatch(/alarmEmails: no alarm target: .* --alarm-email/);
  });

  it('a tick longer than the function timeout', () => {
    const error = synthError(baseProps({ essentials: { scavenger: { tick: Duration.seconds(45), timeout: Duration.seconds(30) } } }));
    expect(error.code).toBe('deploy.unsafe');
    expect(error.message).toContain('essentials.scavenger.tick: (45 s) is longer than the function timeout (30 s)');
  });

  it('an expiry window shorter than the labourer function timeout', () => {
    const stack = newStack();
    const slow = workerFunction(stack, 'Slow', Duration.minutes(15));
    let error: unknown;
    try {
      new Sosw(
        stack,
        'Sosw',
        baseProps({
          labourers: {
            slow: { function: slow, maxSimultaneousInvocations: 1, duration: Duration.minutes(5), cooldown: Duration.minutes(1) },
          },
        }),
      );
    } catch (e) {
      error = e;
    }
    expect(SoswError.is(error, 'deploy')).toBe(true);
    expect((error as SoswError).message).toContain(
      'labourers.slow.duration: duration + cooldown (360 s) is shorter than the longest run (900 s',
    );
  });

  it('reports every problem at once, malformed values as config.invalid', () => {
    const error = synthError(
      baseProps({
        labourers: {
          'bad id': { arn: 'not-an-arn', maxSimultaneousInvocations: -1, maxAttempts: 0 },
          both: { arn: PY_WORKER_ARN, function: workerFunction(newStack('Other'), 'W'), maxSimultaneousInvocations: 1 },
        },
        essentials: { orchestrator: { memorySize: 64, tick: Duration.minutes(2) }, scheduler: { tick: Duration.seconds(5) } },
        tablePrefix: 'bad prefix',
        alarmEmails: ['nobody'],
      }),
    );
    expect(error.code).toBe('config.invalid');
    const fields = (error.details.problems as Array<{ field: string }>).map((p) => p.field);
    expect(fields).toEqual([
      'labourers.bad id',
      'labourers.bad id.arn',
      'labourers.bad id.maxSimultaneousInvocations',
      'labourers.bad id.maxAttempts',
      'labourers.both',
      'essentials.scheduler.tick',
      'essentials.orchestrator.memorySize',
      'essentials.orchestrator.tick',
      'alarmEmails',
      'tablePrefix',
    ]);
  });

  it.each([
    ['retention on existing tables', { useExistingTables: true, retention: { meta: Duration.days(7) } }, 'retention'],
    [
      'a labourer id that is not a function name, without arn',
      { labourers: { 'a:b': { maxSimultaneousInvocations: 1 } } },
      'labourers.a:b.arn',
    ],
    ['an unknown essential', { essentials: { janitor: {} } as never }, 'essentials.janitor'],
    ['a too long function prefix', { functionPrefix: 'x'.repeat(50) }, 'functionPrefix'],
  ])('refuses %s', (_name, overrides, field) => {
    const problems = findPropProblems(
      baseProps(overrides as Partial<SoswProps>),
      soswNames('', (overrides as SoswProps).functionPrefix ?? ''),
    );
    expect(problems.map((p) => p.field)).toContain(field);
  });

  it('accepts the minimal safe props', () => {
    expect(findPropProblems(baseProps(), soswNames('', ''))).toEqual([]);
    expect(findPropProblems(baseProps({ alarmEmails: [], allowNoAlarmTarget: true }), soswNames('', ''))).toEqual([]);
  });
});

// A walkthrough found props the construct synthesized and the deployed essentials then refused on
// every run (config.invalid each minute), and plain numbers for Duration props crashing with a TypeError.
describe('config rows the deployed essentials would refuse fail synthesis', () => {
  const cap = { arn: PY_WORKER_ARN, maxSimultaneousInvocations: 2 };
  it.each([
    ['a rate limit per hour', { py_worker: { ...cap, rateLimit: { invocations: 3, per: 'hour' } } }, /rate_limit\.per/],
    ['max_per_key 0', { py_worker: { ...cap, concurrencyKey: 'tenant', maxPerKey: 0 } }, /max_per_key/],
    ['an unknown adaptive key', { py_worker: { ...cap, adaptive: { bogus: 1 } } }, /adaptive/],
  ])('%s', (_label, labourers, text) => {
    const error = synthError(baseProps({ labourers: labourers as never }));
    expect(error.code).toBe('config.invalid');
    expect(error.message).toMatch(/the deployed essentials would refuse their config on every run/);
    expect(error.message).toMatch(text);
  });

  it('a bad shared task setting or scheduler row, each reported once', () => {
    const error = synthError(
      baseProps({ taskConfig: { greenfield_task_step: 'x' }, essentials: { scheduler: { config: { job_schema_variants: 5 } } } } as never),
    );
    expect(error.code).toBe('config.invalid');
    expect(error.message.match(/greenfield_task_step/g)).toHaveLength(1);
    expect(error.message).toMatch(/sosw_scheduler_config row: job_schema_variants/);
  });

  it('no labourers', () => {
    expect(synthError(baseProps({ labourers: {} })).message).toMatch(/labourers: declares no labourer/);
  });

  it('a plain number for a Duration prop is config.invalid naming Duration.seconds (it was a TypeError)', () => {
    const error = synthError(baseProps({ labourers: { py_worker: { ...cap, maxDuration: 900, duration: 60 } } } as never));
    expect(error.code).toBe('config.invalid');
    expect(error.message).toContain('labourers.py_worker.maxDuration: must be a Duration');
    expect(error.message).toContain('Duration.seconds(900)');
    expect(error.message).toContain('labourers.py_worker.duration: must be a Duration');
    const retry = synthError(baseProps({ labourers: { py_worker: { ...cap, retry: { strategy: 'exponential', base: -1 } } } } as never));
    expect(retry.message).toContain('labourers.py_worker.retry.base: must be a Duration');
  });
});
