/**
 * Every problem of a health metric is reported at once (a bad source with a missing operator, a bad
 * feelings key, thresholds in the wrong order), each at its path in the user's file: one round trip
 * per config, not one per mistake.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkMetricSources, EMBEDDED_METRIC_SOURCES } from '../../../../src/adapters/local/embedded-metrics.js';
import { loadProject } from '../../../../src/adapters/local/project-loader.js';
import { type ProjectConfigInput, parseProjectConfig } from '../../../../src/core/config/project-config.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { SoswError } from '../../../../src/core/errors.js';
import { createEmbeddedRuntime } from '../../../../src/local.js';

function caught(run: () => unknown): SoswError {
  try {
    run();
  } catch (error) {
    if (error instanceof SoswError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const fields = (error: SoswError): string[] => (error.details.problems as Array<{ field: string }>).map((p) => p.field);

const METRIC = 'labourers.w.health_metrics.load';
/** The walkthrough's metric: a misspelt source and no operator. */
const badMetric = { details: { source: 'fiel', path: './load.json' }, feelings: { '4': 25 } };
/** A project as a user writes it, mistakes included (hence the cast). */
const project = (metric: unknown): ProjectConfigInput => ({ labourers: { w: { health_metrics: { load: metric } } } }) as ProjectConfigInput;

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('a health metric with several problems', () => {
  it('reports the bad source and the missing operator together, each with its path and fix', () => {
    const error = caught(() => parseProjectConfig(project(badMetric), 'sosw.config.json', { metricSources: EMBEDDED_METRIC_SOURCES }));

    expect(error.code).toBe('config.invalid');
    expect(fields(error)).toEqual([`${METRIC}.feeling_comparison_operator`, `${METRIC}.details.source`]);
    expect(error.message).toMatch(/feeling_comparison_operator: is required: one of <=/);
    expect(error.message).toContain(`${METRIC}.details.source: is "fiel" (string); the runtime reads file, static, function.`);
  });

  it('the embedded runtime refuses it with both problems (the walkthrough)', async () => {
    const opening = createEmbeddedRuntime({ project: project(badMetric), dbPath: ':memory:', loadHandlers: false, heartbeat: false });

    const error = await opening.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(SoswError.is(error, 'config.invalid')).toBe(true);
    expect(fields(error as SoswError)).toEqual([`${METRIC}.feeling_comparison_operator`, `${METRIC}.details.source`]);
  });

  it('a config file loaded for a runtime has its sources checked with the rest of the file (sosw dev, sosw run)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sosw-metric-problems-'));
    const path = join(dir, 'sosw.config.json');
    writeFileSync(path, JSON.stringify(project(badMetric)));

    const error = await loadProject({ configPath: path, metricSources: EMBEDDED_METRIC_SOURCES }).then(
      () => undefined,
      (e: unknown) => e as SoswError,
    );
    expect(error?.message).toContain(path);
    expect(fields(error as SoswError)).toEqual([`${METRIC}.feeling_comparison_operator`, `${METRIC}.details.source`]);
    // Without a runtime's sources (sosw synth: on AWS details are CloudWatch keys) only the operator is a problem.
    const synth = await loadProject({ configPath: path }).then(
      () => undefined,
      (e: unknown) => e as SoswError,
    );
    expect(fields(synth as SoswError)).toEqual([`${METRIC}.feeling_comparison_operator`]);
  });

  it('reports a feelings key that is not a status with the missing operator', () => {
    const error = caught(() =>
      resolveTaskConfig({ labourers: { w: { health_metrics: { load: { details: {}, feelings: { '5': 25 } } } } } }),
    );

    expect(fields(error)).toEqual([
      'task_config.labourers.w.health_metrics.load.feelings.5',
      'task_config.labourers.w.health_metrics.load.feeling_comparison_operator',
    ]);
    expect(error.message).toContain('"5" is not an ecology status; feelings keys are statuses "0" (Bad) to "4" (High)');
  });

  it('reports thresholds in the wrong order for the operator with a bad source', () => {
    const metric = { details: { source: 'fiel' }, feelings: { '3': 20, '4': 25 }, feeling_comparison_operator: 'le' };
    const error = caught(() => parseProjectConfig(project(metric), 'sosw.config.json', { metricSources: EMBEDDED_METRIC_SOURCES }));

    expect(error.code).toBe('config.invalid');
    expect(fields(error)).toEqual([`${METRIC}.details.source`, `${METRIC}.feelings`]);
    expect(error.message).toMatch(/health_metrics\.load\.feelings: with operator le, status 3 .* could never be reached/);
  });

  it('a runtime built from resolved labourers names every metric whose source it lacks', () => {
    const metric = (source: string) => ({ details: { source }, feelings: { '4': 25 }, feeling_comparison_operator: '<=' });
    const config = resolveTaskConfig({
      labourers: { a: { health_metrics: { cpu: metric('cloudwatch') } }, b: { health_metrics: { io: metric('file'), mem: metric('x') } } },
    });

    const error = caught(() => checkMetricSources(config.labourers, ['file']));
    expect(error.code).toBe('config.invalid');
    expect(fields(error)).toEqual(['labourers.a.health_metrics.cpu.details.source', 'labourers.b.health_metrics.mem.details.source']);
  });
});
