import { describe, expect, it } from 'vitest';
import type { LabourerStatus } from '../../../src/adapters/local/runtime-status.js';
import { type ActiveControl, controlStatus } from '../../../src/core/flow/control.js';
import { allowedNow, labourerSummary } from '../../../src/dashboard/summaries.js';
import type { DispatchDecision } from '../../../src/essentials/orchestrator/decision.js';

const NOW = 1_735_732_800;
const author = { by: 'alice', at: NOW - 60, reason: null };

/** Max 6 at full health (cap 6), `running` running, with an optional control and adaptive target. */
function status(running: number, active?: ActiveControl, adaptiveTarget?: number): LabourerStatus {
  return {
    labourerId: 'w',
    queued: 50,
    running,
    expired: 0,
    reported: 0,
    retrying: 0,
    completed: 0,
    dead: 0,
    cancelled: 0,
    health: 4,
    cap: 6,
    maxSimultaneousInvocations: 6,
    lastDecision: null,
    counters: {},
    ...(active === undefined ? {} : { control: controlStatus(active, running, NOW) }),
    ...(adaptiveTarget === undefined ? {} : { adaptive: { target: adaptiveTarget, reason: 'healthy', at: NOW } }),
  };
}

function decision(rateAllowance: number | null, invoked: number): DispatchDecision {
  return { rateAllowance, invoked } as unknown as DispatchDecision;
}

const paused: ActiveControl = { hold: { ...author, mode: 'paused', until: null }, pin: null };
const draining: ActiveControl = { hold: { ...author, mode: 'draining', until: null }, pin: null };
const pinned = (max: number | null): ActiveControl => ({ hold: null, pin: { ...author, max, rate: null, until: NOW + 3600 } });

describe('allowedNow', () => {
  it.each([
    ['nothing in force', status(1), 5],
    ['paused', status(0, paused), 0],
    ['draining', status(2, draining), 0],
    ['pinned max 2 with 2 running', status(2, pinned(2)), 0],
    ['pinned max 2 with 1 running', status(1, pinned(2)), 1],
    ['a pin of the rate only', status(1, pinned(null)), 5],
    ['adaptive target 3 with 1 running', status(1, undefined, 3), 2],
    ['adaptive target above the cap', status(1, undefined, 10), 5],
    ['running above a pin lowered since', status(4, pinned(2)), 0],
  ])('counts as the Orchestrator would: %s', (_, l, expected) => {
    expect(allowedNow(l, undefined)).toBe(expected);
  });

  it('takes the adaptive target from the last decision when the status has none, and the rate allowance left', () => {
    const adaptive = { ...decision(null, 0), adaptive: { target: 2 } } as unknown as DispatchDecision;

    expect(allowedNow(status(0), adaptive)).toBe(2);
    expect(allowedNow(status(0), decision(10, 7))).toBe(3);
    expect(allowedNow(status(0), decision(10, 12))).toBe(0);
    expect(allowedNow(status(0, paused), decision(10, 0))).toBe(0);
  });
});

describe('labourerSummary control', () => {
  const summary = (l: LabourerStatus) =>
    labourerSummary({ status: l, decision: undefined, rateLimit: null, counters: {}, ratePerSecond: 0, latency: null });

  it('keeps state as the hold and shows pinned on the badge when only a pin is in force', () => {
    expect(summary(status(0, pinned(2))).control).toMatchObject({ state: 'active', badge: 'pinned', pinned: true });
    expect(summary(status(0, { ...paused, pin: pinned(2).pin })).control).toMatchObject({ state: 'paused', badge: 'paused', pinned: true });
    expect(summary(status(0, { hold: null, pin: null })).control).toMatchObject({ state: 'active', badge: 'active', pinned: false });
    expect(summary(status(2, pinned(2))).allowedNow).toBe(0);
  });
});
