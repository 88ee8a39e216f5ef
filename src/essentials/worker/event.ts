/** Reading a worker event: an object, or JSON text of one (weakness 56). */
import { isPlainObject } from '../../core/config/deep-merge.js';
import { describeValue, SoswError } from '../../core/errors.js';
import type { TaskRef } from './types.js';

/** The event as an object; JSON text is parsed. Anything else fails with `event.invalid`. */
export function parseWorkerEvent(event: unknown): Record<string, unknown> {
  let value = event;
  if (typeof event === 'string') {
    try {
      value = JSON.parse(event);
    } catch (error) {
      throw new SoswError(
        'event.invalid',
        `The worker event is text but not JSON: ${describeValue(event)}. Send an object or its JSON text.`,
        {
          cause: error,
        },
      );
    }
  }
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    throw new SoswError('event.invalid', `The worker event must be an object or its JSON text, got ${describeValue(value)}.`, {
      details: { received: describeValue(value) },
    });
  }
  return value;
}

/** The task fields of an event; undefined when it has no `task_id` (a manual invocation). */
export function taskRefOf(event: Readonly<Record<string, unknown>>): TaskRef | undefined {
  const rawId = event.task_id;
  const taskId = typeof rawId === 'number' ? String(rawId) : rawId;
  if (typeof taskId !== 'string' || taskId === '') return undefined;
  const attempts = event.attempts;
  const labourerId = event.labourer_id;
  const invocation = event.invocation;
  return {
    taskId,
    labourerId: typeof labourerId === 'string' ? labourerId : undefined,
    attempts: typeof attempts === 'number' && Number.isFinite(attempts) ? attempts : undefined,
    invocation: typeof invocation === 'number' && Number.isSafeInteger(invocation) && invocation > 0 ? invocation : undefined,
  };
}
