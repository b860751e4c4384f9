/**
 * Error statistics of one run. A run is scored per seed (each seed a full pass over its track),
 * and its headline figures are the median over seeds of each per-seed statistic, so that one
 * unlucky seed moves them little; rates and the 1-sigma coverage are pooled over all fixes.
 */

/** How one fix compares with the truth at its time. */
export interface ScoredFix {
  /** Horizontal distance from the true position, metres; null when the engine gave no position. */
  error: number | null;
  /** The fix's 1-sigma horizontal radius (Fix.accuracy). */
  accuracy: number | null;
  /** Null where the run has no room truth to compare with (outside every room, on the stairs). */
  wrongRoom: boolean | null;
  /** Wrong because the fix is in no room at all (outside every outline); null like wrongRoom. */
  roomless: boolean | null;
  /** The fix's room and the true one, where there is a true one (null like wrongRoom). */
  rooms: { fix: string | null; truth: string } | null;
  /** Null where floor truth does not apply (single-floor runs, on the stairs). */
  wrongFloor: boolean | null;
}

export interface Figures {
  median: number;
  p90: number;
  p95: number;
  /** 95th percentile of all fixes of all seeds together. */
  pooledP95: number;
  /** Shares in [0, 1]; null when no fix of the run had that truth. */
  wrongRoom: number | null;
  /** The part of wrongRoom where the fix lies outside every room. */
  roomless: number | null;
  /**
   * How often the reported room changed, over how often the true room did, along each seed's
   * fixes that have a true room: above 1, the excess is flapping. Null without a true change.
   */
  roomChanges: number | null;
  wrongFloor: number | null;
  /** Share of positioned fixes whose true position lies within their 1-sigma radius. */
  coverage: number;
  /** Positioned fixes scored, over all seeds. */
  n: number;
  /** Fixes without a position (not in n). */
  missing: number;
}

/**
 * Percentile p (0..100) by linear interpolation between order statistics (NumPy's default), so
 * that small samples give the same figure as the usual tools. NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Share of fixes whose error is within their reported 1-sigma radius (fixes without both are skipped). */
export function coverage(fixes: readonly ScoredFix[]): number {
  let inside = 0;
  let total = 0;
  for (const { error, accuracy } of fixes) {
    if (error === null || accuracy === null) continue;
    total++;
    if (error <= accuracy) inside++;
  }
  return total === 0 ? NaN : inside / total;
}

/** Share of true flags among the non-null ones; null when all are null. */
function rate(flags: readonly (boolean | null)[]): number | null {
  let hits = 0;
  let total = 0;
  for (const flag of flags) {
    if (flag === null) continue;
    total++;
    if (flag) hits++;
  }
  return total === 0 ? null : hits / total;
}

/** Room changes of the fixes and of the truth, along fixes that have a true room. */
function roomChanges(fixes: readonly ScoredFix[]): { reported: number; true: number } {
  let reported = 0;
  let actual = 0;
  let previous: { fix: string | null; truth: string } | null = null;
  for (const { rooms } of fixes) {
    if (rooms === null) continue;
    if (previous !== null) {
      if (rooms.fix !== previous.fix) reported++;
      if (rooms.truth !== previous.truth) actual++;
    }
    previous = rooms;
  }
  return { reported, true: actual };
}

/** The figures of a run from its scored fixes, one list per seed. */
export function summarise(perSeed: readonly (readonly ScoredFix[])[]): Figures {
  const all = perSeed.flat();
  const errorsOf = (fixes: readonly ScoredFix[]): number[] => fixes.flatMap((f) => (f.error === null ? [] : [f.error]));
  const seedErrors = perSeed.map(errorsOf).filter((errors) => errors.length > 0);
  const overSeeds = (p: number): number => median(seedErrors.map((errors) => percentile(errors, p)));
  const pooled = errorsOf(all);
  const changes = perSeed.map(roomChanges);
  const trueChanges = changes.reduce((sum, c) => sum + c.true, 0);
  return {
    median: overSeeds(50),
    p90: overSeeds(90),
    p95: overSeeds(95),
    pooledP95: percentile(pooled, 95),
    wrongRoom: rate(all.map((f) => f.wrongRoom)),
    roomless: rate(all.map((f) => f.roomless)),
    roomChanges: trueChanges === 0 ? null : changes.reduce((sum, c) => sum + c.reported, 0) / trueChanges,
    wrongFloor: rate(all.map((f) => f.wrongFloor)),
    coverage: coverage(all),
    n: pooled.length,
    missing: all.length - pooled.length,
  };
}
