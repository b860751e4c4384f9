/**
 * Plan metres ↔ drawing units. The plan is in metres with y pointing away from the viewer (up on
 * screen); SVG's y points down. Every point is projected in script rather than through nested SVG
 * transforms, so labels are never mirrored and pointer positions convert with one inverse.
 */

export type Point = [number, number];

/** An affine map as SVG's matrix(a b c d e f): x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Affine = [number, number, number, number, number, number];

export function apply(m: Affine, [x, y]: Point): Point {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** `outer ∘ inner`: apply `inner` first. */
export function compose(outer: Affine, inner: Affine): Affine {
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f];
}

export function invert([a, b, c, d, e, f]: Affine): Affine {
  const det = a * d - b * c;
  if (det === 0) throw new Error('transform is not invertible');
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

/** Plan metres → view units (still metres): y flipped, then turned clockwise on screen by `degrees`. */
export function planToView(degrees: number): Affine {
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  // rotate(degrees) ∘ scale(1, -1)
  return [cos, sin, sin, -cos, 0, 0];
}

/** Where an image's pixels lie on the plan. */
export type Georeference =
  /** Two pixels and the plan metres they show. */
  | { points: [{ pixel: Point; metres: Point }, { pixel: Point; metres: Point }] }
  /** The metres of the image's top-left corner, the size of a pixel, and a counter-clockwise turn. */
  | { origin: Point; metres_per_pixel: number; rotation?: number };

/**
 * Image pixels (x right, y down) → plan metres. Two reference points fix scale, rotation and
 * offset (a similarity; pixel y runs against plan y, hence the reflection).
 */
export function imageToPlan(geo: Georeference): Affine {
  if ('points' in geo) {
    const [p1, p2] = geo.points;
    // In complex numbers: z = A·w + B with w = u − i·v (pixel, reflected) and z = x + i·y (metres).
    const w1: Point = [p1.pixel[0], -p1.pixel[1]];
    const w2: Point = [p2.pixel[0], -p2.pixel[1]];
    const dw: Point = [w2[0] - w1[0], w2[1] - w1[1]];
    const dz: Point = [p2.metres[0] - p1.metres[0], p2.metres[1] - p1.metres[1]];
    const norm = dw[0] * dw[0] + dw[1] * dw[1];
    if (norm === 0) throw new Error('the two reference pixels must differ');
    const re = (dz[0] * dw[0] + dz[1] * dw[1]) / norm;
    const im = (dz[1] * dw[0] - dz[0] * dw[1]) / norm;
    const e = p1.metres[0] - (re * w1[0] - im * w1[1]);
    const f = p1.metres[1] - (re * w1[1] + im * w1[0]);
    return [re, im, im, -re, e, f];
  }
  const s = geo.metres_per_pixel;
  const rad = ((geo.rotation ?? 0) * Math.PI) / 180;
  return [s * Math.cos(rad), s * Math.sin(rad), s * Math.sin(rad), -s * Math.cos(rad), geo.origin[0], geo.origin[1]];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box around the points after `transform`, grown by `margin` on every side. */
export function boundingBox(points: readonly Point[], transform: Affine, margin: number): Box {
  if (points.length === 0) return { x: -margin, y: -margin, width: 2 * margin, height: 2 * margin };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    const [x, y] = apply(transform, p);
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { x: minX - margin, y: minY - margin, width: maxX - minX + 2 * margin, height: maxY - minY + 2 * margin };
}

/** Rounds to the nearest multiple of `step` (no snapping when step is 0). */
export function snap(value: number, step: number): number {
  return step > 0 ? Math.round(value / step) * step : value;
}

/** The area-weighted centre of a simple polygon (its vertex mean when it has no area). */
export function centroid(polygon: readonly Point[]): Point {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i]!;
    const [x1, y1] = polygon[(i + 1) % polygon.length]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(area) < 1e-12) {
    const n = polygon.length || 1;
    return [polygon.reduce((s, p) => s + p[0], 0) / n, polygon.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * area), cy / (3 * area)];
}

/**
 * A point inside a simple polygon, near its middle: the centroid when it lies inside, else the
 * middle of the polygon's widest stretch along the horizontal line through the centroid (an
 * L-shaped room's centroid can fall outside the room).
 */
export function middleInside(polygon: readonly Point[]): Point {
  const [cx, cy] = centroid(polygon);
  // Where the polygon's edges cross that line; half-open in y, so a vertex on it counts once.
  const crossings: number[] = [];
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > cy !== yj > cy) crossings.push(xi + ((cy - yi) * (xj - xi)) / (yj - yi));
  }
  crossings.sort((a, b) => a - b);
  let middle: Point = [cx, cy];
  let widest = -1;
  // Even-odd: the stretches inside run from each crossing to the next.
  for (let k = 0; k + 1 < crossings.length; k += 2) {
    const from = crossings[k]!;
    const to = crossings[k + 1]!;
    if (cx >= from && cx <= to) return [cx, cy];
    if (to - from > widest) {
      widest = to - from;
      middle = [(from + to) / 2, cy];
    }
  }
  return middle;
}

/** CSS pixels kept between a moved label and what it moved away from. */
const LABEL_GAP = 2;

/**
 * How far down, in CSS pixels, a label of `size` centred on its anchor must move to clear every
 * box (CSS pixels, relative to the anchor): 0 when none is in its way, else just below the boxes
 * it would cover. Each move passes a box for good, so it settles within one round per box.
 */
export function labelDrop(size: { width: number; height: number }, boxes: readonly Box[]): number {
  let drop = 0;
  const covers = (b: Box): boolean =>
    b.x < size.width / 2 && b.x + b.width > -size.width / 2 && b.y < drop + size.height / 2 && b.y + b.height > drop - size.height / 2;
  for (let moved = true; moved; ) {
    moved = false;
    for (const box of boxes) {
      if (!covers(box)) continue;
      drop = box.y + box.height + size.height / 2 + LABEL_GAP;
      moved = true;
    }
  }
  return drop;
}
