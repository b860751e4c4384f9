/**
 * The consider covariance of shadowing: how much of a fix's uncertainty the filter may average
 * away when part of the range noise persists at a spot.
 */
import { describe, expect, it } from 'vitest';
import { SHADOWING_DECORRELATION_DISTANCE, considerVariance, fixVariance } from '../../../server/engine/shadowing.ts';
import { ACCELERATION_NOISE } from '../../../server/engine/motion.ts';
import type { RangeObservation } from '../../../server/engine/solver.ts';

const node = (key: string, x: number, y: number, sigma = 0.2): RangeObservation => ({ key, x, y, z: 1, distance: 1, sigma });

describe('shadowing: the variance of one fix', () => {
  it('is the first-order variance of ln-range fixes: sigma times range per direction', () => {
    // Two nodes 4 m away along x and along y: each fixes its own axis to sigma * range.
    const variance = fixVariance([node('a', -4, 0), node('b', 0, -4)], 0, 0, 1);
    expect(variance).toBeCloseTo(2 * (0.2 * 4) ** 2, 1);
  });

  it('is infinite when the ranges fix only one direction', () => {
    expect(fixVariance([node('a', -4, 0), node('b', 4, 0)], 0, 0, 1)).toBe(Infinity);
    expect(fixVariance([node('a', -4, 0)], 0, 0, 1)).toBe(Infinity);
  });
});

describe('shadowing: the consider variance', () => {
  const still = { filterVariance: 0.1, averaged: 10, speed: 0 };

  it('is the filter’s own variance when no noise persists, or nothing has been averaged yet', () => {
    expect(considerVariance({ ...still, share: 0 })).toBe(0.1);
    expect(considerVariance({ ...still, share: 0.7, averaged: 1 })).toBe(0.1);
    expect(considerVariance({ ...still, share: 0.7, averaged: Infinity })).toBe(0.1);
  });

  it('keeps the persistent share of a lone fix for a device standing still', () => {
    // Ten fixes averaged: variance 0.1 as if independent, so one fix has 1.0, of which 0.7 persists.
    expect(considerVariance({ ...still, share: 0.7 })).toBeCloseTo(0.7 * 1.0 + 0.3 * 0.1, 10);
  });

  it('lets a moving device average the shadowing away, the more the farther it moves', () => {
    const at = (speed: number) => considerVariance({ ...still, share: 0.7, speed });
    expect(at(0.05)).toBeLessThan(at(0));
    expect(at(0.5)).toBeLessThan(at(0.05));
    // The estimate rests on the last (3 P / q)^(1/3) seconds, P = 0.05 m² per axis: at the speed
    // that covers one decorrelation distance a second, as many distances as those seconds.
    const memory = Math.cbrt((3 * 0.05) / ACCELERATION_NOISE);
    expect(at(SHADOWING_DECORRELATION_DISTANCE)).toBeCloseTo(0.1 * (1 + (0.7 / (1 + memory)) * 9), 10);
    expect(at(1000)).toBeCloseTo(0.1, 2);
  });
});
