/**
 * How much of a node's scatter around its fit persists at a spot (shadowing by walls, furniture and
 * bodies) rather than changing from sample to sample: the tracker needs it to report an honest
 * accuracy for a device that stays put (engine/shadowing.ts).
 */
import type { Vec3 } from '../config/types.ts';
import { median } from './median.ts';
import { BISQUARE_C, MAD_TO_SD } from './robust.ts';

/**
 * Samples within one cell this wide (m) count as taken at one spot: shadowing changes over about a
 * metre, so a walk-through of a few centimetres (or a ground truth's jitter) is still one spot.
 */
const SPOT_CELL = 0.2;
/** Fewer pairs of samples at a spot than this do not measure the share. */
const MIN_SPOT_PAIRS = 20;

/** The spot a sample was taken at. */
export function spotOf(truth: Vec3): string {
  return truth.map((v) => Math.round(v / SPOT_CELL)).join(',');
}

/**
 * The share of the residuals' variance that stays at a spot: one minus the variance that successive
 * samples at one spot differ by (half the variance of their difference) over their total variance.
 * Outliers (a body in the way) must not count as change at a spot: residuals beyond the fit's
 * bisquare reach of its `scale` are left out, like the fit leaves them out, and differences beyond
 * the same reach of their own robust spread. Variances rather than medians: RSSI comes in whole dB,
 * which makes a median of differences jump by whole steps, while the rounding adds about the same
 * 1/12 dB² to both variances. Null with fewer than MIN_SPOT_PAIRS pairs.
 */
export function persistentShare(residuals: readonly number[], spots: readonly string[], scale: number): number | null {
  const last = new Map<string, number>();
  const kept: number[] = [];
  const differences: number[] = [];
  residuals.forEach((residual, i) => {
    if (Math.abs(residual) > BISQUARE_C * scale) return;
    kept.push(residual);
    const spot = spots[i]!;
    const previous = last.get(spot);
    if (previous !== undefined) differences.push(Math.abs(residual - previous));
    last.set(spot, residual);
  });
  if (differences.length < MIN_SPOT_PAIRS) return null;
  const mean = kept.reduce((sum, r) => sum + r, 0) / kept.length;
  const total = kept.reduce((sum, r) => sum + (r - mean) ** 2, 0) / kept.length;
  if (!(total > 0)) return null;
  const reach = BISQUARE_C * MAD_TO_SD * median(differences);
  const inside = differences.filter((d) => d <= reach);
  const within = inside.reduce((sum, d) => sum + d * d, 0) / (2 * inside.length);
  return Math.min(1, Math.max(0, 1 - within / total));
}
