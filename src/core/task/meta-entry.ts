/** Audit actions, byte-identical to the original's `sosw_tasks_meta` vocabulary. */
export const META_ACTIONS = [
  'created',
  'invoked',
  // an invocation the invoker refused as throttled (Lambda 429): the claim was undone, no attempt used
  'throttled',
  'archived',
  'archived_dead',
  'scheduled_for_retry',
  'ready_for_retry',
  'marked_as_completed',
  'marked_as_failed',
  'completed',
  'failed',
  'redriven',
  'report_rejected',
  // a dashboard bulk action (task_id `bulk#<id>`), one row naming its tasks; each task also gets its own row
  'bulk_redriven',
  'bulk_cancelled',
  // operator controls (task_id `control#<labourer_id>`): sosw pause / resume / drain / limit
  'paused',
  'resumed',
  'draining',
  'limit_pinned',
  'limit_cleared',
  // sosw limit --reset-adaptive: the adaptive controller's learned state dropped (it starts over from `initial`)
  'adaptive_reset',
  // jobs: a queued or retrying task closed by `sosw cancel` (closed not succeeded, with cancelled_at)
  'cancelled',
] as const;
export type MetaAction = (typeof META_ACTIONS)[number];

/** One row of the task audit trail (`sosw_tasks_meta`). */
export interface MetaEntry {
  readonly taskId: string;
  /** Float epoch seconds (range key with task_id). */
  readonly createdAt: number;
  readonly action: MetaAction;
  readonly labourerId?: string | undefined;
  /** Function name of the writer (`sosw_orchestrator`, ...). */
  readonly author?: string | undefined;
  readonly invocationId?: string | undefined;
  readonly logStreamName?: string | undefined;
  /** The job of the task (`job_id`), when the task belongs to a job record. */
  readonly jobId?: string | undefined;
  /** Anything else (attempt number, reason, ...). */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
}
