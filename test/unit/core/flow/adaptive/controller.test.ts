import { describe, expect, it } from 'vitest';
import { resolveAdaptiveConfig } from '../../../../../src/core/flow/adaptive/adaptive-config.js';
import type { AdaptiveDecision } from '../../../../../src/core/flow/adaptive/controller.js';
import { errors, ok, replay, type Sample, targets, times } from './replay.js';

// max 20, halve on a breach, 2 cool-down ticks, 5% error rate (healthy below 4%), probe after 3 ticks at the limit.
const config = resolveAdaptiveConfig({ probe_ticks: 3 }, 'fetch_prices', 20);

/** Every guarantee that holds for any series. */
function expectBounded(decisions: readonly AdaptiveDecision[]): void {
  for (const d of decisions) {
    expect(d.target).toBeLessThanOrEqual(config.max);
    expect(d.target).toBeGreaterThanOrEqual(config.min);
    expect(d.limit).toBeLessThanOrEqual(d.target);
    expect(d.reason).toContain(d.change === 'held' ? `target ${d.target} held` : `target ${d.previousTarget} → ${d.target}`);
  }
}

/** Direction changes of the target (a raise after a cut or a cut after a raise). */
function reversals(decisions: readonly AdaptiveDecision[]): number {
  const moves = decisions.filter((d) => d.change !== 'held').map((d) => d.change);
  return moves.filter((m, i) => i > 0 && m !== moves[i - 1]).length;
}

