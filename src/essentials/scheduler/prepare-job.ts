/** Validating and planning a job against the registered labourers and job schemas. */
import type { SchedulerConfig } from '../../core/config/scheduler-config.js';
import { findLabourer } from '../../core/config/task-config.js';
import { SoswError } from '../../core/errors.js';
import { jobPlacement } from '../../core/flow/placement.js';
import type { JobOnComplete } from '../../core/job/job.js';
import { JOB_ID_PATTERN, splitJobControls } from '../../core/job/job-controls.js';
import { dayAt } from '../../core/scheduling/civil-date.js';
import { selectJobSchema } from '../../core/scheduling/job-schema.js';
import type { PeriodResolver } from '../../core/scheduling/periods.js';
import { type JobPlan, planJob } from '../../core/scheduling/plan.js';
import type { QueueDocument } from '../../core/scheduling/queue-file.js';
import { type JobEvent, parseSchedulerEvent } from '../../core/scheduling/scheduler-event.js';
import { trimArnToName } from '../../core/scheduling/trim-arn.js';
import type { TaskSizeLimit } from '../../ports/task-store.js';
import { followUpJobId } from '../jobs/job-summary.js';

export interface PreparedJob {
  readonly doc: QueueDocument;
  readonly plan: JobPlan;
}

/**
 * Check the labourer and the schema, then plan the whole job as of `atMs`. Every problem is a
 * coded error (`job.unknownLabourer`, `job.unknownSchema`, `job.invalid`) raised before any write.
 */
export function prepareJob(config: SchedulerConfig, periods: PeriodResolver, event: JobEvent, atMs: number, jobId: string): PreparedJob {
  try {
    findLabourer(config.taskConfig, event.labourerId);
  } catch (error) {
    if (!SoswError.is(error, 'labourer.unknown')) throw error;
    throw new SoswError('job.unknownLabourer', error.message, { details: { field: 'job.lambda_name', ...error.details }, cause: error });
  }
  const schema = selectJobSchema(config, event.schemaName);
  const plan = planJob({ job: event.job, chunkableAttrs: schema.chunkableAttrs, periods, today: dayAt(atMs, schema.timezone) });
  if (plan.total > config.maxTasksPerJob) {
    throw new SoswError(
      'job.tooManyTasks',
      `The job chunks into ${plan.total} tasks, more than max_tasks_per_job (${config.maxTasksPerJob}). Split the job (a shorter period, fewer values) or raise max_tasks_per_job in the Scheduler config.`,
      { details: { field: 'max_tasks_per_job', total: plan.total, max: config.maxTasksPerJob } },
    );
  }
  const doc: QueueDocument = {
    version: 1,
    job_id: jobId,
    labourer_id: event.labourerId,
    job_schema_name: event.schemaName,
    job: event.job,
    planned_at_ms: atMs,
    total: plan.total,
  };
  return { doc, plan };
}

/**
 * Check every task of a planned job against the store's item size limit (DynamoDB: 400 KB),
 * before anything is written: a job with one task too large is refused whole (`job.taskTooLarge`).
 */
export function checkTaskSizes(plan: JobPlan, labourerId: string, limit: TaskSizeLimit | undefined): void {
  if (limit === undefined) return;
  const overhead = limit.taskBytes(labourerId, '');
  for (const { index, payload } of plan.payloads()) {
    // Cheap bound first: UTF-8 takes at most 3 bytes per UTF-16 unit, so short payloads need no count.
    if (payload.length * 3 + overhead <= limit.maxBytes) continue;
    const bytes = limit.taskBytes(labourerId, payload);
    if (bytes <= limit.maxBytes) continue;
    throw new SoswError(
      'job.taskTooLarge',
      `Task ${index} of the job (of ${plan.total}) would be ${bytes} bytes in the task store, over its limit of ${limit.maxBytes} bytes; nothing was written. Make the payload smaller: chunk the job further (more isolate_<attr>s) or put large data in S3 and pass its key.`,
      { details: { field: 'job', row: index, bytes, maxBytes: limit.maxBytes, total: plan.total } },
    );
  }
}

