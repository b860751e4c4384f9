/**
 * Room assignment with hysteresis. A fix near a wall jitters across it; reporting the raw polygon
 * hit would flap the room. A device changes room only when the evidence says so: its position is
 * inside the new room by a margin its own uncertainty sets, or it has stayed there long enough.
 */
import type { FloorplanModel } from './model.ts';

/**
 * The margin is this many per-axis sigmas: a fix that deep across a wall is on the new side with
 * at least 80 % probability (one-sided normal quantile), against 50 % at the wall itself.
 */
const SWITCH_SIGMAS = 0.84;
/** Seconds a device must stay in the new room without the margin before it changes anyway. */
export const ROOM_DWELL = 3;

export class RoomHysteresis {
  private room: string | null = null;
  private floor: string | null | undefined = undefined;
  private pending: string | null = null;
  private pendingSince = 0;

  constructor(private readonly model: FloorplanModel) {}

  /** The room to report for a fix at (x, y) on `floor` whose jitter has 1-sigma radius `spread`, at time t. */
  update(t: number, floor: string | null, x: number, y: number, spread: number): string | null {
    const candidate = this.model.roomAt(floor, x, y);
    const candidateId = candidate?.id ?? null;
    if (floor !== this.floor) {
      // A new track or a new floor: nothing to be sticky about.
      this.floor = floor;
      return this.settle(candidateId);
    }
    if (candidateId === this.room) {
      this.pending = null;
      return this.room;
    }
    if (candidateId !== this.pending) {
      this.pending = candidateId;
      this.pendingSince = t;
    }
    // How far across: depth inside the new room, or, when the fix is in no room, distance out of the old one.
    const current = this.room === null ? null : this.model.room(this.room);
    const depth = candidate ? this.model.distanceToWalls(candidate, x, y) : current ? this.model.distanceToWalls(current, x, y) : Infinity;
    const margin = (SWITCH_SIGMAS * spread) / Math.SQRT2;
    if (depth >= margin || t - this.pendingSince >= ROOM_DWELL) return this.settle(candidateId);
    return this.room;
  }

  private settle(room: string | null): string | null {
    this.room = room;
    this.pending = null;
    return room;
  }
}
