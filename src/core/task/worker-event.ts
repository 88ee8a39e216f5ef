import { describeValue, SoswError } from '../errors.js';
import { parsePythonLiteral } from './python-literal.js';
import type { Task } from './task.js';

/** The event a worker receives: its payload keys plus the task fields (task fields win). */
export type WorkerEvent = Readonly<Record<string, unknown>> & {
  readonly task_id: string;
  readonly labourer_id: string;
  readonly created_at: number;
  readonly greenfield: number;
  readonly attempts: number;
  /** Invocations ever made, this one included: never reused, even after a redrive. Reports echo it. */
  readonly invocation: number;
};

/**
 * Parse a stored payload (JSON text of an object). A payload the original's Scavenger archived as
 * a Python repr (`{'a': True, 'b': None}`) is read with a safe literal parser (never evaluated).
 * Anything else is `task.invalidPayload`: the original counted such tasks and then crashed on
 * them (weakness 23).
 */
export function parseTaskPayload(task: Pick<Task, 'taskId' | 'payload'>): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(task.payload);
  } catch (cause) {
    const literal = task.payload.trimStart().startsWith('{') ? parsePythonLiteral(task.payload) : undefined;
    if (literal !== null && typeof literal === 'object' && !Array.isArray(literal)) return literal as Record<string, unknown>;
    throw new SoswError(
      'task.invalidPayload',
      `Task ${task.taskId} has a payload that is not JSON: ${describeValue(task.payload)}. Payloads must be the JSON text of an object (or the Python repr of a dict, as the original archived them).`,
      {
        details: { taskId: task.taskId, field: 'payload' },
        cause,
      },
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SoswError('task.invalidPayload', `Task ${task.taskId} has a payload that is ${describeValue(parsed)}, not a JSON object.`, {
      details: { taskId: task.taskId, field: 'payload' },
    });
  }
  return parsed as Record<string, unknown>;
}

/**
 * Build the worker's event from a task as it is after the claim: the payload flattened with
 * `task_id`, `labourer_id`, `created_at`, `greenfield` and `attempts`. The original sent the
 * values read before marking the task invoked (weakness 24); we send the claimed ones, so
 * `attempts` is the number of this attempt (1 for the first) and `greenfield` the invocation mark.
 *
 * @example
 * buildWorkerEvent(claimedTask); // { foo: 42, task_id: '...', labourer_id: 'w', created_at: 1.5, greenfield: 1731557600, attempts: 1 }
 */
export function buildWorkerEvent(task: Task): WorkerEvent {
  // The parsed payload is a fresh object nobody else holds: the task fields are written onto it
  // rather than copied into another (same keys, same order as a spread; one allocation per task less).
  const event = parseTaskPayload(task);
  event.task_id = task.taskId;
  event.labourer_id = task.labourerId;
  event.created_at = task.createdAt;
  event.greenfield = task.greenfield;
  event.attempts = task.attempts;
  event.invocation = task.invocations ?? task.attempts;
  return event as WorkerEvent;
}
