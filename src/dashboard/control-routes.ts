/**
 * POST /api/labourers/:id/{pause,resume,drain,limit}: the operator controls of `sosw pause` & co.
 * under the dashboard's token and same-origin JSON rules (auth.ts).
 * Body (JSON): `by` (default `sosw_dashboard`) and `reason` for every verb; `for` (pause: optional;
 * limit: required), `max` and / or `rate` (limit), or `clear: true` alone (limit: drop the pin).
 * A field the verb does not take is refused, not ignored: the operator meant something by it.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { type Clock, epochSecondsFloat } from '../core/clock.js';
import { SoswError } from '../core/errors.js';
import { activeControl, type LabourerControl } from '../core/flow/control.js';
import type { ControlDuration } from '../core/flow/control-input.js';
import type { LabourerControls } from '../essentials/flow/labourer-controls.js';
import { parseJsonBody } from './json-body.js';
import { parseTaskId, refuseQuery } from './query.js';

export const controlBodySchema = z.strictObject({
  by: z.string().optional(),
  reason: z.string().optional(),
  for: z.union([z.string(), z.number()], { error: "must be a duration such as '30m' or seconds as a number" }).optional(),
  max: z.union([z.string(), z.number()], { error: 'must be a whole number >= 0' }).optional(),
  rate: z.string({ error: "must be a rate such as '5/s' or '300/m'" }).optional(),
  clear: z.boolean({ error: 'must be true or false' }).optional(),
});
export type ControlBody = z.infer<typeof controlBodySchema>;

export const CONTROL_VERBS = ['pause', 'resume', 'drain', 'limit'] as const;
export type ControlVerb = (typeof CONTROL_VERBS)[number];

/** The fields each verb takes besides `by` and `reason`. */
const VERB_FIELDS: Readonly<Record<ControlVerb, readonly (keyof ControlBody)[]>> = {
  pause: ['for'],
  resume: [],
  drain: [],
  limit: ['for', 'max', 'rate', 'clear'],
};

function refused(field: string, verb: ControlVerb, message: string): SoswError {
  return new SoswError('control.invalid', message, { details: { field, verb } });
}

/** Refuse fields the verb does not take, a clear with pin values, and a pin without `for` or a limit. */
export function checkControlBody(verb: ControlVerb, b: ControlBody, labourerId: string): void {
  const path = `/api/labourers/${labourerId}`;
  for (const field of ['for', 'max', 'rate', 'clear'] as const) {
    if (b[field] === undefined || VERB_FIELDS[verb].includes(field)) continue;
    const takes = ['by', 'reason', ...VERB_FIELDS[verb]].join(', ');
    const elsewhere = field === 'for' ? 'pause or limit' : 'limit';
    throw refused(
      field,
      verb,
      `Invalid ${field}: ${verb} takes only ${takes}; remove ${field} (it belongs to ${elsewhere}: POST ${path}/${field === 'for' ? 'pause' : 'limit'}).`,
    );
  }
  if (verb !== 'limit') return;
  if (b.clear === true) {
    const extra = (['max', 'rate', 'for'] as const).find((field) => b[field] !== undefined);
    if (extra !== undefined) {
      throw refused(
        extra,
        verb,
        `Invalid ${extra}: clear: true drops the pinned limit, so it takes no max, rate or for; send {"clear": true} alone, or pin new limits without clear (a new pin replaces the old one).`,
      );
    }
    return;
  }
  if (b.max === undefined && b.rate === undefined) {
    throw refused(
      'max',
      verb,
      `Invalid max: a pin needs max and / or rate, e.g. {"max": 2, "for": "1h"} or {"rate": "5/s", "for": "1h"}; {"clear": true} drops a pin.`,
    );
  }
  if (b.for === undefined) {
    throw refused(
      'for',
      verb,
      `Invalid for: a pin needs for, how long it lasts (e.g. "30m", "2h", "1d"); it reverts by itself after that.`,
    );
  }
}

async function apply(controls: LabourerControls, verb: ControlVerb, labourerId: string, b: ControlBody): Promise<LabourerControl> {
  const change = { by: b.by ?? 'sosw_dashboard', reason: b.reason };
  const duration = b.for as ControlDuration | undefined;
  if (verb === 'pause') return controls.pause(labourerId, { ...change, for: duration });
  if (verb === 'resume') return controls.resume(labourerId, change);
  if (verb === 'drain') return controls.drain(labourerId, change);
  if (b.clear === true) return controls.clearLimit(labourerId, change);
  return controls.limit(labourerId, { ...change, max: b.max, rate: b.rate, for: duration as ControlDuration });
}

/**
 * The answer is what is in force after the change (`hold`, `pin`, each null when absent or expired:
 * a stored pause whose time has passed no longer holds anything).
 */
export function registerControlRoutes(app: Hono, controls: LabourerControls | undefined, clock: Clock): void {
  for (const verb of CONTROL_VERBS) {
    app.post(`/api/labourers/:id/${verb}`, async (c) => {
      if (controls === undefined) {
        throw new SoswError(
          'dashboard.notFound',
          'This dashboard has no operator controls wired; use sosw pause / resume / drain / limit.',
          {
            details: { verb },
          },
        );
      }
      refuseQuery(c.req.query());
      const labourerId = parseTaskId(c.req.param('id'), 'labourer');
      const b = await parseJsonBody(c.req.raw, controlBodySchema);
      checkControlBody(verb, b, labourerId);
      const record = await apply(controls, verb, labourerId, b);
      const { hold, pin } = activeControl(record, epochSecondsFloat(clock));
      return c.json({ labourerId, verb, hold, pin });
    });
  }
}