/** Plan the job of a queue document again (as of its planning time) and check it still has the same size. */
export function replanDocument(config: SchedulerConfig, periods: PeriodResolver, doc: QueueDocument): PreparedJob {
  const event: JobEvent = { kind: 'job', labourerId: doc.labourer_id, schemaName: doc.job_schema_name, job: doc.job };
  const prepared = prepareJob(config, periods, event, doc.planned_at_ms, doc.job_id);
  if (prepared.plan.total !== doc.total) {
    throw new SoswError(
      'job.invalid',
      `Queue file of job ${doc.job_id} planned ${doc.total} tasks but the current job schema gives ${prepared.plan.total}; restore the schema or delete the file.`,
      { details: { jobId: doc.job_id, planned: doc.total, now: prepared.plan.total } },
    );
  }
  return { doc, plan: prepared.plan };
}

/** The same error with its field moved under `prefix` (`job.lambda_name` -> `job.on_complete.schedule[0].lambda_name`). */
function nestedError(error: unknown, prefix: string): unknown {
  if (!SoswError.is(error, 'job')) return error;
  const given = typeof error.details.field === 'string' ? error.details.field : 'job';
  const field = /^(job|event)(?=$|[.[])/.test(given) ? given.replace(/^(job|event)/, prefix) : `${prefix}.${given}`;
  const message = error.message.replace(/\bjob\.(?=[a-z_])/g, `${prefix}.`);
  return new SoswError(error.code, message.includes(prefix) ? message : `In ${prefix} (a follow-up job): ${message}`, {
    details: { ...error.details, field },
    cause: error,
  });
}

/**
 * Check a job's `on_complete` against the config, before anything is written, so that nothing is
 * found wrong only when the job completes: every `schedule` follow-up is validated as the Scheduler
 * will validate it then (its labourer, schema, chunking, periods, controls, priority, not_before and
 * its own on_complete), its derived job id must be a valid id, and `invoke` must name a registered
 * labourer. Errors keep their code (`job.invalid`, `job.unknownLabourer`, `job.unknownSchema`) and
 * name the field (`job.on_complete.schedule[0].lambda_name`).
 *
 * @param jobId the job's id ('' when not known yet, e.g. a dry run without `job_id`)
 */
export function checkOnComplete(
  config: SchedulerConfig,
  periods: PeriodResolver,
  onComplete: JobOnComplete | undefined,
  jobId: string,
  atMs: number,
  field = 'job.on_complete',
): void {
  if (onComplete === undefined) return;
  if (onComplete.invoke !== undefined) {
    try {
      findLabourer(config.taskConfig, trimArnToName(onComplete.invoke));
    } catch (error) {
      if (!SoswError.is(error, 'labourer.unknown')) throw error;
      throw new SoswError(
        'job.unknownLabourer',
        `Invalid job: ${field}.invoke names ${JSON.stringify(onComplete.invoke)}, which is not a registered labourer (registered: ${(error.details.known as string[]).join(', ') || '(none)'}). Fix the name, or register the labourer.`,
        { details: { ...error.details, field: `${field}.invoke` }, cause: error },
      );
    }
  }
  for (const [i, next] of (onComplete.schedule ?? []).entries()) {
    const prefix = `${field}.schedule[${i}]`;
    const derived = next.job_id === undefined || next.job_id === null;
    if (derived && jobId !== '' && !JOB_ID_PATTERN.test(followUpJobId(jobId, i))) {
      throw new SoswError(
        'job.invalid',
        `Invalid job: ${prefix} gets the job id ${JSON.stringify(followUpJobId(jobId, i))}, longer than 200 characters. Give the follow-up its own job_id, or the job a shorter one.`,
        { details: { field: `${prefix}.job_id`, received: followUpJobId(jobId, i) } },
      );
    }
    let nested: { readonly onComplete: JobOnComplete | undefined; readonly jobId: string };
    try {
      const parsed = parseSchedulerEvent(next);
      if (parsed.kind !== 'job')
        throw new SoswError('job.invalid', 'Invalid job: a follow-up must be a job object with its lambda_name.', {
          details: { field: 'job' },
        });
      const { controls, job } = splitJobControls(parsed.job);
      const nextId = controls.jobId ?? (jobId === '' ? '' : followUpJobId(jobId, i));
      prepareJob(config, periods, { ...parsed, job }, atMs, nextId);
      jobPlacement(controls.other, atMs / 1000);
      nested = { onComplete: controls.onComplete, jobId: nextId };
    } catch (error) {
      throw nestedError(error, prefix);
    }
    // Its own follow-ups (their errors already name their whole path).
    checkOnComplete(config, periods, nested.onComplete, nested.jobId, atMs, `${prefix}.on_complete`);
  }
}
