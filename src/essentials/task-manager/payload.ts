import { describeValue, SoswError } from '../../core/errors.js';

function invalidPayload(message: string, cause?: unknown): SoswError {
  return new SoswError('task.invalidPayload', `Unexpected payload: ${message} Pass an object or the JSON text of an object.`, {
    details: { field: 'payload' },
    cause,
  });
}

function payloadObject(payload: unknown): Record<string, unknown> {
  if (payload === undefined || payload === null) return {};
  if (typeof payload === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return { payload };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw invalidPayload(`the payload string is JSON for ${describeValue(parsed)}, not an object.`);
    }
    return parsed as Record<string, unknown>;
  }
  if (typeof payload === 'object' && !Array.isArray(payload)) return { ...(payload as Record<string, unknown>) };
  return { payload };
}

/**
 * The original's `construct_payload_for_task`: take `payload` (an object, JSON text of an object,
 * or any other value, which is wrapped as `{payload: value}`), copy every other field over it, and
 * return the JSON text. Values JSON cannot represent (BigInt, cycles) are `task.invalidPayload`.
 *
 * @example
 * constructPayload({ payload: { foo: 42 }, shops: [1, 3] }); // '{"foo":42,"shops":[1,3]}'
 */
export function constructPayload(fields: Readonly<Record<string, unknown>>): string {
  const { payload, ...rest } = fields;
  const merged = { ...payloadObject(payload), ...rest };
  try {
    return JSON.stringify(merged);
  } catch (cause) {
    throw invalidPayload(`it cannot be written as JSON (${cause instanceof Error ? cause.message : String(cause)}).`, cause);
  }
}
