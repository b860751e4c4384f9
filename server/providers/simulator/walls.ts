/**
 * Walls for the radio model: the edges of the room outlines of each floor, each physical wall
 * once. Neighbouring rooms both outline the wall between them (in either direction, and often
 * only in part: the hall's long side is the living and dining rooms' short sides), so collinear
 * edges are merged along their line before a signal path is tested against them.
 */
import type { FloorplanConfig, Vec2 } from '../../config/types.ts';
import { segmentsIntersect } from '../../engine/geometry.ts';

export type Wall = readonly [Vec2, Vec2];

/** Lines closer than this (m, and as a direction difference) are one line: far below drawing accuracy. */
const TOLERANCE = 1e-6;

/** The walls of every floor that has rooms, by floor id. */
export function wallsByFloor(config: FloorplanConfig): Map<string, Wall[]> {
  const edges = new Map<string, Wall[]>();
  for (const room of config.rooms) {
    const list = edges.get(room.floor) ?? [];
    const corners = room.boundaries;
    corners.forEach((corner, i) => list.push([corner, corners[(i + 1) % corners.length]!]));
    edges.set(room.floor, list);
  }
  return new Map([...edges].map(([floor, list]) => [floor, mergeCollinear(list)]));
}

interface Line {
  /** Unit direction, pointing into the half-plane x > 0 (or +y when vertical). */
  ux: number;
  uy: number;
  /** Signed distance of the line from the origin, along the normal (-uy, ux). */
  offset: number;
  /** Extents along the direction, [from, to] with from <= to. */
  spans: [number, number][];
}

/**
 * Segments that lie on one line and overlap or touch become one segment; zero-length segments
 * are dropped. The result holds each stretch of wall exactly once.
 */
export function mergeCollinear(segments: readonly Wall[]): Wall[] {
  const lines = new Map<string, Line>();
  for (const [a, b] of segments) {
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (length < TOLERANCE) continue;
    let ux = (b[0] - a[0]) / length;
    let uy = (b[1] - a[1]) / length;
    // One orientation per line, so that a→b and b→a land on the same key.
    if (ux < -TOLERANCE || (Math.abs(ux) <= TOLERANCE && uy < 0)) {
      ux = -ux;
      uy = -uy;
    }
    const offset = ux * a[1] - uy * a[0];
    const key = [ux, uy, offset].map((v) => Math.round(v / TOLERANCE)).join(',');
    const line = lines.get(key) ?? { ux, uy, offset, spans: [] };
    const s = ux * a[0] + uy * a[1];
    const e = ux * b[0] + uy * b[1];
    line.spans.push([Math.min(s, e), Math.max(s, e)]);
    lines.set(key, line);
  }

  const walls: Wall[] = [];
  for (const { ux, uy, offset, spans } of lines.values()) {
    const at = (s: number): Vec2 => [s * ux - offset * uy, s * uy + offset * ux];
    spans.sort((p, q) => p[0] - q[0]);
    let [from, to] = spans[0]!;
    for (const [s, e] of spans.slice(1)) {
      if (s <= to + TOLERANCE) to = Math.max(to, e);
      else {
        walls.push([at(from), at(to)]);
        [from, to] = [s, e];
      }
    }
    walls.push([at(from), at(to)]);
  }
  return walls;
}

/** How many walls the straight path from a to b crosses (touching a wall counts). */
export function wallsCrossed(walls: readonly Wall[], a: Vec2, b: Vec2): number {
  let count = 0;
  for (const [c, d] of walls) if (segmentsIntersect(a, b, c, d)) count++;
  return count;
}
