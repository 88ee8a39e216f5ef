import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../../../src/dashboard/source.js';
import { chartsSection } from '../../../src/dashboard/views/activity-sections.js';

const values = { queued: 1, running: 1, retrying: 0, dead: 0, completedPerSecond: 0, invokedPerSecond: 0 };
const point = (at: number, target?: number): SeriesPoint => ({
  at,
  labourers: { w: target === undefined ? values : { ...values, adaptiveTarget: target } },
});

describe('chartsSection', () => {
  it('draws the adaptive target when a labourer has one', () => {
    const html = chartsSection([point(1000, 3), point(2000, 5)], ['w'], 3000);
    expect(html).toContain('chart-adaptive');
    expect(html).toContain('Adaptive target');
  });

  it('draws no adaptive chart without adaptive labourers', () => {
    expect(chartsSection([point(1000), point(2000)], ['w'], 3000)).not.toContain('chart-adaptive');
  });
});
