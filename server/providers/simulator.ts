/**
 * Simulator provider: walkers moving through the floor plan and the beacon nodes that hear them.
 * Three parts, kept apart so each can grow (walls, multipath, Bermuda's smoothing):
 *  - Walker: where a device is at time t;
 *  - radio: what one node measures of one advert;
 *  - simulate: the advert schedule, merged into one time-sorted stream of readings and truth.
 * All randomness comes from one seeded Prng, so a seed reproduces a run exactly.
 */
import type { FloorplanConfig, RssiModel, Vec3 } from '../config/types.ts';
import { FloorplanModel } from '../engine/model.ts';
import { distanceToRssi, rssiToDistance } from '../engine/rssi-model.ts';
import { MIN_RANGE } from '../engine/solver.ts';
import type { RawReading } from '../engine/types.ts';
import { Prng } from './prng.ts';

// ---------------------------------------------------------------------------------------------
// Walker

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

function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function lerp(a: Vec3, b: Vec3, f: number): Vec3 {
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

// ---------------------------------------------------------------------------------------------
// Radio model

export interface RadioOptions {
  /** Standard deviation of the Gaussian RSSI noise, dB. */
  sigmaDb: number;
  /** Probability that a node misses an advert. */
  packetLoss: number;
  /** Nodes farther than this (metres, 3D) never hear the device. */
  maxRange: number;
}

/** A beacon node as the radio model sees it. */
export interface RadioNode {
  /** Scanner id, as written in the config. */
  id: string;
  coordinates: Vec3;
  /** The node's own path-loss model, or the global one. */
  model: RssiModel;
}

/** The RSSI one node measures of one advert from `position`, or null when it does not hear it. */
export function hearAdvert(node: RadioNode, position: Vec3, radio: RadioOptions, prng: Prng): number | null {
  const d = distance(node.coordinates, position);
  if (d > radio.maxRange || prng.chance(radio.packetLoss)) return null;
  return distanceToRssi(Math.max(d, MIN_RANGE), node.model) + prng.normal(0, radio.sigmaDb);
}

/** The config's nodes with their effective models (the engine's own merge of the overrides). */
export function radioNodes(config: FloorplanConfig): RadioNode[] {
  const plan = new FloorplanModel(config);
  return config.beaconNodes.map((node) => ({ id: node.id, coordinates: node.coordinates, model: plan.node(node.id)!.model }));
}

// ---------------------------------------------------------------------------------------------
// Simulation

export interface SimulationOptions extends RadioOptions {
  walkers: WalkerSpec[];
  /** Seconds of simulated time; Infinity runs until the consumer stops iterating. */
  duration: number;
  /** Seconds between two adverts of one device. */
  advertInterval: number;
  /** `distance` is the model inverted from the noisy RSSI, as Bermuda reports it. */
  output: 'distance' | 'rssi';
  seed: number;
}

export type SimulationEvent =
  | { kind: 'reading'; reading: RawReading }
  | { kind: 'truth'; t: number; device: string; position: Vec3 };

/** Nodes hear an advert up to this many seconds late (scan windows, reporting delays). */
const RECEIVE_JITTER = 0.2;

/**
 * Generates readings and ground truth (one sample per advert, at the advert time), sorted by t.
 * Values are exact; writers round them for display.
 */
export function* simulate(config: FloorplanConfig, options: SimulationOptions): Generator<SimulationEvent> {
  const prng = new Prng(options.seed);
  const nodes = radioNodes(config);
  // Random phases, so that devices do not advertise in lockstep.
  const walkers = options.walkers.map((spec) => ({
    walker: new Walker(spec),
    next: prng.uniform(0, options.advertInterval),
  }));
  // Readings heard but not yet emitted, sorted by t. Each is at most RECEIVE_JITTER after its advert.
  const pending: RawReading[] = [];

  for (;;) {
    const current = walkers.reduce((a, b) => (b.next < a.next ? b : a));
    if (current.next >= options.duration) break;
    const t = current.next;
    current.next += options.advertInterval;

    // Later adverts are no earlier than this one, so everything heard up to now is final.
    while (pending.length > 0 && pending[0]!.t <= t) yield { kind: 'reading', reading: pending.shift()! };

    const { device } = current.walker;
    const position = current.walker.positionAt(t);
    yield { kind: 'truth', t, device, position };

    for (const node of nodes) {
      const rssi = hearAdvert(node, position, options, prng);
      if (rssi === null) continue;
      const reading: RawReading = { t: t + prng.uniform(0, RECEIVE_JITTER), device, scanner: node.id };
      if (options.output === 'rssi') reading.rssi = rssi;
      else reading.distance = rssiToDistance(rssi, node.model);
      insertSorted(pending, reading);
    }
  }
  for (const reading of pending) yield { kind: 'reading', reading };
}

function insertSorted(readings: RawReading[], reading: RawReading): void {
  let i = readings.length;
  while (i > 0 && readings[i - 1]!.t > reading.t) i--;
  readings.splice(i, 0, reading);
}
