import { describe, expect, it } from 'vitest';
import { addFix, TRAIL_LEVELS, type TrailFix, trailStrokes } from '../../../card/shared/trail.ts';

const fix = (at: number, x: number, floor: string | null = 'ground'): TrailFix => ({ at, point: [x, 0], floor });
const WINDOW = 30_000;

function walk(seconds: number, floor: (t: number) => string | null = () => 'ground'): TrailFix[] {
  let fixes: TrailFix[] = [];
  for (let t = 0; t <= seconds; t++) fixes = addFix(fixes, fix(t * 1000, t, floor(t)), WINDOW);
  return fixes;
}

describe('trail', () => {
  it('keeps the fixes of the last `trail` seconds only', () => {
    const fixes = walk(100);
    expect(fixes[0]!.at).toBe(70_000);
    expect(fixes.at(-1)!.at).toBe(100_000);
    expect(fixes).toHaveLength(31);
  });

  it('draws one continuous line whose opacity falls with age in a few steps', () => {
    const fixes = walk(40);
    const strokes = trailStrokes(fixes, 'ground', 40_000, WINDOW);
    expect(strokes.length).toBeLessThanOrEqual(TRAIL_LEVELS);
    // Oldest first, fading: each stroke more opaque than the one before, the newest fully.
    const opacities = strokes.map((s) => s.opacity);
    expect([...opacities].sort((a, b) => a - b)).toEqual(opacities);
    expect(opacities.at(-1)).toBe(1);
    expect(opacities[0]).toBeGreaterThan(0);
    // Consecutive strokes share their end point: no gaps in the line.
    for (let i = 1; i < strokes.length; i++) expect(strokes[i]!.points[0]).toEqual(strokes[i - 1]!.points.at(-1));
    expect(strokes.flatMap((s) => s.points.slice(1)).length + 1).toBe(fixes.length);
  });

  it('shows only the part on the floor on screen and never joins two floors', () => {
    const fixes = walk(20, (t) => (t < 10 ? 'ground' : 'first'));
    const ground = trailStrokes(fixes, 'ground', 20_000, WINDOW).flatMap((s) => s.points.map((p) => p[0]));
    const first = trailStrokes(fixes, 'first', 20_000, WINDOW).flatMap((s) => s.points.map((p) => p[0]));
    expect(Math.max(...ground)).toBe(9);
    expect(Math.min(...first)).toBe(10);
  });

  it('draws nothing when trails are off or the fixes are older than the window', () => {
    expect(trailStrokes(walk(10), 'ground', 10_000, 0)).toEqual([]);
    expect(trailStrokes(walk(10), 'ground', 60_000, WINDOW)).toEqual([]);
    expect(trailStrokes([fix(0, 0)], 'ground', 0, WINDOW)).toEqual([]);
  });
});
