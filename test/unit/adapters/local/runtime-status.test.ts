import { describe, expect, it } from 'vitest';
import {
  capacityOf,
  collectStatus,
  effectiveCap,
  heartbeatOf,
  type RuntimeStatus,
  summarise,
  withStoppedRunDecisions,
} from '../../../../src/adapters/local/runtime-status.js';

const census = { labourerId: 'w', queued: 2, running: 1, expired: 1, reported: 1, retrying: 1, completed: 5, dead: 1, cancelled: 3 };
const coefficients = { 0: 0, 1: 0, 2: 0.5, 3: 0.75, 4: 1 };
const decision = { labourerId: 'w', at: 1000, health: 2, cap: 6, coefficient: 0.5, invoked: 2, reason: 'invoked 2' };

describe('runtime status', () => {
  it('summarises places and counters: queued counts every task once', () => {
    const summary = summarise([{ ...census, counters: { invoked: 9, retried: 2 } }], 1234);
    expect(summary).toEqual({ queued: 15, invoked: 9, completed: 5, retried: 2, dead: 1, cancelled: 3, open: 6, elapsedMs: 1234 });
  });

  it('derives the cap from the decision, or from a fresh health reading', () => {
    expect(capacityOf({ id: 'w', maxSimultaneousInvocations: 6 }, decision, 4, coefficients)).toEqual({
      health: 2,
      cap: 3,
      maxSimultaneousInvocations: 6,
      lastDecision: { at: 1000, invoked: 2, reason: 'invoked 2' },
    });
    expect(capacityOf({ id: 'w', maxSimultaneousInvocations: 100 }, undefined, 3, { ...coefficients, 3: 0.29 })).toMatchObject({
      health: 3,
      cap: 29,
      lastDecision: null,
    });
  });

  it('prefers its own decisions, then a live heartbeat, then reads health', async () => {
    const labourers = [{ id: 'w', maxSimultaneousInvocations: 6 }];
    const base = {
      project: 'p',
      database: 'db',
      labourers,
      running: false,
      coefficients,
      census: async () => census,
      health: async () => 4,
      counters: () => ({ invoked: 1 }),
    };
    const own = await collectStatus({ ...base, running: true, decisions: new Map([['w', decision]]), heartbeat: null });
    expect(own).toMatchObject({ running: true, labourers: [{ health: 2, cap: 3, queued: 2, counters: { invoked: 1 } }] });

    const heartbeat = heartbeatOf(
      { pid: 1, project: 'p', running: true, updatedAt: 5, startedAt: 1 },
      labourers,
      new Map([['w', decision]]),
      coefficients,
      () => ({ invoked: 7 }),
    );
    const remote = await collectStatus({ ...base, decisions: new Map(), heartbeat });
    expect(remote).toMatchObject({
      running: true,
      labourers: [{ health: 2, cap: 3, counters: { invoked: 7 }, lastDecision: { reason: 'invoked 2' } }],
    });

    const idle = await collectStatus({ ...base, decisions: new Map(), heartbeat: null });
    expect(idle).toMatchObject({ running: false, labourers: [{ health: 4, cap: 6, lastDecision: null }] });
  });

  it('effectiveCap: a pinned max below the health cap lowers it and says pinned; one above leaves it', async () => {
    const pin = (max: number | null) => ({
      state: 'active' as const,
      text: 'limit pinned',
      hold: null,
      pin: { by: 'bob', at: 1, reason: null, max, rate: null, until: 9e9 },
    });
    expect(effectiveCap({ cap: 4, control: pin(2) })).toEqual({ cap: 2, pinned: true });
    expect(effectiveCap({ cap: 1, control: pin(2) })).toEqual({ cap: 1, pinned: false });
    expect(effectiveCap({ cap: 4, control: pin(null) })).toEqual({ cap: 4, pinned: false });
    expect(effectiveCap({ cap: 4 })).toEqual({ cap: 4, pinned: false });

    const status = await collectStatus({
      project: 'p',
      database: 'db',
      labourers: [{ id: 'w', maxSimultaneousInvocations: 4 }],
      running: false,
      decisions: new Map(),
      heartbeat: null,
      coefficients,
      census: async () => census,
      health: async () => 4,
      counters: () => ({}),
      controls: async () => new Map([['w', { hold: null, pin: { by: 'bob', at: 1, reason: null, max: 2, rate: null, until: 9e9 } }]]),
      adaptive: async () => new Map([['w', { target: 3, reason: 'healthy', at: 1_796_528_182.761 }]]),
      nowSeconds: 100,
    });
    // cap stays the health cap (as before); effectiveCap is the one in force; adaptive.at stays seconds, atMs beside it.
    expect(status.labourers[0]).toMatchObject({ cap: 4, effectiveCap: 2, adaptive: { at: 1_796_528_182.761, atMs: 1_796_528_182_761 } });
  });

  it('withStoppedRunDecisions: a run that has ended lends its last decisions, marked, only where none is known', () => {
    const row = (id: string, lastDecision: RuntimeStatus['labourers'][number]['lastDecision']) => ({
      ...census,
      labourerId: id,
      health: 4,
      cap: 6,
      maxSimultaneousInvocations: 6,
      lastDecision,
      counters: {},
    });
    const status: RuntimeStatus = {
      project: 'p',
      database: 'db',
      running: false,
      labourers: [row('w', null), row('v', { at: 5, invoked: 0, reason: 'mine' }), row('u', null)],
    };
    const heartbeat = heartbeatOf(
      { pid: 1, project: 'p', running: false, updatedAt: 5, startedAt: 1 },
      [
        { id: 'w', maxSimultaneousInvocations: 6 },
        { id: 'v', maxSimultaneousInvocations: 6 },
      ],
      new Map([
        ['w', decision],
        ['v', { ...decision, labourerId: 'v', reason: 'old' }],
      ]),
      coefficients,
      () => ({}),
    );
    const merged = withStoppedRunDecisions(status, heartbeat);
    expect(merged.labourers.map((l) => l.lastDecision)).toEqual([
      { at: 1000, invoked: 2, reason: 'invoked 2', fromStoppedRun: true },
      { at: 5, invoked: 0, reason: 'mine' },
      null,
    ]);
    expect(withStoppedRunDecisions({ ...status, running: true }, heartbeat)).toEqual({ ...status, running: true });
    expect(withStoppedRunDecisions(status, null)).toBe(status);
  });
});
