/**
 * The drift guard: figures of a run against the committed baseline. A figure is worse when it
 * exceeds its baseline by more than 5 % of the baseline plus a small absolute allowance, so that
 * a rate or a count at zero is still guarded (any flip over a baseline of none fails).
 */
import { COVERAGE_BAND, type RunResult } from './results.ts';

export const RELATIVE_TOLERANCE = 0.05;

/** Per figure: how it is made "higher is worse", and the absolute allowance on top of 5 %. */
const GUARDED: Record<string, { allowance: number; badness?: (value: number) => number }> = {
  median: { allowance: 0.001 },
  p90: { allowance: 0.001 },
  p95: { allowance: 0.001 },
  pooledP95: { allowance: 0.001 },
  // Rates: 0.2 percentage points, a few fixes of a run.
  wrongRoom: { allowance: 0.002 },
  wrongFloor: { allowance: 0.002 },
  // Room changes per true change: a flap more per 50 true changes.
  roomChanges: { allowance: 0.02 },
  floorFlips: { allowance: 0 },
  // Coverage is worse as it moves farther outside the honest band (by more than 5 % of itself);
  // anywhere inside the band is equally good.
  coverage: { allowance: 0.002, badness: (c) => Math.max(0, COVERAGE_BAND.min - c, c - COVERAGE_BAND.max) },
};

/** Run id → figure → value; null where a figure does not apply to the run. */
export type Baseline = Record<string, Record<string, number | null>>;

export interface Drift {
  run: string;
  figure: string;
  baseline: number;
  current: number | null;
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

export function baselineOf(runs: readonly RunResult[]): Baseline {
  return Object.fromEntries(
    runs.map((run) => {
      const figures: Record<string, number | null> = { ...run.figures, floorFlips: run.floorFlips };
      const guarded = Object.keys(GUARDED).map((name) => {
        const value = figures[name];
        return [name, value === null || value === undefined || !Number.isFinite(value) ? null : round(value)];
      });
      return [run.id, Object.fromEntries(guarded)];
    }),
  );
}

/** Whether `current` is worse than `baseline` beyond the tolerance of `figure`. */
export function isWorse(figure: string, baseline: number, current: number): boolean {
  const guard = GUARDED[figure];
  if (!guard) return false;
  const bad = guard.badness ?? ((v: number) => v);
  return bad(current) - bad(baseline) > RELATIVE_TOLERANCE * baseline + guard.allowance;
}

/** Every guarded figure that got worse, or vanished, since the baseline. */
export function compare(baseline: Baseline, current: Baseline): Drift[] {
  const drifts: Drift[] = [];
  for (const [run, figures] of Object.entries(baseline)) {
    for (const [figure, base] of Object.entries(figures)) {
      if (base === null) continue;
      const now = current[run]?.[figure] ?? null;
      if (now === null || isWorse(figure, base, now)) drifts.push({ run, figure, baseline: base, current: now });
    }
  }
  return drifts;
}
