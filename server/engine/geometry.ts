/**
 * Plane geometry shared by config validation and the engine. Polygons are vertex lists without a
 * repeated closing point. Hot paths (pointInPolygon, floorOfZ) allocate nothing.
 */
import type { Vec2 } from '../config/types.ts';

/** Tolerance of the collinearity and extent tests (m² and m): far below any real measurement. */
const EPS = 1e-9;

/** Twice the signed area of triangle a, b, c: > 0 when c is left of a→b. */
function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function sign(v: number): -1 | 0 | 1 {
  return v > EPS ? 1 : v < -EPS ? -1 : 0;
}

/** For p already known to be collinear with a→b: is p within the segment's extent? */
function withinBox(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return (
    px >= Math.min(ax, bx) - EPS &&
    px <= Math.max(ax, bx) + EPS &&
    py >= Math.min(ay, by) - EPS &&
    py <= Math.max(ay, by) + EPS
  );
}

/** Do the closed segments a–b and c–d share at least one point (touching counts)? */
export function segmentsIntersect(a: Vec2, b: Vec2, c: Vec2, d: Vec2): boolean {
  const [ax, ay] = a;
  const [bx, by] = b;
  const [cx, cy] = c;
  const [dx, dy] = d;
  const d1 = sign(cross(ax, ay, bx, by, cx, cy));
  const d2 = sign(cross(ax, ay, bx, by, dx, dy));
  const d3 = sign(cross(cx, cy, dx, dy, ax, ay));
  const d4 = sign(cross(cx, cy, dx, dy, bx, by));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true; // proper crossing
  // Otherwise they can only meet where an endpoint lies on the other segment.
  return (
    (d1 === 0 && withinBox(ax, ay, bx, by, cx, cy)) ||
    (d2 === 0 && withinBox(ax, ay, bx, by, dx, dy)) ||
    (d3 === 0 && withinBox(cx, cy, dx, dy, ax, ay)) ||
    (d4 === 0 && withinBox(cx, cy, dx, dy, bx, by))
  );
}

/**
 * Pairs [i, j] (i < j) of edges that meet where they should not. Edge i runs from vertex i to
 * vertex i + 1 (the last edge closes the polygon). Neighbouring edges share a vertex by design and
 * only count when they fold back over each other (a spike).
 */
export function polygonSelfIntersections(poly: readonly Vec2[]): Array<[number, number]> {
  const n = poly.length;
  const found: Array<[number, number]> = [];
  if (n < 3) return found;
  const at = (k: number): Vec2 => poly[k % n] as Vec2;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const next = j === i + 1;
      const wrap = i === 0 && j === n - 1;
      if (next || wrap) {
        // Shared vertex s; the far ends u and w fold back when collinear and on the same side.
        const [s, u, w] = next ? [at(j), at(i), at(j + 1)] : [at(0), at(1), at(n - 1)];
        const folds =
          sign(cross(s[0], s[1], u[0], u[1], w[0], w[1])) === 0 &&
          (u[0] - s[0]) * (w[0] - s[0]) + (u[1] - s[1]) * (w[1] - s[1]) > 0;
        if (folds) found.push([i, j]);
      } else if (segmentsIntersect(at(i), at(i + 1), at(j), at(j + 1))) {
        found.push([i, j]);
      }
    }
  }
  return found;
}

/** True when all points lie on one straight line (or coincide): an outline through them has no area. */
export function collinear(points: readonly Vec2[]): boolean {
  const a = points[0];
  if (a === undefined) return true;
  // Measure every point against the line to the farthest point, the best-conditioned choice.
  let far = a;
  let best = 0;
  for (const p of points) {
    const d = (p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2;
    if (d > best) {
      best = d;
      far = p;
    }
  }
  if (best === 0) return true;
  const length = Math.sqrt(best);
  return points.every((p) => Math.abs(cross(a[0], a[1], far[0], far[1], p[0], p[1])) / length <= EPS);
}

/** Signed area (shoelace): positive when the vertices run anticlockwise (y up). */
export function polygonArea(poly: readonly Vec2[]): number {
  let twice = 0;
  const n = poly.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const pi = poly[i] as Vec2;
    const pj = poly[j] as Vec2;
    twice += pj[0] * pi[1] - pi[0] * pj[1];
  }
  return twice / 2;
}

/**
 * Even-odd test. Points on an edge or vertex count as inside, so a device standing in a doorway
 * line still gets a room (the caller decides between the neighbours).
 */
export function pointInPolygon(x: number, y: number, poly: readonly Vec2[]): boolean {
  let inside = false;
  const n = poly.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    // Indexing rather than destructuring: no iterator on this hot path.
    const pi = poly[i] as Vec2;
    const pj = poly[j] as Vec2;
    const xi = pi[0];
    const yi = pi[1];
    const xj = pj[0];
    const yj = pj[1];
    if (sign(cross(xj, yj, xi, yi, x, y)) === 0 && withinBox(xj, yj, xi, yi, x, y)) return true;
    // Half-open in y so a ray through a vertex is counted once.
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from (x, y) to the nearest edge of a closed polygon. */
export function distanceToEdges(x: number, y: number, poly: readonly Vec2[]): number {
  let best = Infinity;
  const n = poly.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = poly[i] as Vec2;
    const [xj, yj] = poly[j] as Vec2;
    const ex = xi - xj;
    const ey = yi - yj;
    const length2 = ex * ex + ey * ey;
    // Foot of the perpendicular, clamped to the edge.
    const f = length2 > 0 ? Math.min(1, Math.max(0, ((x - xj) * ex + (y - yj) * ey) / length2)) : 0;
    const d = Math.hypot(x - xj - f * ex, y - yj - f * ey);
    if (d < best) best = d;
  }
  return best;
}

export interface FloorRange {
  id: string;
  /** The next-lower ceiling, or 0 for the lowest floor. */
  base: number;
  ceiling: number;
}

/** Floors sorted by ceiling, each spanning [previous ceiling or 0, own ceiling]. */
export function floorRanges(floors: readonly { id: string; height: number }[]): FloorRange[] {
  const sorted = [...floors].sort((a, b) => a.height - b.height);
  let base = 0;
  return sorted.map((f) => {
    const range = { id: f.id, base, ceiling: f.height };
    base = f.height;
    return range;
  });
}

/**
 * The floor containing height z, given floorRanges() output. A height exactly at a ceiling belongs
 * to the floor above; at the top ceiling (nothing above) it stays on the top floor. Null outside.
 */
export function floorOfZ(ranges: readonly FloorRange[], z: number): string | null {
  for (const r of ranges) {
    if (z >= r.base && z < r.ceiling) return r.id;
  }
  const top = ranges[ranges.length - 1];
  return top !== undefined && z === top.ceiling ? top.id : null;
}

export interface BoundingBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Horizontal extent of points ([x, y] or [x, y, z]); null for no points. */
export function boundingBox(points: readonly (readonly number[])[]): BoundingBox | null {
  if (points.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    const x = p[0] as number;
    const y = p[1] as number;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}
