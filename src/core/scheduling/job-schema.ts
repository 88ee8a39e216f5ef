/** Choosing the job schema of one job (`apply_job_schema`, spec scheduler-chunking.md 4). */
import type { JobSchema, SchedulerConfig } from '../config/scheduler-config.js';
import { SoswError } from '../errors.js';

/**
 * The schema named `name` (or `default`). Pure: nothing is remembered between jobs (the
 * original replaced its schema on every call, weakness 13).
 */
export function selectJobSchema(config: Pick<SchedulerConfig, 'jobSchemas'>, name?: string): JobSchema {
  const key = name ?? 'default';
  const schema = Object.hasOwn(config.jobSchemas, key) ? config.jobSchemas[key] : undefined;
  if (schema === undefined) {
    const known = Object.keys(config.jobSchemas).join(', ');
    throw new SoswError(
      'job.unknownSchema',
      `Unknown job_schema_name ${JSON.stringify(key)}. Known job schemas: ${known}. Add it under job_schema_variants.`,
      { details: { field: 'job.job_schema_name', received: key, known: Object.keys(config.jobSchemas) } },
    );
  }
  return schema;
}
