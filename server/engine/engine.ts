/**
 * The tracker core: keeps each device's latest range per node, drops what has aged out, and after
 * each batch of readings that share a timestamp solves a fix and attaches its floor and room.
 * Its clock is the readings' own timestamps, so a replay is deterministic and runs at CPU speed.
 */
import type { FloorplanConfig } from '../config/types.ts';
import { FloorplanModel } from './model.ts';
import { parseDistance, parseRssi } from './readings.ts';
import { Solver, type RangeObservation, type SolveResult } from './solver.ts';
import { REJECT_REASONS, type Fix, type RawReading, type RejectReason } from './types.ts';

/** Spread of device height around its prior: pocket, hand, bag or keys (0.5 to 1.5 m). */
const DEVICE_HEIGHT_SIGMA = 0.5;

interface NodeRange {
  distance: number;
  t: number;
}

interface DeviceTrack {
  id: string;
  ranges: Map<string, NodeRange>;
  last: Fix | null;
}

export class Engine {
  readonly model: FloorplanModel;
  private readonly solver = new Solver();
  private readonly devices = new Map<string, DeviceTrack>();
  private readonly rejected = new Map<RejectReason, number>(REJECT_REASONS.map((r) => [r, 0]));

  constructor(config: FloorplanConfig) {
    this.model = new FloorplanModel(config);
  }

  /**
   * Readings that share one timestamp (all devices mixed); returns one fix per device present in
   * the batch, in first-seen order. Unusable readings are counted per reason, never thrown.
   */
  processBatch(batch: readonly RawReading[]): Fix[] {
    if (batch.length === 0) return [];
    let now = -Infinity;
    const touched = new Set<DeviceTrack>();
    for (const reading of batch) {
      if (reading.t > now) now = reading.t;
      let track = this.devices.get(reading.device);
      if (!track) {
        track = { id: reading.device, ranges: new Map(), last: null };
        this.devices.set(reading.device, track);
      }
      touched.add(track);
      this.record(track, reading);
    }
    return [...touched].map((track) => this.locate(track, now));
  }

  rejectionCounts(): Record<RejectReason, number> {
    return Object.fromEntries(this.rejected) as Record<RejectReason, number>;
  }

  private record(track: DeviceTrack, reading: RawReading): void {
    const node = this.model.node(reading.scanner);
    if (!node) return this.reject('unknown_scanner');
    const value = reading.distance !== undefined ? parseDistance(reading.distance) : parseRssi(reading.rssi, node.model);
    if (typeof value === 'number') {
      track.ranges.set(node.key, { distance: value, t: reading.t });
      return;
    }
    // "unknown" is how Bermuda says the node stopped hearing the device: its old range is void.
    if (value === 'unknown' || value === 'unavailable') track.ranges.delete(node.key);
    this.reject(value);
  }

  private reject(reason: RejectReason): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
  }

  private locate(track: DeviceTrack, now: number): Fix {
    const observations: RangeObservation[] = [];
    const floors = new Set<string | null>();
    for (const [key, range] of track.ranges) {
      if (now - range.t > this.model.maxReadingAge) {
        track.ranges.delete(key);
        continue;
      }
      const node = this.model.nodes.get(key)!;
      observations.push({ key, x: node.x, y: node.y, z: node.z, distance: range.distance, sigma: node.sigma });
      floors.add(node.floor);
    }
    const solved = this.solveOnBestFloor(observations, floors, track.last);
    const fix: Fix = solved
      ? {
          t: now,
          device: track.id,
          coordinates: solved.coordinates,
          accuracy: solved.accuracy,
          confidence: solved.confidence,
          floor: this.model.floorAt(solved.coordinates[2]),
          room: null,
          method: solved.method,
          nodesUsed: solved.nodesUsed,
          residualRms: solved.residualRms,
          iterations: solved.iterations,
        }
      : { t: now, device: track.id, coordinates: null, accuracy: null, confidence: 0, floor: null, room: null, method: 'none', nodesUsed: [], residualRms: null, iterations: 0 };
    if (fix.coordinates) fix.room = this.model.roomAt(fix.floor, fix.coordinates[0], fix.coordinates[1])?.id ?? null;
    track.last = fix;
    return fix;
  }

  /**
   * Ceiling nodes of the floor below are often nearer to a device upstairs than its own floor's
   * nodes, so the nearest node cannot pick the floor. Instead the position is solved at the device
   * height of each floor that has a node hearing the device, and the floor that explains the
   * ranges best wins.
   */
  private solveOnBestFloor(observations: RangeObservation[], floors: Set<string | null>, last: Fix | null): SolveResult | null {
    let best: SolveResult | null = null;
    for (const floor of floors) {
      const solved = this.solver.solve(observations, {
        zPrior: this.model.floorBase(floor) + this.model.deviceHeight,
        zSigma: DEVICE_HEIGHT_SIGMA,
        bounds: this.model.extentOf(floor),
        start: last?.coordinates && last.floor === floor ? last.coordinates : null,
      });
      if (solved && (!best || solved.cost < best.cost)) best = solved;
    }
    return best;
  }
}
