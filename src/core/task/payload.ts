/**
 * The worker payload of a new task (`construct_payload_for_task`, spec tasks-and-greenfield.md 4.6).
 */
import { describeValue, SoswError } from '../errors.js';
import { isPlainObject } from '../scheduling/values.js';

/**
 * Build the payload JSON text from a task's fields: `payload` (an object, JSON text of an
 * object, or anything else, which is wrapped as `{"payload": value}`) with every other field
 * copied on top of it. JSON text of something other than an object (`"[1, 2]"`, `"42"`) fails
 * with `task.invalidPayload`, as the original failed.
 *
 * @example
 * constructPayload({ payload: { foo: 42 }, shops: [1, 3] }); // '{"foo":42,"shops":[1,3]}'
 * constructPayload({ payload: 'hello' });                    // '{"payload":"hello"}'
 */
export function constructPayload(fields: Readonly<Record<string, unknown>>): string {
  if (!('payload' in fields)) return toJson(fields);
  const { payload, ...rest } = fields;
  return toJson({ ...payloadObject(payload), ...rest });
}

/** Values JSON cannot represent (BigInt, cycles) are `task.invalidPayload`, never a crash later. */
function toJson(value: Readonly<Record<string, unknown>>): string {
  try {
    return JSON.stringify(value);
  } catch (cause) {
    throw new SoswError(
      'task.invalidPayload',
      `Unexpected payload: it cannot be written as JSON (${cause instanceof Error ? cause.message : String(cause)}). Pass plain JSON values.`,
      { details: { field: 'payload' }, cause },
    );
  }
}

function payloadObject(payload: unknown): Record<string, unknown> {
  if (payload === undefined) return {};
  if (isPlainObject(payload)) return payload;
  if (typeof payload === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return { payload };
    }
    if (isPlainObject(parsed)) return parsed;
    throw new SoswError(
      'task.invalidPayload',
      `Unexpected payload: the payload text is JSON for ${describeValue(parsed)}, not an object. Pass an object or the JSON text of an object.`,
      { details: { field: 'payload' } },
    );
  }
  return { payload };
}