describe('adaptiveStep replaying recorded series', () => {
  it('holds full speed on a steady healthy series', () => {
    // Act
    const decisions = replay(config, times(30, ok()));

    // Assert
    expectBounded(decisions);
    expect(targets(decisions)).toEqual(times(30, 20));
    expect(decisions[0]?.reason).toBe('no outcomes since the last decision → target 20 held');
    expect(decisions[1]?.reason).toBe('healthy (error rate 0% ≤ 4%), at max 20 → target 20 held');
  });

  it('cuts within the tick of a breach, cools down, climbs back to the learned limit and probes to full', () => {
    // Act
    const decisions = replay(config, [...times(3, ok()), errors(0.5), ...times(20, ok())]);

    // Assert
    expectBounded(decisions);
    // prettier-ignore
    expect(targets(decisions)).toEqual([20, 20, 20, 10, 10, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 19, 19, 20, 20, 20, 20, 20, 20, 20]);
    expect(decisions[3]?.reason).toBe('error rate 50% > 5% → target 20 → 10');
    expect(decisions[3]).toMatchObject({ change: 'cut', completed: 500, failed: 500, errorRate: 0.5, ceiling: 19 });
    expect(decisions[4]?.reason).toBe(
      'cooling down after a change (1 more tick; 20 outcomes from the old target ignored) → target 10 held',
    );
    expect(decisions[15]?.reason).toBe(
      'healthy (error rate 0% ≤ 4%) at the learned limit 19 (1/3 healthy ticks before probing above it) → target 19 held',
    );
    expect(decisions[17]?.reason).toBe(
      'healthy (error rate 0% ≤ 4%) for 3 ticks at the learned limit 19: probing above it → target 19 → 20',
    );
  });

  it('is back to full within K healthy ticks of the breach (K = cool-down + climb + probe)', () => {
    // Prepare
    const k = config.cooldownTicks + (config.max - config.max * config.decrease) / config.increase + config.probeTicks;

    // Act
    const decisions = replay(config, [ok(), errors(0.3), ...times(k, ok())]);

    // Assert
    const fullAgain = decisions.findIndex((d, i) => i > 1 && d.target === 20);
    expect(decisions[1]?.change).toBe('cut');
    expect(fullAgain).toBeGreaterThan(1);
    expect(fullAgain - 1).toBeLessThanOrEqual(k);
  });

  it('recovers slowly while the error rate falls through the band', () => {
    // Prepare: a breach, then 20%, 10%, 4.5% (band), 3%, 1%...
    const series: Sample[] = [
      ok(),
      errors(0.4),
      errors(0.2),
      errors(0.2),
      errors(0.2),
      errors(0.1),
      errors(0.045),
      errors(0.045),
      ...times(6, errors(0.03)),
    ];

    // Act
    const decisions = replay(config, series);

    // Assert
    expectBounded(decisions);
    expect(targets(decisions)).toEqual([20, 10, 10, 10, 5, 5, 5, 5, 6, 7, 8, 9, 9, 9]);
    expect(decisions[7]?.reason).toBe('error rate 4.5% between 4% and 5% (hysteresis band) → target 5 held');
    expect(decisions[12]?.reason).toContain('at the learned limit 9');
  });

  it('never oscillates on a metric flapping inside the hysteresis band', () => {
    // Prepare: 4.2%, 4.9%, 4.1%, ... (between 4% and 5%)
    const series = Array.from({ length: 40 }, (_, i) => errors(i % 2 === 0 ? 0.042 : 0.049));

    // Act
    const decisions = replay(config, [ok(), ...series]);

    // Assert
    expect(targets(decisions)).toEqual(times(41, 20));
    expect(reversals(decisions)).toBe(0);
  });

  it('only ever cuts on a metric flapping across the upper threshold (4.5% / 5.5%): no raise in between', () => {
    // Act
    const decisions = replay(config, [ok(), ...Array.from({ length: 40 }, (_, i) => errors(i % 2 === 0 ? 0.045 : 0.055))]);

    // Assert
    expectBounded(decisions);
    expect(decisions.some((d) => d.change === 'raised')).toBe(false);
    expect(decisions.at(-1)?.target).toBe(config.min);
  });

  it('holds without data and judges a small sample only once enough outcomes add up', () => {
    // Act
    const decisions = replay(config, [
      ...times(5, {}),
      { completed: 2 },
      { completed: 1, failed: 1 },
      { completed: 2, failed: 1 },
      ...times(3, {}),
    ]);

    // Assert
    expect(targets(decisions)).toEqual([20, 20, 20, 20, 20, 20, 20, 10, 10, 10, 10]);
    expect(decisions[5]?.reason).toBe('only 2 outcomes since the last decision (need 5) → target 20 held');
    expect(decisions[7]).toMatchObject({ completed: 5, failed: 2, change: 'cut' });
  });

  it('steps back to the learned limit when a probe above it fails, and confirms a probe after 3 healthy ticks', () => {
    // Prepare: a breach at 20 (limit 19), the climb back, 3 ticks at 19, the probe to 20, then a breach.
    const climb = [ok(), errors(0.5), ...times(2, ok()), ...times(9, ok()), ...times(3, ok())];
    const failed = replay(config, [...climb, ...times(2, ok()), errors(0.2)]);
    const confirmed = replay(resolveAdaptiveConfig({ probe_ticks: 3, initial: 8 }, 'w', 20), [ok(), errors(0.5), ...times(30, ok())]);

    // Assert
    expect(failed.at(-1)?.reason).toBe('probe above the learned limit 19 failed: error rate 20% > 5% → target 20 → 19');
    expect(failed.at(-1)?.ceiling).toBe(19);
    const trial = confirmed.findIndex((d) => d.reason.includes('probe confirmed'));
    expect(confirmed[trial]?.reason).toBe('healthy (error rate 0% ≤ 4%): probe confirmed, the learned limit is now 8 → target 8 held');
    expect(confirmed.slice(trial - 2, trial).every((d) => d.reason.includes('while probing above the learned limit 7'))).toBe(true);
  });

  it('cuts at once on throttles, however few', () => {
    // Act
    const decisions = replay(config, [ok(), { throttled: 1 }]);

    // Assert
    expect(decisions[1]?.reason).toBe('1 throttled → target 20 → 10');
  });

  it('cuts on a p95 run time above p95_seconds, with the same hysteresis', () => {
    // Prepare
    const withP95 = resolveAdaptiveConfig({ p95_seconds: 10 }, 'w', 8);

    // Act
    const decisions = replay(withP95, [
      ok(),
      { completed: 20, runSeconds: 30 },
      ...times(2, ok()),
      { completed: 20, runSeconds: 10 },
      { completed: 20, runSeconds: 5 },
    ]);

    // Assert
    expect(targets(decisions)).toEqual([8, 4, 4, 4, 4, 5]);
    expect(decisions[1]?.reason).toBe('p95 30s > 10s → target 8 → 4');
    expect(decisions[4]?.reason).toBe('p95 10s between 8s and 10s (hysteresis band) → target 4 held');
    expect(decisions[5]?.reason).toBe('healthy (error rate 0% ≤ 4%, p95 5s ≤ 8s) → target 4 → 5');
  });

  it('lets a pinned max override the controller and the ecology budget cap the limit (the lower wins)', () => {
    // Act
    const decisions = replay(config, [
      ok(),
      errors(0.5),
      ...times(2, ok()),
      { ...ok(), pinnedMax: 3 },
      { ...ok(), ecologyBudget: 4 },
      { ...ok(), ecologyBudget: 20 },
    ]);

    // Assert
    expect(decisions[4]).toMatchObject({
      target: 10,
      limit: 3,
      change: 'held',
      reason: 'pinned max 3 overrides the controller → target 10 held',
    });
    expect(decisions[5]).toMatchObject({ target: 10, limit: 4, change: 'held' });
    expect(decisions[5]?.reason).toContain('health caps the budget at 4 (the lower wins)');
    expect(decisions[6]).toMatchObject({ target: 11, limit: 11, change: 'raised' });
  });

  it('never goes below min nor above max on random series (fuzz)', () => {
    // Prepare
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const bounded = resolveAdaptiveConfig({ min: 2, max: 12, decrease: 0.7, cooldown_ticks: 0 }, 'w', 15);

    // Act
    const series = Array.from(
      { length: 500 },
      (): Sample => ({ completed: Math.floor(random() * 10), failed: random() < 0.3 ? 1 : 0, throttled: random() < 0.05 ? 1 : 0 }),
    );
    const decisions = replay(bounded, series);

    // Assert
    for (const d of decisions) expect(d.target).toSatisfy((t: number) => t >= 2 && t <= 12);
  });
});
