/** The heat map of positions: cells in plan metres and their colour on a perceptual scale. */
import type { StatsSummary } from '../../server/sinks/card/messages.ts';

export type HeatGrid = StatsSummary['heatmap'][number];

export interface HeatCell {
  /** The cell's corner with the least x and y, and its side, in plan metres. */
  x: number;
  y: number;
  size: number;
  count: number;
  /** 0 to 1 on the colour scale. */
  level: number;
}

/**
 * The cells with positions (empty ones stay transparent), row-major from the grid's origin:
 * count `row · columns + column` covers x from `origin.x + column · cell`, y from `origin.y + row · cell`.
 */
export function heatCells(grid: HeatGrid): HeatCell[] {
  const max = Math.max(0, ...grid.counts);
  const cells: HeatCell[] = [];
  grid.counts.forEach((count, i) => {
    if (count <= 0) return;
    const column = i % grid.columns;
    const row = Math.floor(i / grid.columns);
    if (row >= grid.rows) return;
    cells.push({ x: grid.origin[0] + column * grid.cell, y: grid.origin[1] + row * grid.cell, size: grid.cell, count, level: heatLevel(count, max) });
  });
  return cells;
}

/**
 * Where a count sits on the scale, logarithmically: a desk worked at all day has thousands of
 * positions and a hallway walked through a few dozen, and both should show.
 */
export function heatLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(1, Math.log1p(count) / Math.log1p(max));
}

/** Viridis (perceptually uniform, readable for colour-blind eyes, on light and dark cards), in nine stops. */
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 73, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [253, 231, 37],
];

/** The colour of a level from 0 (dark violet) to 1 (yellow). */
export function heatColour(level: number): string {
  const at = Math.min(1, Math.max(0, level)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(at));
  const f = at - i;
  const [a, b] = [VIRIDIS[i]!, VIRIDIS[i + 1]!];
  return `rgb(${a.map((v, k) => Math.round(v + (b[k]! - v) * f)).join(', ')})`;
}

/** The scale as a CSS gradient, for the legend. */
export function heatGradient(): string {
  return `linear-gradient(to right, ${VIRIDIS.map((c) => `rgb(${c.join(', ')})`).join(', ')})`;
}
