import { describe, expect, it } from 'vitest';
import { capacityOf, collectStatus, heartbeatOf, summarise } from '../../../../src/adapters/local/runtime-status.js';

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
});
