import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../../server/config/types.ts';
import {
  boundingBox,
  collinear,
  floorOfZ,
  floorRanges,
  pointInPolygon,
  polygonArea,
  polygonSelfIntersections,
  segmentsIntersect,
} from '../../../server/engine/geometry.ts';

const SQUARE: Vec2[] = [[0, 0], [4, 0], [4, 4], [0, 4]];
// An L: the 4 x 4 square without its top-right 2 x 2 quarter.
const L_SHAPE: Vec2[] = [[0, 0], [4, 0], [4, 2], [2, 2], [2, 4], [0, 4]];

describe('pointInPolygon', () => {
  it('handles a concave polygon', () => {
    expect(pointInPolygon(1, 1, L_SHAPE)).toBe(true);
    expect(pointInPolygon(3, 1, L_SHAPE)).toBe(true);
    expect(pointInPolygon(1, 3, L_SHAPE)).toBe(true);
    expect(pointInPolygon(3, 3, L_SHAPE)).toBe(false); // in the notch
    expect(pointInPolygon(5, 1, L_SHAPE)).toBe(false);
    expect(pointInPolygon(-0.1, 1, L_SHAPE)).toBe(false);
  });

  it('counts edges and vertices as inside', () => {
    expect(pointInPolygon(2, 0, SQUARE)).toBe(true);
    expect(pointInPolygon(4, 4, SQUARE)).toBe(true);
    expect(pointInPolygon(0, 2, SQUARE)).toBe(true);
    expect(pointInPolygon(3, 2, L_SHAPE)).toBe(true); // inner edge
    expect(pointInPolygon(2, 2, L_SHAPE)).toBe(true); // reflex vertex
    expect(pointInPolygon(4.0001, 2, SQUARE)).toBe(false);
  });

  it('is not fooled by a ray through a vertex', () => {
    const diamond: Vec2[] = [[2, 0], [4, 2], [2, 4], [0, 2]];
    expect(pointInPolygon(1, 2, diamond)).toBe(true); // the ray to +x passes through vertex (4, 2)
    expect(pointInPolygon(-1, 2, diamond)).toBe(false); // ... and through (0, 2)
    expect(pointInPolygon(1, 4, diamond)).toBe(false); // level with the top vertex
  });

  it('works for either winding', () => {
    const reversed = [...L_SHAPE].reverse();
    expect(pointInPolygon(1, 3, reversed)).toBe(true);
    expect(pointInPolygon(3, 3, reversed)).toBe(false);
  });
});

describe('polygonArea', () => {
  it('is signed by winding', () => {
    expect(polygonArea(SQUARE)).toBe(16);
    expect(polygonArea([...SQUARE].reverse())).toBe(-16);
    expect(polygonArea(L_SHAPE)).toBe(12);
  });

  it('is zero for a bow-tie and for collinear points', () => {
    expect(polygonArea([[0, 0], [2, 2], [2, 0], [0, 2]])).toBe(0);
    expect(polygonArea([[0, 0], [1, 0], [2, 0]])).toBe(0);
  });
});

describe('collinear', () => {
  it('detects points on one line', () => {
    expect(collinear([[0, 0], [1, 1], [3, 3], [2, 2]])).toBe(true);
    expect(collinear([[1, 1], [1, 1], [1, 1]])).toBe(true);
    expect(collinear(L_SHAPE)).toBe(false);
  });
});

describe('segmentsIntersect', () => {
  it('covers crossing, touching, collinear overlap and disjoint', () => {
    expect(segmentsIntersect([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [1, 5])).toBe(true); // T
    expect(segmentsIntersect([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true); // overlap
    expect(segmentsIntersect([0, 0], [1, 0], [2, 0], [3, 0])).toBe(false); // same line, apart
    expect(segmentsIntersect([0, 0], [1, 1], [0, 1], [0.4, 0.6])).toBe(false);
  });
});

describe('polygonSelfIntersections', () => {
  it('finds the crossing of a bow-tie', () => {
    expect(polygonSelfIntersections([[0, 0], [2, 2], [2, 0], [0, 2]])).toEqual([[0, 2]]);
  });

  it('accepts simple polygons, convex or not', () => {
    expect(polygonSelfIntersections(SQUARE)).toEqual([]);
    expect(polygonSelfIntersections(L_SHAPE)).toEqual([]);
    expect(polygonSelfIntersections([[0, 0], [1, 0], [0, 1]])).toEqual([]);
  });

  it('finds a spike folding back along its own edge', () => {
    // Edge 1 runs back from (4, 0) to (2, 0), over edge 0.
    expect(polygonSelfIntersections([[0, 0], [4, 0], [2, 0], [0, 4]])).toContainEqual([0, 1]);
  });

  it('finds a vertex touching another edge', () => {
    // Vertex 3 at (2, 0) lies on edge 0.
    expect(polygonSelfIntersections([[0, 0], [4, 0], [4, 4], [2, 0], [0, 4]])).toContainEqual([0, 2]);
  });
});

describe('floorRanges and floorOfZ', () => {
  const ranges = floorRanges([
    { id: 'first', height: 5.4 },
    { id: 'ground', height: 2.6 },
  ]);

  it('sorts floors by ceiling and stacks them from 0', () => {
    expect(ranges).toEqual([
      { id: 'ground', base: 0, ceiling: 2.6 },
      { id: 'first', base: 2.6, ceiling: 5.4 },
    ]);
  });

  it('puts a height exactly at a ceiling on the floor above', () => {
    expect(floorOfZ(ranges, 0)).toBe('ground');
    expect(floorOfZ(ranges, 2.599)).toBe('ground');
    expect(floorOfZ(ranges, 2.6)).toBe('first');
    expect(floorOfZ(ranges, 5.399)).toBe('first');
  });

  it('keeps the top ceiling on the top floor and nothing outside', () => {
    expect(floorOfZ(ranges, 5.4)).toBe('first');
    expect(floorOfZ(ranges, 5.41)).toBeNull();
    expect(floorOfZ(ranges, -0.01)).toBeNull();
    expect(floorOfZ([], 1)).toBeNull();
  });
});

describe('boundingBox', () => {
  it('spans 2-D and 3-D points', () => {
    expect(boundingBox(L_SHAPE)).toEqual({ minX: 0, minY: 0, maxX: 4, maxY: 4 });
    expect(boundingBox([[1, -2, 9], [-3, 5, 0]])).toEqual({ minX: -3, minY: -2, maxX: 1, maxY: 5 });
    expect(boundingBox([])).toBeNull();
  });
});
