import { describe, expect, it } from 'vitest';
import { compare, isWorse, type Baseline } from '../../bench/accuracy/drift.ts';

describe('drift guard', () => {
  it('flags an error figure more than 5% worse, not one 4% worse or better', () => {
    expect(isWorse('median', 1, 1.06)).toBe(true);
    expect(isWorse('median', 1, 1.04)).toBe(false);
    expect(isWorse('p95', 2, 1.5)).toBe(false);
  });

  it('guards rates and counts at zero with a small absolute allowance', () => {
    expect(isWorse('wrongRoom', 0, 0.001)).toBe(false);
    expect(isWorse('wrongRoom', 0, 0.01)).toBe(true);
    expect(isWorse('wrongRoom', 0.2, 0.208)).toBe(false);
    expect(isWorse('wrongRoom', 0.2, 0.22)).toBe(true);
    expect(isWorse('floorFlips', 0, 1)).toBe(true);
  });

  it('treats the 1-sigma coverage as worse only outside the honest band', () => {
    expect(isWorse('coverage', 0.7, 0.56)).toBe(false);
    expect(isWorse('coverage', 0.6, 0.79)).toBe(false);
    expect(isWorse('coverage', 0.7, 0.5)).toBe(true);
    // Already 5 points out: 1 more is under 5% of 85%, 5 more is not.
    expect(isWorse('coverage', 0.85, 0.86)).toBe(false);
    expect(isWorse('coverage', 0.85, 0.9)).toBe(true);
  });

  it('lists each worse or vanished figure of each run', () => {
    const baseline: Baseline = { a: { median: 1, p95: 2, wrongFloor: null }, b: { median: 1 } };
    const current: Baseline = { a: { median: 1.04, p95: 2.2, wrongFloor: 0.5 } };
    expect(compare(baseline, current)).toEqual([
      { run: 'a', figure: 'p95', baseline: 2, current: 2.2 },
      { run: 'b', figure: 'median', baseline: 1, current: null },
    ]);
  });
});
