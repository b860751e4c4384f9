/** A floor's background image: its size in pixels, and where to put it before it is georeferenced. */
import type { Georeference, Point } from '../shared/geometry.ts';

export interface ImageSize {
  width: number;
  height: number;
}

const sizes = new Map<string, Promise<ImageSize>>();

/** The image's natural size (loaded once per URL); rejects when it cannot be loaded. */
export function imageSize(url: string): Promise<ImageSize> {
  let size = sizes.get(url);
  if (!size) {
    const image = new Image();
    image.src = url;
    size = image.decode().then(() => ({ width: image.naturalWidth, height: image.naturalHeight }));
    // A failed load is not remembered: the file may be uploaded a moment later.
    size.catch(() => sizes.delete(url));
    sizes.set(url, size);
  }
  return size;
}

/**
 * A first guess for a new image: its top-left corner on the plan's top-left and the whole plan
 * inside it, so it shows up where the user can then georeference it properly.
 */
export function fitImage(plan: readonly Point[], size: ImageSize): Georeference {
  if (plan.length === 0 || size.width === 0 || size.height === 0) return { origin: [0, 0], metres_per_pixel: 0.01 };
  const xs = plan.map((p) => p[0]);
  const ys = plan.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const metresPerPixel = Math.max((maxX - minX) / size.width, (maxY - minY) / size.height) || 0.01;
  // A guess: four significant digits keep the configuration readable.
  return { origin: [minX, maxY], metres_per_pixel: Number(metresPerPixel.toPrecision(4)) };
}
