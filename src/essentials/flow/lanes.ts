import type { LabourerConfig } from '../../core/config/task-config.js';
import { laneOf } from '../../core/flow/concurrency-key.js';

/**
 * The lane of a new task's payload for a labourer with a `concurrency_key`, or undefined without
 * one (then enqueue does exactly the original's append, with no extra store work).
 */
export function draftLane(labourer: Pick<LabourerConfig, 'concurrencyKey'>): ((payload: string) => string) | undefined {
  const key = labourer.concurrencyKey;
  return key === undefined ? undefined : (payload) => laneOf(payload, key.steps);
}
