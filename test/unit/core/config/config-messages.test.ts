import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../../../../src/core/config/project-config.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
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
const labourer = (settings: Record<string, unknown>): unknown => ({ labourers: { w: settings } });

describe('config errors say what is expected, with an example, at the path written in the file', () => {
  it.each([
    [labourer({ concurrency_key: 'tenant', max_per_key: 0 }), 'labourers.w.max_per_key', /whole number >= 1 .*e\.g\. 2, received 0/],
    [
      labourer({ max_simultaneous_invocations: 4, adaptive: { decrease: 1 } }),
      'labourers.w.adaptive.decrease',
      /> 0 and < 1 .*e\.g\. 0\.5, received 1/,
    ],
    [labourer({ rate_limit: '10/s' }), 'labourers.w.rate_limit', /\{ "invocations": 10, "per": "second" \}.*received "10\/s"/],
    [labourer({ rate_limit: { invocations: 10, per: 'sec' } }), 'labourers.w.rate_limit.per', /"second" or "minute"/],
    [{ labourers: { 'my worker!': {} } }, 'labourers.my worker!', /letters, digits and _ \. : -/],
    [{}, 'labourers', /is required.*"labourers": \{ "fetch_prices"/],
    [
      labourer({ health_metrics: { cpu: { details: { source: 'cloudwatch' }, feelings: { '4': 25 } } } }),
      'labourers.w.health_metrics.cpu.feeling_comparison_operator',
      /is required: one of <=, <.*e\.g\. "<="/,
    ],
    [
      labourer({ health_metrics: { cpu: { details: { source: 'file' }, feelings: { '4': 25 }, feeling_comparison_operator: '=‹' } } }),
      'labourers.w.health_metrics.cpu.feeling_comparison_operator',
      /one of <=, <.*received "=‹"/,
    ],
    [{ labourers: { w: {} }, task_config: { max_attempts: 0 } }, 'task_config.max_attempts', /whole number >= 1.*e\.g\. 3/],
    [
      labourer({ max_simultaneous_invocations: 3, adaptive: { max: 5 } }),
      'labourers.w.adaptive.max',
      /at most max_simultaneous_invocations \(3\)/,
    ],
    [labourer({ max_simultaneous_invocations: 3, adaptive: { min: 4 } }), 'labourers.w.adaptive.min', /at most max \(3\)/],
    [labourer({ max_per_key: 2 }), 'labourers.w.concurrency_key', /"concurrency_key": "tenant"/],
    [labourer({ max_per_key: 2, concurrency_key: 'a..b' }), 'labourers.w.concurrency_key', /'stores\[0\]'/],
    [
      { labourers: { w: {} }, orchestrator_config: { invocation_number_coefficient: { '7': 1 } } },
      'orchestrator_config.invocation_number_coefficient.7',
      /"0" \(Bad\) to "4"/,
    ],
    [{ labourers: { w: {} }, scheduler_config: { rows_to_process: 0 } }, 'scheduler_config.rows_to_process', /e\.g\. 1000/],
    // A share above 1 made the cap exceed max_simultaneous_invocations (4 x 2.5 = 10 running).
    [
      { labourers: { w: {} }, orchestrator_config: { invocation_number_coefficient: { '4': 2.5 } } },
      'orchestrator_config.invocation_number_coefficient.4',
      /above 1 a labourer would run more than its max/,
    ],
    [{ labourers: { w: {} }, task_config: { labourers: { w: {} } } }, 'task_config.labourers', /write labourers at the top level/],
    // An engine's own task_config was merged over the labourers: an Orchestrator cap raised 25x, unseen.
    [
      {
        labourers: { w: { max_simultaneous_invocations: 2 } },
        orchestrator_config: { task_config: { labourers: { w: { max_simultaneous_invocations: 50 } } } },
      },
      'orchestrator_config.task_config',
      /every engine reads the same task settings.*top-level "task_config"/,
    ],
    [
      { labourers: { w: {} }, scheduler_config: { task_config: { labourers: { other: {} } } } },
      'scheduler_config.task_config',
      /write labourers at the top level/,
    ],
    [
      { labourers: { w: {} }, scheduler_config: { job_schema_variants: { default: { chunkable_attrs: ['a'] } } } },
      'scheduler_config.job_schema_variants',
      /goes at the top level of a project config/,
    ],
  ])('%j -> %s', (input, field, text) => {
    const error = caught(() => parseProjectConfig(input, FILE));
    expect(error.code).toBe('config.invalid');
    expect(error.details.field).toBe(field);
    expect(error.message).toContain(FILE);
    expect(error.message).toContain(field);
    expect(error.message).toMatch(text);
  });

  it('names the labourer, the metric and the file for feelings the ecology refuses (keeping its code)', () => {
    const metric = { details: { source: 'file' }, feelings: { '1': 40, '3': 50, '4': 25 }, feeling_comparison_operator: 'le' };
    const error = caught(() => parseProjectConfig(labourer({ health_metrics: { cpu: metric } }), FILE));
    expect(error.code).toBe('ecology.invalidFeelings');
    expect(error.message).toContain(FILE);
    expect(error.message).toContain('labourers.w.health_metrics.cpu');
  });

  it('keeps the original layout paths outside a project', () => {
    const error = caught(() => resolveTaskConfig({ labourers: { w: { max_simultaneous_invocations: 3, adaptive: { max: 5 } } } }));
    expect(error.details.field).toBe('task_config.labourers.w.adaptive.max');
    expect(caught(() => resolveTaskConfig({ max_attempts_w: 0 })).message).toMatch(
      /task_config\.max_attempts_w: must be a whole number >= 1/,
    );
  });
});
