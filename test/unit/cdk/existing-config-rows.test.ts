/**
 * On existing tables the stack never overwrites the original's `<function>_config` rows (a rollback
 * to Python sosw needs its queue_bucket, job_schema, ...): `essentials.<name>.config` goes to
 * `<function>_stack_config`, which the function reads (SOSW_FUNCTION_CONFIG_NAME) and the shared row
 * names (function_config_names) for the CLI. New tables keep `<function>_config`.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_ENV, Sosw, type SoswProps } from '../../../src/cdk.js';
import { baseProps, newStack, SYNTH_TIMEOUT_MS } from '../../fixtures/cdk/stacks.js';

const SCHEDULER = { job_schema_variants: { default: { chunkable_attrs: [['topic', {}]] } } };

interface Written {
  /** Row names as the custom resources' PutItem calls write them. */
  readonly names: string[];
  readonly documents: Record<string, Readonly<Record<string, unknown>>>;
  readonly env: (fn: string) => Record<string, unknown>;
}

function synth(props: Partial<SoswProps>): Written {
  const stack = newStack('Rows');
  const sosw = new Sosw(stack, 'Sosw', baseProps({ essentials: { scheduler: { config: SCHEDULER } }, ...props }));
  const template = Template.fromStack(stack);
  const calls = Object.values(template.findResources('Custom::SoswConfigRow')).map((r) => JSON.stringify(r.Properties.Create));
  const names = calls.map((c) => /config_name\\":\{\\"S\\":\\"([a-z_]+)/.exec(c)?.[1] ?? c);
  const documents = Object.fromEntries(sosw.configRows.map((r) => [r.name, r.value]));
  const fns = template.findResources('AWS::Lambda::Function');
  const env = (fn: string): Record<string, unknown> =>
    (Object.values(fns).find((f) => f.Properties.FunctionName === fn)?.Properties.Environment.Variables ?? {}) as Record<string, unknown>;
  return { names, documents, env };
}

describe('config rows on existing tables', () => {
  let existing: Written;
  let fresh: Written;

  beforeAll(() => {
    existing = synth({ useExistingTables: true, schedulesEnabled: false });
    fresh = synth({});
  }, SYNTH_TIMEOUT_MS);

  it('writes the Scheduler config to sosw_scheduler_stack_config, leaving sosw_scheduler_config alone', () => {
    expect(existing.names.sort()).toEqual(['sosw_essential_config', 'sosw_scheduler_stack_config']);
    expect(existing.documents.sosw_scheduler_stack_config).toEqual(SCHEDULER);
  });

  it('names that row in the shared row and in the Scheduler environment; other essentials keep <function>_config', () => {
    expect(existing.documents.sosw_essential_config).toMatchObject({
      task_config: { labourers: { py_worker: { max_simultaneous_invocations: 2 } } },
      function_config_names: { scheduler: 'sosw_scheduler_stack_config' },
    });
    expect(existing.env('sosw_scheduler')[DEPLOY_ENV.functionConfigName]).toBe('sosw_scheduler_stack_config');
    expect(existing.env('sosw_orchestrator')[DEPLOY_ENV.functionConfigName]).toBe('sosw_orchestrator_config');
  });

  it('new tables keep <function>_config and no function_config_names', () => {
    expect(fresh.names.sort()).toEqual(['sosw_essential_config', 'sosw_scheduler_config']);
    expect(fresh.documents.sosw_essential_config).not.toHaveProperty('function_config_names');
    expect(fresh.env('sosw_scheduler')[DEPLOY_ENV.functionConfigName]).toBe('sosw_scheduler_config');
  });

  it('with writeConfig: false nothing is written and the functions read <function>_config', () => {
    const none = synth({ useExistingTables: true, writeConfig: false });
    expect(none.names).toEqual([]);
    expect(none.env('sosw_scheduler')[DEPLOY_ENV.functionConfigName]).toBe('sosw_scheduler_config');
  });
});
