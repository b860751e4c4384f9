import { describe, expect, it } from 'vitest';
import { apply, type Box, centroid, compose, type Georeference, imageToPlan, invert, labelDrop, middleInside, planToView, type Point } from '../../../card/shared/geometry.ts';
import { distanceToEdges, pointInPolygon } from '../../../server/engine/geometry.ts';

const close = (p: Point) => [expect.closeTo(p[0], 9), expect.closeTo(p[1], 9)];

describe('plan geometry', () => {
  it('puts the plan upright on screen: north (plan +y) up, east (+x) right', () => {
    const view = planToView(0);
    expect(apply(view, [3, 0])).toEqual(close([3, 0]));
    expect(apply(view, [0, 2])).toEqual(close([0, -2]));
  });

  it('turns the plan clockwise on screen by `rotation` degrees', () => {
    // Turned 90° clockwise, plan north points right on screen and east points down.
    const view = planToView(90);
    expect(apply(view, [0, 1])).toEqual(close([1, 0]));
    expect(apply(view, [1, 0])).toEqual(close([0, 1]));
    const back = invert(view);
    expect(apply(back, apply(view, [4.2, -1.3]))).toEqual(close([4.2, -1.3]));
  });

  it('places an image by two reference points: both land on their metres, pixel y running down', () => {
    const geo: Georeference = { points: [{ pixel: [100, 50], metres: [0, 8] }, { pixel: [1100, 850], metres: [10, 0] }] };
    const m = imageToPlan(geo);
    expect(apply(m, [100, 50])).toEqual(close([0, 8]));
    expect(apply(m, [1100, 850])).toEqual(close([10, 0]));
    // One pixel is 1 cm both ways, image down is plan south.
    expect(apply(m, [600, 450])).toEqual(close([5, 4]));
    expect(apply(invert(m), [5, 4])).toEqual(close([600, 450]));
  });

  it('places an image by its origin and pixel size, turned counter-clockwise', () => {
    const m = imageToPlan({ origin: [1, 9], metres_per_pixel: 0.02 });
    expect(apply(m, [0, 0])).toEqual(close([1, 9]));
    expect(apply(m, [50, 100])).toEqual(close([2, 7]));
    const turned = imageToPlan({ origin: [0, 0], metres_per_pixel: 0.01, rotation: 90 });
    // The image's x axis (east when unturned) now points north.
    expect(apply(turned, [100, 0])).toEqual(close([0, 1]));
    expect(apply(invert(turned), [0, 1])).toEqual(close([100, 0]));
  });

  it('agrees between the two forms for the same placement', () => {
    const origin = imageToPlan({ origin: [2, 10], metres_per_pixel: 0.05, rotation: 30 });
    const a: Point = [0, 0];
    const b: Point = [400, 300];
    const points = imageToPlan({ points: [{ pixel: a, metres: apply(origin, a) }, { pixel: b, metres: apply(origin, b) }] });
    for (const p of [[123, 456], [-50, 20]] as Point[]) expect(apply(points, p)).toEqual(close(apply(origin, p)));
  });

  it('draws an image on screen where its pixels lie on the plan, at any rotation', () => {
    const geo: Georeference = { origin: [0, 8], metres_per_pixel: 0.01 };
    for (const rotation of [0, 90, 33]) {
      const view = planToView(rotation);
      const imageOnScreen = compose(view, imageToPlan(geo));
      expect(apply(imageOnScreen, [1000, 800])).toEqual(close(apply(view, [10, 0])));
    }
  });

  it('finds a room’s middle inside it: the centroid of a convex room, else the middle of its widest stretch', () => {
    const square: Point[] = [[0, 0], [4, 0], [4, 3], [0, 3]];
    expect(middleInside(square)).toEqual(close([2, 1.5]));
    // An L whose centroid lies in the notch: a thin bar along the bottom and one up the left.
    const ell: Point[] = [[0, 0], [6, 0], [6, 0.5], [0.5, 0.5], [0.5, 6], [0, 6]];
    const [cx, cy] = centroid(ell);
    expect(pointInPolygon(cx, cy, ell)).toBe(false);
    const [x, y] = middleInside(ell);
    expect(pointInPolygon(x, y, ell)).toBe(true);
    // Half way across the bar it crosses, on the centroid's line.
    expect([x, y]).toEqual(close([0.25, cy]));
    expect(distanceToEdges(x, y, ell)).toBeCloseTo(0.25, 9);
  });

  it('moves a room label down just clear of the icons in its way, and leaves it where nothing is', () => {
    const label = { width: 70, height: 14 };
    const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const labelAt = (drop: number): Box => ({ x: -35, y: drop - 7, width: 70, height: 14 });
    // A ceiling light right on the label's anchor, a second one under it, one far off.
    const light: Box = { x: -10, y: -10, width: 20, height: 20 };
    const below: Box = { x: 20, y: 12, width: 20, height: 20 };
    const farOff: Box = { x: 200, y: 0, width: 20, height: 20 };
    expect(labelDrop(label, [farOff])).toBe(0);
    expect(labelDrop(label, [])).toBe(0);
    const drop = labelDrop(label, [below, light, farOff]);
    for (const box of [light, below]) expect(overlaps(labelAt(drop), box)).toBe(false);
    // Just below the lower one, not pushed further than the gap.
    expect(drop).toBeGreaterThanOrEqual(32 + 7);
    expect(drop).toBeLessThan(32 + 7 + 5);
    // An icon beside the label's end, not under its text, leaves it alone.
    expect(labelDrop(label, [{ x: 36, y: -10, width: 20, height: 20 }])).toBe(0);
  });
});
