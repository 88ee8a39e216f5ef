/**
 * Keys of a job document that steer the job itself. They are kept on the job record and are
 * never copied into task payloads (every other job key is, as in the original).
 */
export const JOB_CONTROL_KEYS = [
  'job_id',
  'after',
  'run_after_failure',
  'tolerated_failure_percentage',
  'on_complete',
  'priority',
  'not_before',
] as const;
export type JobControlKey = (typeof JOB_CONTROL_KEYS)[number];

/** Stored attribute names of a job record (SQLite columns / DynamoDB attributes). */
export const JOB_FIELD_NAMES = {
  jobId: 'job_id',
  labourerId: 'labourer_id',
  document: 'document',
  planned: 'planned',
  completed: 'completed',
  dead: 'dead',
  cancelled: 'cancelled',
  state: 'job_state',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  scheduledAt: 'scheduled_at',
  finishedAt: 'finished_at',
  scheduledBy: 'scheduled_by',
  after: 'after',
  runAfterFailure: 'run_after_failure',
  toleratedFailurePercentage: 'tolerated_failure_percentage',
  onComplete: 'on_complete',
  actionsDoneAt: 'actions_done_at',
  reason: 'reason',
} as const;

/** The task attribute that names a task's job (on live, retry and closed tasks). */
export const TASK_JOB_ID_FIELD = 'job_id';
/** Closed-task attribute set on tasks closed by a cancel (they are closed as not succeeded, `<labourer>_0`). */
export const TASK_CANCELLED_AT_FIELD = 'cancelled_at';

/** A closed task a cancel closed (it carries `cancelled_at`); dead tasks share its "not succeeded" rows. */
export function isCancelledTask(task: { readonly extra?: Readonly<Record<string, unknown>> | undefined }): boolean {
  return task.extra?.[TASK_CANCELLED_AT_FIELD] !== undefined;
}
