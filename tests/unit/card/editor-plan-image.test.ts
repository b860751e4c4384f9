import { describe, expect, it } from 'vitest';
import { fitImage } from '../../../card/floorplan-presence-card/plan-image.ts';
import { apply, imageToPlan } from '../../../card/shared/geometry.ts';

describe('a new floor image before it is georeferenced', () => {
  const plan: [number, number][] = [[0, 0], [10, 0], [10, 8], [0, 8]];

  it('starts with its top-left corner on the plan’s and the whole plan inside it', () => {
    const geo = fitImage(plan, { width: 1000, height: 1000 });
    const toPlan = imageToPlan(geo);
    expect(apply(toPlan, [0, 0])).toEqual([0, 8]);
    // 10 m across 1000 px; the plan's 8 m depth fits in the image's height.
    expect(apply(toPlan, [1000, 800])).toEqual([10, 0]);
  });

  it('fits the dimension that needs it, so a wide image still holds a deep plan', () => {
    expect(fitImage(plan, { width: 4000, height: 400 })).toEqual({ origin: [0, 8], metres_per_pixel: 0.02 });
  });

  it('keeps a readable scale', () => {
    expect(fitImage(plan, { width: 3000, height: 3000 })).toEqual({ origin: [0, 8], metres_per_pixel: 0.003333 });
  });

  it('falls back to a centimetre per pixel at the origin for an empty floor', () => {
    expect(fitImage([], { width: 800, height: 600 })).toEqual({ origin: [0, 0], metres_per_pixel: 0.01 });
  });
});
