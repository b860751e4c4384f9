/**
 * Robust straight-line fit y = intercept + slope·x by iteratively reweighted least squares.
 * Radio calibration data has one-sided outliers (a body or a door between tag and scanner costs
 * 10–25 dB), which drag ordinary least squares. Huber weights first (a convex problem, so the
 * start does not matter), then Tukey's bisquare from there, which gives gross outliers no weight
 * at all. The scale is re-estimated (from the median absolute residual) on every iteration.
 */

export interface RobustFit {
  intercept: number;
  slope: number;
  /**
   * Robust standard deviation of the residuals: 1.4826 × their median absolute value, i.e. the
   * standard deviation of their Gaussian core.
   */
  scale: number;
  /** Approximate standard error of the slope; NaN when the slope was given. */
  slopeError: number;
}

export interface RobustOptions {
  /** Fix the slope and fit the intercept only (a robust location estimate of y − slope·x). */
  slope?: number;
  /** Lower bound of the scale: exact or quantised data must not make every residual an outlier. */
  minScale: number;
}

const HUBER_K = 1.345;
/**
 * Tighter than the textbook 4.685 (95 % Gaussian efficiency): outliers only 3 to 6 σ out are
 * common here, and at 4.685 they keep enough weight to bias ref_power by about σ/5. At 3.0 the
 * bias is about σ/25 for 15 % such outliers, for 77 % efficiency on clean data.
 */
export const BISQUARE_C = 3.0;
/** Median absolute deviation → standard deviation for Gaussian data. */
export const MAD_TO_SD = 1.4826;
const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-10;

export function robustLine(x: readonly number[], y: readonly number[], options: RobustOptions): RobustFit {
  const n = x.length;
  if (n === 0 || y.length !== n) throw new Error('robustLine needs equally many x and y, at least one');
  const weights = new Array<number>(n).fill(1);
  let fit = weightedLine(x, y, weights, options.slope);

  const iterate = (weight: (u: number) => number): void => {
    for (let it = 0; it < MAX_ITERATIONS; it++) {
      const residuals = x.map((xi, i) => (y[i] as number) - fit.intercept - fit.slope * xi);
      const scale = madScale(residuals, options.minScale);
      residuals.forEach((r, i) => (weights[i] = weight(r / scale)));
      const next = weightedLine(x, y, weights, options.slope);
      // Every weight zero (impossible: half the residuals are within 1.5 scales): keep the last fit.
      if (!Number.isFinite(next.intercept) || !Number.isFinite(next.slope)) break;
      const moved = Math.abs(next.intercept - fit.intercept) + Math.abs(next.slope - fit.slope);
      fit = next;
      if (moved <= TOLERANCE * (1 + Math.abs(fit.intercept) + Math.abs(fit.slope))) break;
    }
  };
  iterate((u) => Math.min(1, HUBER_K / Math.abs(u)));
  iterate((u) => (Math.abs(u) < BISQUARE_C ? (1 - (u / BISQUARE_C) ** 2) ** 2 : 0));

  const residuals = x.map((xi, i) => (y[i] as number) - fit.intercept - fit.slope * xi);
  const sigma = madScale(residuals, options.minScale);
  return {
    intercept: fit.intercept,
    slope: fit.slope,
    scale: sigma,
    slopeError: options.slope === undefined ? sigma / Math.sqrt(fit.sxx) : NaN,
  };
}

/** Robust location and scale of `values`: the line fit with slope 0. */
export function robustLocation(values: readonly number[], minScale: number): { location: number; scale: number } {
  const { intercept, scale } = robustLine(
    values.map(() => 0),
    values,
    { slope: 0, minScale },
  );
  return { location: intercept, scale };
}

/** Weighted least squares; `sxx` is the weighted spread of x that determines the slope. */
function weightedLine(
  x: readonly number[],
  y: readonly number[],
  w: readonly number[],
  fixedSlope: number | undefined,
): { intercept: number; slope: number; sxx: number } {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  x.forEach((xi, i) => {
    const wi = w[i] as number;
    sw += wi;
    sx += wi * xi;
    sy += wi * (y[i] as number);
  });
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0;
  let sxy = 0;
  x.forEach((xi, i) => {
    const wi = w[i] as number;
    sxx += wi * (xi - mx) ** 2;
    sxy += wi * (xi - mx) * ((y[i] as number) - my);
  });
  const slope = fixedSlope ?? sxy / sxx;
  return { intercept: my - slope * mx, slope, sxx };
}

function madScale(residuals: readonly number[], minScale: number): number {
  const abs = residuals.map(Math.abs).sort((a, b) => a - b);
  const mid = abs.length >> 1;
  const median = abs.length % 2 === 1 ? (abs[mid] as number) : ((abs[mid - 1] as number) + (abs[mid] as number)) / 2;
  return Math.max(MAD_TO_SD * median, minScale);
}
