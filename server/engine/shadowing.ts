/**
 * Shadowing: much of a node's range error at a spot stays while the device stays there (walls,
 * furniture and bodies in the path), and changes only as the device moves about a metre. The
 * tracker's filter treats readings as independent. That is right for the estimate, which cannot
 * tell a persistent error from the position, but it lets the filter's covariance shrink as if
 * persistent errors averaged out. The covariance reported is that of a Schmidt ("consider")
 * filter: the errors' persistent share is left out of the averaging, as far as the device has
 * stayed within the decorrelation distance over the filter's memory.
 */
import { ACCELERATION_NOISE } from './motion.ts';
import { MIN_RANGE, type RangeObservation } from './solver.ts';

/**
 * Indoors, shadowing decorrelates over about a metre (a person's width and the spacing of
 * furniture). On the Kolakowski recording a node's log-range errors correlate 0.65 at 0.07 m apart,
 * 0.43 at 0.6 m and 0.12 at 1.5 m.
 */
export const SHADOWING_DECORRELATION_DISTANCE = 1.0;

/**
 * The horizontal variance (trace of the covariance, m^2) of a fix from these ranges alone at
 * (x, y, z), to first order: what one full set of readings tells about the position.
 * Infinity when they do not fix it (fewer than two directions).
 */
export function fixVariance(observations: readonly RangeObservation[], x: number, y: number, z: number): number {
  let i00 = 0;
  let i01 = 0;
  let i11 = 0;
  for (const o of observations) {
    const dx = x - o.x;
    const dy = y - o.y;
    const dz = z - o.z;
    const rho2 = dx * dx + dy * dy + dz * dz + MIN_RANGE * MIN_RANGE;
    // The gradient of ln(range) is (p - n) / rho^2, over sigma.
    const w = 1 / (o.sigma * o.sigma * rho2 * rho2);
    i00 += w * dx * dx;
    i01 += w * dx * dy;
    i11 += w * dy * dy;
  }
  const det = i00 * i11 - i01 * i01;
  return det > 1e-12 * (i00 + i11) ** 2 ? (i00 + i11) / det : Infinity;
}

export interface ConsiderInputs {
  /** The filter's position variance (trace, m^2). */
  filterVariance: number;
  /**
   * How many lone fixes' worth of readings the filter has averaged: by how much it has narrowed
   * the variance of a fix from all current ranges, relative to a track's start (at least 1).
   */
  averaged: number;
  /** The share of the range noise's variance that persists at a spot, 0 to 1. */
  share: number;
  /** The device's speed, m/s. */
  speed: number;
}

/**
 * The honest horizontal variance of the filter's estimate. The estimate rests on the readings of
 * the last (3 P / q)^(1/3) seconds, P its variance per axis and q the acceleration noise: before
 * that, the speed changes the motion model allows add more uncertainty than the estimate has.
 * Shadowing with exponential correlation over distance, under that exponential memory, keeps the
 * fraction 1 / (1 + moved / decorrelation distance) of its variance: that much of the persistent
 * share stays as large as in one fix, the rest averages out as the filter assumes.
 */
export function considerVariance({ filterVariance, averaged, share, speed }: ConsiderInputs): number {
  // Infinite or undefined when the current ranges alone do not fix the position: nothing to add.
  if (!(averaged > 1 && averaged < Infinity) || share <= 0) return filterVariance;
  const memory = Math.cbrt((3 * (filterVariance / 2)) / ACCELERATION_NOISE);
  const kept = share / (1 + (speed * memory) / SHADOWING_DECORRELATION_DISTANCE);
  return filterVariance * (1 + kept * (averaged - 1));
}
