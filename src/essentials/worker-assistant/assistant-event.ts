import { z } from 'zod';
import { fromZodError } from '../../core/config/zod-errors.js';
import { describeValue, SoswError } from '../../core/errors.js';

/** The actions a worker may ask for, byte-identical to the original. */
export const ASSISTANT_ACTIONS = ['mark_task_as_completed', 'mark_task_as_failed'] as const;
export type AssistantAction = (typeof ASSISTANT_ACTIONS)[number];

/** A validated WorkerAssistant event. */
export interface AssistantEvent {
  readonly action: AssistantAction;
  readonly taskId: string;
  readonly stats?: Readonly<Record<string, unknown>> | undefined;
  readonly result?: Readonly<Record<string, unknown>> | undefined;
  /** The attempt the worker ran (`attempts` or `attempt` in the event), when it says. */
  readonly attempt?: number | undefined;
  /** The `invocation` of the event the worker ran, when it echoes it (absent from the original's workers). */
  readonly invocation?: number | undefined;
  readonly labourerId?: string | undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

// One transform for every input (not a union), so a list or a number gets the same message naming the fix.
const objectOrJson = z.unknown().transform((value, ctx) => {
  if (isPlainObject(value)) return value;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isPlainObject(parsed)) return parsed;
    } catch {
      // reported below
    }
  }
  ctx.addIssue({
    code: 'custom',
    message: `must be an object (e.g. {"rows": 3}) or the JSON text of an object, got ${describeValue(value)}`,
  });
  return z.NEVER;
});

const attemptNumber = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^[1-9]\d*$/, 'must be a whole number >= 1')
    .transform(Number),
]);

const eventSchema = z.looseObject({
  action: z.string().optional(),
  actions: z.array(z.string()).length(1, 'must hold exactly one action').optional(),
  task_id: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'is required (the id of the task the worker ran)'
          : `must be a text: the task_id of the worker's event, as it came (got ${typeof issue.input === 'object' ? JSON.stringify(issue.input) : `${typeof issue.input} ${String(issue.input)}`})`,
    })
    .min(1, 'must not be empty'),
  stats: objectOrJson.optional(),
  result: objectOrJson.optional(),
  attempts: attemptNumber.optional(),
  attempt: attemptNumber.optional(),
  invocation: attemptNumber.optional(),
  labourer_id: z.string().optional(),
});

function invalid(field: string, message: string, received: unknown): SoswError {
  return new SoswError('event.invalid', `Invalid worker assistant event: ${field} ${message}`, { details: { field, received } });
}

/**
 * Validate a WorkerAssistant event (an object or its JSON text). Errors are `event.invalid` naming
 * the field. `action` may also come as a one-element `actions` list (the original's helper).
 */
export function parseAssistantEvent(input: unknown): AssistantEvent {
  let raw = input;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch (cause) {
      throw new SoswError('event.invalid', 'Invalid worker assistant event: the event is text but not JSON.', {
        details: { field: '(root)' },
        cause,
      });
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw invalid('(root)', `must be an object, got ${describeValue(raw)}.`, raw);
  const plain = plainReport(raw as Record<string, unknown>);
  if (plain !== undefined) return plain;
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) throw fromZodError('event.invalid', 'worker assistant event', parsed.error);
  const e = parsed.data;
  const action = e.action ?? e.actions?.[0];
  if (action === undefined) throw invalid('action', `is required: one of ${ASSISTANT_ACTIONS.join(', ')}.`, undefined);
  if (!(ASSISTANT_ACTIONS as readonly string[]).includes(action)) {
    throw invalid('action', `${JSON.stringify(action)} is not supported; use one of ${ASSISTANT_ACTIONS.join(', ')}.`, action);
  }
  if (e.attempts !== undefined && e.attempt !== undefined && e.attempts !== e.attempt) {
    throw invalid('attempt', `(${e.attempt}) disagrees with attempts (${e.attempts}); send one of them.`, e.attempt);
  }
  return {
    action: action as AssistantAction,
    taskId: e.task_id,
    stats: e.stats,
    result: e.result,
    attempt: e.attempts ?? e.attempt,
    invocation: e.invocation,
    labourerId: e.labourer_id,
  };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The shape every worker sends (`action`, `task_id`, object `stats` / `result`, whole `attempts`,
 * string `labourer_id`), checked without the schema: this runs once per task. Anything else
 * (text fields, `actions`, `attempt`, bad values) returns undefined and takes the schema path,
 * which accepts the same and names what is wrong.
 */
function plainReport(raw: Record<string, unknown>): AssistantEvent | undefined {
  const { action, task_id: taskId, stats, result, attempts, invocation, labourer_id: labourerId } = raw;
  if (action !== 'mark_task_as_completed' && action !== 'mark_task_as_failed') return undefined;
  if (raw.actions !== undefined || raw.attempt !== undefined) return undefined;
  if (typeof taskId !== 'string' || taskId === '') return undefined;
  if (stats !== undefined && !isPlainRecord(stats)) return undefined;
  if (result !== undefined && !isPlainRecord(result)) return undefined;
  if (attempts !== undefined && !(typeof attempts === 'number' && Number.isSafeInteger(attempts) && attempts > 0)) return undefined;
  if (invocation !== undefined && !(typeof invocation === 'number' && Number.isSafeInteger(invocation) && invocation > 0)) return undefined;
  if (labourerId !== undefined && typeof labourerId !== 'string') return undefined;
  return { action, taskId, stats, result, attempt: attempts, invocation, labourerId };
}
