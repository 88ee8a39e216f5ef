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
