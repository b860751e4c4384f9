/** What a run reports, shared by the runs, the table and the drift guard. */
import type { Figures } from './metrics.ts';

/** A figure that must not exceed `max`. */
export interface Target {
  figure: 'median' | 'p90' | 'p95' | 'wrongRoom' | 'floorFlips';
  max: number;
}

export interface RunResult {
  /** Stable key of the baseline. */
  id: string;
  label: string;
  seeds: number;
  figures: Figures;
  /** House walk only: see house.ts. */
  floorFlips: number | null;
  targets: Target[];
  /** Published figures to compare with, as text. */
  reference: string;
}

/** The 1-sigma radius is honest when this share of true positions lies inside it. */
export const COVERAGE_BAND = { min: 0.55, max: 0.8 } as const;
