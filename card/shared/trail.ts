/**
 * The trail behind a moving entity: its fixes of the last `trail` seconds, drawn as a few
 * polylines that fade with age. Ages are bucketed into a handful of opacity steps so a trail is
 * a few elements rather than one per fix, which keeps a hundred trails cheap to draw.
 */
import type { Point } from './geometry.ts';

export interface TrailFix {
  /** Milliseconds on the card's clock when the fix arrived. */
  at: number;
  point: Point;
  floor: string | null;
}

export interface TrailStroke {
  points: Point[];
  /** 1 for the newest part, towards 0 for the oldest. */
  opacity: number;
}

/** Opacity steps of a trail. */
export const TRAIL_LEVELS = 6;

/** The fixes with `fix` added and those older than the window dropped (a new array). */
export function addFix(fixes: readonly TrailFix[], fix: TrailFix, windowMs: number): TrailFix[] {
  const oldest = fix.at - windowMs;
  const kept = fixes.filter((f) => f.at >= oldest);
  kept.push(fix);
  return kept;
}

/**
 * The strokes to draw on `floor` at `now`: consecutive fixes on that floor joined, a segment's
 * opacity by the age of its older end, runs of one opacity merged. A segment between two floors
 * is not drawn.
 */
export function trailStrokes(fixes: readonly TrailFix[], floor: string, now: number, windowMs: number): TrailStroke[] {
  const strokes: TrailStroke[] = [];
  let current: TrailStroke | undefined;
  for (let i = 1; i < fixes.length; i++) {
    const a = fixes[i - 1]!;
    const b = fixes[i]!;
    const age = now - a.at;
    if (a.floor !== floor || b.floor !== floor || age > windowMs || windowMs <= 0) {
      current = undefined;
      continue;
    }
    const level = Math.min(TRAIL_LEVELS - 1, Math.floor((Math.max(0, age) / windowMs) * TRAIL_LEVELS));
    const opacity = 1 - level / TRAIL_LEVELS;
    if (current && current.opacity === opacity) {
      current.points.push(b.point);
    } else {
      current = { points: [a.point, b.point], opacity };
      strokes.push(current);
    }
  }
  return strokes;
}
