/**
 * POST /api/labourers/:id/{pause,resume,drain,limit}: the operator controls of `sosw pause` & co.
 * under the dashboard's token and same-origin JSON rules (auth.ts). Buttons come later; these are the routes.
 * Body (JSON, every field optional): `by` (default `sosw_dashboard`), `reason`, `for` (pause, limit),
 * `max` and `rate` (limit), `clear: true` (limit: drop the pin).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { SoswError } from '../core/errors.js';
import type { LabourerControl } from '../core/flow/control.js';
import type { ControlDuration } from '../core/flow/control-input.js';
import type { LabourerControls } from '../essentials/flow/labourer-controls.js';
import { parseTaskId } from './query.js';

const bodySchema = z.strictObject({
  by: z.string().optional(),
  reason: z.string().optional(),
  for: z.union([z.string(), z.number()]).optional(),
  max: z.union([z.string(), z.number()]).optional(),
  rate: z.string().optional(),
  clear: z.boolean().optional(),
});

const VERBS = ['pause', 'resume', 'drain', 'limit'] as const;

async function body(request: Request): Promise<z.infer<typeof bodySchema>> {
  const text = await request.text();
  let raw: unknown = {};
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    raw = text;
  }
  const parsed = bodySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SoswError(
    'dashboard.invalidQuery',
    `Invalid body${issue?.path.length ? ` field ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'expected a JSON object'}.`,
    {
      details: { field: issue?.path.join('.') ?? 'body' },
    },
  );
}

/** The answer is the labourer's stored control after the change (`hold`, `pin`, each null when absent). */
export function registerControlRoutes(app: Hono, controls: LabourerControls | undefined): void {
  for (const verb of VERBS) {
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
      const labourerId = parseTaskId(c.req.param('id'), 'labourer');
      const b = await body(c.req.raw);
      const change = { by: b.by ?? 'sosw_dashboard', reason: b.reason };
      const duration = b.for as ControlDuration | undefined;
      let record: LabourerControl;
      if (verb === 'pause') record = await controls.pause(labourerId, { ...change, for: duration });
      else if (verb === 'resume') record = await controls.resume(labourerId, change);
      else if (verb === 'drain') record = await controls.drain(labourerId, change);
      else if (b.clear === true) record = await controls.clearLimit(labourerId, change);
      else record = await controls.limit(labourerId, { ...change, max: b.max, rate: b.rate, for: duration as ControlDuration });
      return c.json({ labourerId, verb, hold: record.hold, pin: record.pin });
    });
  }
}
