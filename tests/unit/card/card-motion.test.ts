import { describe, expect, it } from 'vitest';
import { glideDone, glidePosition, glideTo, MAX_GLIDE_MS, MIN_GLIDE_MS } from '../../../card/shared/motion.ts';

describe('gliding between fixes', () => {
  it('shows the first fix at once', () => {
    const glide = glideTo(undefined, undefined, [2, 3], 1000);
    expect(glidePosition(glide, 1000)).toEqual([2, 3]);
    expect(glideDone(glide, 1000)).toBe(true);
  });

  it('moves from where the marker is to the new fix over the time between fixes, easing out', () => {
    const first = glideTo(undefined, undefined, [0, 0], 0);
    const glide = glideTo(first, 0, [10, 0], 1000);
    expect(glide.duration).toBe(1000);
    expect(glidePosition(glide, 1000)).toEqual([0, 0]);
    // Ease-out: more than half the way at half the time, never past the fix.
    const half = glidePosition(glide, 1500)[0];
    expect(half).toBeGreaterThan(5);
    expect(half).toBeLessThan(10);
    expect(glideDone(glide, 1999)).toBe(false);
    expect(glidePosition(glide, 2000)).toEqual([10, 0]);
    expect(glidePosition(glide, 5000)).toEqual([10, 0]);
    expect(glideDone(glide, 2000)).toBe(true);
  });

  it('continues from the displayed position when a fix arrives mid-glide, without a jump', () => {
    const first = glideTo(glideTo(undefined, undefined, [0, 0], 0), 0, [10, 0], 1000);
    const shown = glidePosition(first, 1400);
    const next = glideTo(first, 1000, [10, 10], 1400);
    expect(glidePosition(next, 1400)).toEqual(shown);
    expect(glidePosition(next, 1400 + next.duration)).toEqual([10, 10]);
  });

  it('keeps glides between 0.3 s and 2 s however far apart the fixes are', () => {
    const start = glideTo(undefined, undefined, [0, 0], 0);
    expect(glideTo(start, 0, [1, 1], 50).duration).toBe(MIN_GLIDE_MS);
    expect(glideTo(start, 0, [1, 1], 60_000).duration).toBe(MAX_GLIDE_MS);
    expect(MIN_GLIDE_MS).toBe(300);
    expect(MAX_GLIDE_MS).toBe(2000);
  });
});
