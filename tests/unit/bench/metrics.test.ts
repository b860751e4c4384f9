import { describe, expect, it } from 'vitest';
import { coverage, median, percentile, summarise, type ScoredFix } from '../../bench/accuracy/metrics.ts';

const fix = (error: number | null, accuracy: number | null = 1, wrongRoom: boolean | null = null): ScoredFix => ({
  error,
  accuracy,
  wrongRoom,
  roomless: wrongRoom === null ? null : false,
  rooms: null,
  wrongFloor: null,
});

/** A fix in room `fix` while the device is in room `truth`. */
const inRoom = (fix: string | null, truth: string): ScoredFix => ({
  error: 0,
  accuracy: 1,
  wrongRoom: fix !== truth,
  roomless: fix === null,
  rooms: { fix, truth },
  wrongFloor: null,
});

describe('percentile', () => {
  it('interpolates linearly between order statistics, whatever the input order', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    // rank 0.9 * 4 = 3.6: 4 + 0.6 * (5 - 4)
    expect(percentile([5, 3, 1, 4, 2], 90)).toBeCloseTo(4.6, 12);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([1, 2, 3], 100)).toBe(3);
    expect(percentile([7], 95)).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(percentile([], 50)).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('coverage', () => {
  it('counts an error equal to the radius as inside, and skips fixes without a position', () => {
    expect(coverage([fix(0.5), fix(1), fix(2), fix(null), fix(0.1, null)])).toBeCloseTo(2 / 3, 12);
    expect(coverage([])).toBeNaN();
  });
});

describe('summarise', () => {
  it('takes the median over seeds of per-seed figures and pools the rates', () => {
    const figures = summarise([
      [fix(1, 1, false), fix(2, 1, true), fix(3, 1, false)],
      [fix(10, 1, false), fix(20, 1, false), fix(30, 1, false), fix(40, 1, null)],
      [fix(4, 5, false), fix(null)],
    ]);
    // Per-seed medians 2, 25 and 4.
    expect(figures.median).toBe(4);
    // Per-seed p90: 2.8, 37 and 4.
    expect(figures.p90).toBeCloseTo(4, 12);
    expect(figures.wrongRoom).toBeCloseTo(1 / 7, 12);
    expect(figures.wrongFloor).toBeNull();
    // Within radius: 1 (of 1..3), and 4 (radius 5).
    expect(figures.coverage).toBeCloseTo(2 / 8, 12);
    expect(figures.n).toBe(8);
    expect(figures.missing).toBe(1);
  });
});

describe('room changes', () => {
  it('counts the reported room’s changes over the true room’s, per seed, skipping fixes without a true room', () => {
    const figures = summarise([
      // One true change (a → b); reported a, b, a, b: three changes, two of them flaps.
      [inRoom('a', 'a'), inRoom('b', 'a'), fix(1), inRoom('a', 'b'), inRoom('b', 'b')],
      // One true change reported once, late; the seed boundary is no change.
      [inRoom('b', 'a'), inRoom('b', 'b'), inRoom('a', 'b'), inRoom('a', 'b')],
    ]);
    expect(figures.roomChanges).toBe((3 + 1) / 2);
    expect(summarise([[inRoom('a', 'a'), inRoom('b', 'a')]]).roomChanges).toBeNull();
  });
});
