/** Ground truth of one moment and how a fix is scored against it. */
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { pointInPolygon } from '../../../server/engine/geometry.ts';
import type { Fix } from '../../../server/engine/types.ts';
import type { ScoredFix } from './metrics.ts';

export interface Truth {
  x: number;
  y: number;
  /** The room the device is in; null: not scored (outside every room, or between floors). */
  room: string | null;
  /** The floor the device is on; null: not scored (single-floor runs, on the stairs). */
  floor: string | null;
}

/**
 * The first room of the floor, in file order, whose outline contains (x, y). Points on a shared
 * wall belong to the first room, as in ESPresense's harness (living before bedroom at x = 4).
 */
export function roomAt(config: FloorplanConfig, floor: string, x: number, y: number): string | null {
  return config.rooms.find((room) => room.floor === floor && pointInPolygon(x, y, room.boundaries))?.id ?? null;
}

export function scoreFix(fix: Fix, truth: Truth): ScoredFix {
  const c = fix.coordinates;
  return {
    error: c === null ? null : Math.hypot(c[0] - truth.x, c[1] - truth.y),
    accuracy: fix.accuracy,
    wrongRoom: truth.room === null ? null : fix.room !== truth.room,
    roomless: truth.room === null ? null : fix.room === null,
    rooms: truth.room === null ? null : { fix: fix.room, truth: truth.room },
    wrongFloor: truth.floor === null ? null : fix.floor !== truth.floor,
  };
}
