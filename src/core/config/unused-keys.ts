/**
 * Keys the original sosw defines that this implementation reads nowhere. Config documents accept
 * them (teams reuse their Python documents), but a user who sets one believes it does something,
 * so every config load reports them and the caller logs a warning (core code does not log).
 * Keys the original defines that one essential reads and another ignores (`rows_to_process` in the
 * Orchestrator's document, which is merged with the shared row) are not listed: they are not unused.
 */

const DYNAMO_LAYOUT = "sosw's DynamoDB adapters have a fixed table layout; rename attributes with dynamo_db_config.field_names";

/** Key -> what happens instead, or what to set instead; shown in the warning. */
export const UNUSED_ORIGINAL_KEYS: Readonly<Record<string, string>> = Object.freeze({
  init_clients: 'sosw creates its clients itself (region from AWS_REGION); pass your own collaborators in code',
  meta_handler_config: 'the audit trail is always written, to the meta table (SOSW_META_TABLE, default sosw_tasks_meta)',
  lifetime_stats_params: "only a worker reads it, from the worker's own config document",
  dead_sns_topic: 'set scavenger_config.sns_config.recipient or SOSW_DEAD_TASKS_TOPIC_ARN',
  test: 'the essentials have no test mode; point a test deployment at its own tables and config env (SOSW_CONFIG_ENV)',
  lambda_config: 'the Lambda client uses the region of AWS_REGION',
  siblings_config: 'the Scheduler hands a long job to a new invocation of itself; limit the chain with max_sibling_generations',
  auto_spawning: 'the Scheduler always continues a long job in a new invocation of itself (see max_sibling_generations)',
  default_simultaneous_invocations: 'set task_config.max_simultaneous_invocations, or max_simultaneous_invocations of a labourer',
  task_operational_overhead_for_ddb: 'tasks are written in batches of rows_to_process, without a pause per task',
  default_metric_values:
    'put the values in each health metric\'s details (missing ones default to Period 60, Statistics ["Average"], MetricAggregationTimeSlice 300)',
  row_mapper: DYNAMO_LAYOUT,
  required_fields: DYNAMO_LAYOUT,
  hash_key: DYNAMO_LAYOUT,
  range_key: DYNAMO_LAYOUT,
  dont_json_loads_results: DYNAMO_LAYOUT,
  region_name: 'the DynamoDB client uses the region of AWS_REGION',
  index_name: 'set task_config.dynamo_db_config.index_greenfield for the queue index',
  region: 'the SNS client uses the region of AWS_REGION',
  id: "a labourer's id is its key under labourers (set arn for the function to invoke)",
  start: "sosw computes a labourer's runtime state each tick; remove it",
  invoked: "sosw computes a labourer's runtime state each tick; remove it",
  expired: "sosw computes a labourer's runtime state each tick; remove it",
  health: "sosw computes a labourer's health each tick from its health_metrics",
  average_duration: 'sosw computes it from closed tasks (max_closed_to_analyse_for_duration)',
});

/** An accepted key that does nothing, as written in the user's file. */
export interface IgnoredKey {
  /** The field path as written in the user's file (`task_config.init_clients`). */
  readonly field: string;
  /** The document, `orchestrator config`, `project config (/srv/app/sosw.config.ts)`. */
  readonly what: string;
  /** What happens instead, or what to set instead. */
  readonly instead: string;
}

/**
 * The warning for an ignored key.
 *
 * @example
 * ignoredKeyMessage({ field: 'init_clients', what: 'orchestrator config', instead: '...' });
 * // 'orchestrator config: init_clients is accepted for compatibility with the original sosw but ignored by this implementation: ...'
 */
export function ignoredKeyMessage(key: IgnoredKey): string {
  return `${key.what}: ${key.field} is accepted for compatibility with the original sosw but ignored by this implementation: ${key.instead}.`;
}

/** Every key once (a section is resolved on its own and inside its document), in first-seen order. */
export function uniqueIgnoredKeys(...lists: ReadonlyArray<readonly IgnoredKey[] | undefined>): IgnoredKey[] {
  const seen = new Map<string, IgnoredKey>();
  for (const list of lists) for (const key of list ?? []) if (!seen.has(key.field)) seen.set(key.field, key);
  return [...seen.values()];
}
