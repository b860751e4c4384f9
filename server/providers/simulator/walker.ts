/** Walkers: where a simulated device is at any time, following waypoints at a constant speed. */
import type { Vec3 } from '../../config/types.ts';

export interface WalkerSpec {
  device: string;
  /** Metres per second while moving. */
  speed: number;
  /** Seconds spent at each waypoint (including the first) before moving on. */
  pause: number;
  /** At least one. Absolute positions: z is height above ground (floor base + device height). */
  waypoints: Vec3[];
  /** After the last waypoint, walk back to the first and start over. */
  loop: boolean;
}

interface Stop {
  position: Vec3;
  arrive: number;
  depart: number;
}

/** A device following straight legs between waypoints at constant speed. */
export class Walker {
  readonly device: string;
  /** Arrival time at each waypoint on the first pass; the first is 0. */
  readonly arrivals: number[];
  /** When the walk ends (non-looping: after the pause at the last waypoint); Infinity when looping. */
  readonly end: number;
  private readonly stops: Stop[];
  /** Length of one loop, including the walk back to the first waypoint; 0 when not looping. */
  private readonly period: number;

  constructor(spec: WalkerSpec) {
    this.device = spec.device;
    const points = spec.loop && spec.waypoints.length > 1 ? [...spec.waypoints, spec.waypoints[0]!] : spec.waypoints;
    this.stops = [];
    let t = 0;
    points.forEach((position, i) => {
      if (i > 0) t += distance(points[i - 1]!, position) / spec.speed;
      this.stops.push({ position, arrive: t, depart: t + spec.pause });
      t += spec.pause;
    });
    // The closing stop of a loop is the first waypoint again; its pause belongs to the next lap.
    const last = this.stops[this.stops.length - 1]!;
    this.period = spec.loop ? last.arrive : 0;
    this.end = spec.loop ? Infinity : last.depart;
    this.arrivals = this.stops.slice(0, spec.waypoints.length).map((stop) => stop.arrive);
  }

  positionAt(time: number): Vec3 {
    const t = this.period > 0 ? time % this.period : time;
    // Copies, so that a caller changing a position cannot move a waypoint.
    for (let i = 0; i + 1 < this.stops.length; i++) {
      const stop = this.stops[i]!;
      const next = this.stops[i + 1]!;
      if (t < stop.depart) return [...stop.position];
      if (t < next.arrive) return lerp(stop.position, next.position, (t - stop.depart) / (next.arrive - stop.depart));
    }
    return [...this.stops[this.stops.length - 1]!.position];
  }
}

/** When all walks have ended (Infinity if any walker loops): a natural default duration. */
export function walkDuration(walkers: WalkerSpec[]): number {
  return Math.max(...walkers.map((spec) => new Walker(spec).end));
}

/** Straight-line distance in 3D, metres. */
export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function lerp(a: Vec3, b: Vec3, f: number): Vec3 {
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}
