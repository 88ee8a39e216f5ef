/**
 * A health metric's `details.source` names where a runtime reads its value (the embedded runtime's
 * `file`, `static`, `function`, plus sources given in code). Only the runtime knows its sources, so
 * it passes their names in; on AWS `details` are CloudWatch keys and no source is checked.
 */
import { describeValue } from '../errors.js';
import type { ConfigIssue } from './zod-errors.js';

const SOURCE_EXAMPLE = 'e.g. { "source": "file", "path": "./metrics.json", "key": "load" }';

/**
 * What is wrong with a metric's `details.source`, or undefined when the runtime reads it.
 *
 * @example
 * metricSourceProblem('fiel', ['file', 'static']); // 'is "fiel" (string); the runtime reads file, static. Set it to one of them, e.g. ...'
 */
export function metricSourceProblem(source: unknown, known: readonly string[]): string | undefined {
  if (typeof source === 'string' && known.includes(source)) return undefined;
  const reads = `the runtime reads ${known.join(', ') || 'no metric source'}`;
  return source === undefined
    ? `is required: ${reads}. Set it, ${SOURCE_EXAMPLE}.`
    : `is ${describeValue(source)}; ${reads}. Set it to one of them, ${SOURCE_EXAMPLE}.`;
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * The `details.source` problems of every health metric of a raw project document
 * (`labourers.<id>.health_metrics.<name>.details.source`). Run on the raw document, next to the
 * schema, so a metric's bad source is reported with its other problems. A `details` that is not an
 * object is the schema's to report.
 */
export function metricSourceIssues(project: unknown, known: readonly string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [id, labourer] of Object.entries(asObject(asObject(project)?.labourers) ?? {})) {
    for (const [name, metric] of Object.entries(asObject(asObject(labourer)?.health_metrics) ?? {})) {
      const details = asObject(asObject(metric)?.details);
      if (details === undefined) continue;
      const problem = metricSourceProblem(details.source, known);
      if (problem !== undefined) issues.push({ path: ['labourers', id, 'health_metrics', name, 'details', 'source'], message: problem });
    }
  }
  return issues;
}
