/** Keys that are never taken for typos in an essential's config document (see unknown-keys.ts). */

/**
 * Keys of any essential's document. On AWS each essential's document is `sosw_essential_config`
 * merged with its own row, so a key of one essential (or one the original defines) may show up in
 * another's document: it is never taken for a typo there.
 */
export const ESSENTIAL_DOCUMENT_KEYS: readonly string[] = Object.freeze([
  // the original's (every Processor, and each essential's DEFAULT_CONFIG)
  'init_clients',
  'meta_handler_config',
  'lifetime_stats_params',
  'dead_sns_topic',
  'test',
  'labourers',
  'task_config',
  'sns_config',
  'siblings_config',
  'dynamo_db_config',
  'auto_spawning',
  'sosw_worker_assistant_lambda',
  'job_schema',
  'job_schema_variants',
  'queue_bucket',
  'queue_file',
  's3_prefix',
  'shutdown_period',
  'rows_to_process',
  'task_operational_overhead_for_ddb',
  'custom_period_patterns',
  'invocation_number_coefficient',
  'default_simultaneous_invocations',
  'retry_tasks_limit',
  // sosw extensions
  'tick_interval',
  'run_time_budget',
  'invoke_concurrency',
  'dispatch_lease_seconds',
  'page_size',
  'dead_task_subject',
  'max_sibling_generations',
  'lock_ttl_seconds',
  'max_tasks_per_job',
]);
