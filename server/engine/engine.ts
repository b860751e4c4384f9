/**
 * The tracker: keeps each device's latest range per node and a motion track, and after each batch
 * of readings that share a timestamp produces a fix with its floor and room.
 *
 * Per device and batch:
 *  1. Readings older than max_reading_age are dropped; with none left the device has no position.
 *  2. Floor: when nodes on several floors hear the device, the position is solved on each floor
 *     from all its current ranges, and how well each floor's position explains the new readings
 *     updates a sticky belief over floors (floor-belief.ts).
 *  3. Position: a new track starts from that solve. An existing one is predicted to now and updated
 *     with the ranges that are new since its last update (older ones were already fused): the
 *     solver finds the posterior's mean and covariance under the prediction, and the Kalman filter
 *     takes them in.
 *     Readings the prediction cannot explain are gated out; when only such readings keep coming,
 *     or after a long silence, the track starts over from the ranges alone.
 *  4. Room, with hysteresis.
 * Its clock is the readings' own timestamps, so a replay is deterministic and runs at CPU speed.
 */
import type { FloorplanConfig } from '../config/types.ts';
import { FloorBelief } from './floor-belief.ts';
import { FloorplanModel } from './model.ts';
import { MotionTrack } from './motion.ts';
import { parseDistance, parseRssi } from './readings.ts';
import { RoomHysteresis } from './room-hysteresis.ts';
import { considerVariance, fixVariance } from './shadowing.ts';
import { confidenceFromAccuracy, MIN_RANGE, Solver, type PositionPrior, type RangeObservation, type SolveOptions, type SolveResult } from './solver.ts';
import { REJECT_REASONS, type Fix, type FixMethod, type RawReading, type RejectReason } from './types.ts';

/** Spread of device height around its prior: pocket, hand, bag or keys (0.5 to 1.5 m). */
const DEVICE_HEIGHT_SIGMA = 0.5;
/**
 * A range that has not changed for a while is weaker evidence: Bermuda publishes a falling distance
 * at once but a rising one only every 10 s or so, so the device may since have walked away at about
 * this speed (m/s, an unhurried indoor pace).
 */
const STALE_DRIFT_SPEED = 1.0;
/** Innovation gate in sigmas: a consistent reading falls outside it 0.3 % of the time. */
const GATE_SIGMAS = 3;
/**
 * This many readings, in this many consecutive batches that contradict the track, mean it is lost:
 * start over. One bad batch is multipath; several in a row, from several nodes, are a move.
 */
const REACQUIRE_AFTER_REJECTIONS = 4;
const REACQUIRE_AFTER_BATCHES = 3;
/** After this many seconds without an update the prediction is worth less than a fresh solve. */
const REACQUIRE_AFTER_SILENCE = 10;
/**
 * A position needs three ranges. A device just heard (at the sidecar's start, or arriving home) is
 * heard by one node after another within a Bermuda cycle or two, and a start from the first one or
 * two would place it, and give it a room and a floor, wherever those allow. So a new track waits
 * for a third range for up to this many seconds since the device was first heard.
 */
export const START_WAIT = 2;
export const RANGES_TO_START = 3;

interface NodeRange {
  distance: number;
  /** When the node last reported, and when its value last changed. */
  heardAt: number;
  changedAt: number;
  /** Not yet fused into the device's track. */
  fresh: boolean;
}

interface DeviceTrack {
  id: string;
  ranges: Map<string, NodeRange>;
  /** When the first of the current ranges arrived: the device was not heard by any node before. */
  heardSince: number;
  motion: MotionTrack | null;
  /** Height of the last fix: the floor's device height, or solved when nodes span heights. */
  z: number;
  floor: FloorBelief;
  room: RoomHysteresis;
  contradictingReadings: number;
  contradictedBatches: number;
  /** A lone fix's variance from all ranges to first order, over the filter's, at the track's start. */
  startNarrowing: number;
  /** This device's unusable readings by reason, for troubleshooting. */
  rejected: Partial<Record<RejectReason, number>>;
}

/** What the engine knows of one device right now, for troubleshooting ("why no position?"). */
export interface DeviceStatus {
  /** The nodes whose range is current, with how old it is in seconds. */
  heardBy: { node: string; distance: number; age: number }[];
  rejected: Partial<Record<RejectReason, number>>;
}

/** What the position step reports besides the track's state. */
interface StepOutcome {
  method: FixMethod;
  nodesUsed: string[];
  residualRms: number | null;
  iterations: number;
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
        track = this.newTrack(reading.device);
        this.devices.set(reading.device, track);
      }
      touched.add(track);
      this.record(track, reading);
    }
    return [...touched].map((track) => this.locate(track, now));
  }

  /**
   * Advances the clock without readings: every device whose readings have all aged out by `now` is
   * forgotten and reported once more, without a position (away or unknown, never a frozen dot).
   */
  expire(now: number): Fix[] {
    const lost: Fix[] = [];
    for (const track of this.devices.values()) {
      this.dropAged(track, now);
      if (track.ranges.size > 0) continue;
      this.devices.delete(track.id);
      if (track.motion) lost.push(this.emptyFix(track, now));
    }
    return lost;
  }

  rejectionCounts(): Record<RejectReason, number> {
    return Object.fromEntries(this.rejected) as Record<RejectReason, number>;
  }

  /** Null for a device the engine does not know (never heard, or forgotten by expire). */
  deviceStatus(device: string, now: number): DeviceStatus | null {
    const track = this.devices.get(device);
    if (!track) return null;
    const heardBy = [...track.ranges].map(([node, range]) => ({ node, distance: range.distance, age: Math.max(0, now - range.heardAt) }));
    return { heardBy, rejected: { ...track.rejected } };
  }

  private newTrack(id: string): DeviceTrack {
    return { id, ranges: new Map(), heardSince: 0, motion: null, z: 0, floor: new FloorBelief(), room: new RoomHysteresis(this.model), contradictingReadings: 0, contradictedBatches: 0, startNarrowing: 1, rejected: {} };
  }

  private record(track: DeviceTrack, reading: RawReading): void {
    const node = this.model.node(reading.scanner);
    if (!node) return this.reject(track, 'unknown_scanner');
    const value = reading.distance !== undefined ? parseDistance(reading.distance, node.distanceScale) : parseRssi(reading.rssi, node.model);
    if (typeof value === 'number') {
      const previous = track.ranges.get(node.key);
      // A repeated value is the same evidence again (a republished state), not a new measurement.
      if (track.ranges.size === 0) track.heardSince = reading.t;
      if (previous && previous.distance === value) previous.heardAt = reading.t;
      else track.ranges.set(node.key, { distance: value, heardAt: reading.t, changedAt: reading.t, fresh: true });
      return;
    }
    // "unknown" is how Bermuda says the node stopped hearing the device: its old range is void.
    if (value === 'unknown' || value === 'unavailable') track.ranges.delete(node.key);
    this.reject(track, value);
  }

  private reject(track: DeviceTrack, reason: RejectReason): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
    track.rejected[reason] = (track.rejected[reason] ?? 0) + 1;
  }

  private dropAged(track: DeviceTrack, now: number): void {
    for (const [key, range] of track.ranges) {
      if (now - range.heardAt > this.model.maxReadingAge) track.ranges.delete(key);
    }
  }

  private locate(track: DeviceTrack, now: number): Fix {
    this.dropAged(track, now);
    if (track.ranges.size === 0) {
      track.motion = null;
      return this.emptyFix(track, now);
    }
    const fresh: RangeObservation[] = [];
    const floors = new Set<string | null>();
    for (const [key, range] of track.ranges) {
      const node = this.model.nodes.get(key)!;
      if (range.fresh) fresh.push({ key, x: node.x, y: node.y, z: node.z, distance: range.distance, sigma: node.sigma });
      range.fresh = false;
      floors.add(node.floor);
    }
    if (track.motion && now - track.motion.t > REACQUIRE_AFTER_SILENCE) track.motion = null;
    if (!track.motion && track.ranges.size < RANGES_TO_START && now - track.heardSince < START_WAIT) return this.emptyFix(track, now);

    const outcome = this.step(track, now, fresh, floors);
    const motion = track.motion;
    if (!outcome || !motion) return this.emptyFix(track, now);
    const accuracy = this.honestAccuracy(track, now, motion);
    const floor = track.floor.current;
    return {
      t: now,
      device: track.id,
      coordinates: [motion.x, motion.y, track.z],
      accuracy,
      confidence: confidenceFromAccuracy(accuracy),
      floor,
      // The room's margin guards against the fix's jitter across a wall, which the filter's own
      // spread describes; shadowing that persists shifts the fix, jitter and all, and no margin
      // undoes it.
      room: track.room.update(now, floor, motion.x, motion.y, motion.accuracy()),
      ...outcome,
    };
  }

  /**
   * All current ranges, for solving without the track: a range that has not changed for a while
   * is weaker evidence (the device may since have walked away), so its sigma widens with its age.
   * Only starts, restarts and floor decisions need them; a track update uses the fresh ones.
   * Without `widenStale`, every range has its node's own sigma: what one full set of fresh
   * readings would tell.
   */
  private allRanges(track: DeviceTrack, now: number, { widenStale = true } = {}): RangeObservation[] {
    const all: RangeObservation[] = [];
    for (const [key, range] of track.ranges) {
      const node = this.model.nodes.get(key)!;
      const drift = widenStale ? (STALE_DRIFT_SPEED * (now - range.changedAt)) / Math.max(range.distance, 1) : 0;
      all.push({ key, x: node.x, y: node.y, z: node.z, distance: range.distance, sigma: Math.hypot(node.sigma, drift) });
    }
    return all;
  }

  /** Steps 2 and 3 of the module comment; null when no range is usable. */
  private step(track: DeviceTrack, now: number, fresh: RangeObservation[], floors: Set<string | null>): StepOutcome | null {
    const current = track.floor.current;
    if (!track.motion) {
      const all = this.allRanges(track, now);
      const solved = this.solvePerFloor(all, floors, track);
      const best = track.floor.reset(now, costsOf(solved, (result) => result.cost));
      const start = solved.get(best);
      return start ? this.restart(track, now, best, all, start) : null;
    }
    floors.add(current);
    if (floors.size > 1 && fresh.length > 0) {
      const all = this.allRanges(track, now);
      const solved = this.solvePerFloor(all, floors, track);
      const evidence = costsOf(solved, (result, floor) => this.solver.cost(this.throughSlabs(floor, fresh), this.solveOptions(floor), result.coordinates));
      const chosen = track.floor.update(now, evidence);
      if (chosen !== current) return this.restart(track, now, chosen, all, solved.get(chosen)!);
    }

    const motion = track.motion;
    motion.predict(now);
    const { accepted, normalisedSquares } = this.gate(this.throughSlabs(current, fresh), motion, current);
    // Evidence against the track builds up over consecutive batches that contradict it: most new
    // readings gated out, or all of them together too unlikely under the prediction.
    const contradicted = fresh.length - accepted.length > accepted.length || normalisedSquares > chiSquareQuantile(fresh.length);
    track.contradictedBatches = contradicted ? track.contradictedBatches + 1 : 0;
    track.contradictingReadings = contradicted ? track.contradictingReadings + fresh.length : 0;
    if (track.contradictingReadings >= REACQUIRE_AFTER_REJECTIONS && track.contradictedBatches >= REACQUIRE_AFTER_BATCHES) {
      const restarted = this.restart(track, now, current, this.allRanges(track, now));
      if (restarted) return restarted;
    }
    if (accepted.length === 0) return { method: 'tracked', nodesUsed: [], residualRms: null, iterations: 0 };
    const prior = motion.prior();
    const solved = this.solveOn(current, accepted, { prior });
    if (!solved) return null;
    const [px, py, pz] = solved.coordinates;
    motion.correct(px, py, solved.covariance);
    track.z = pz;
    return { method: 'tracked', nodesUsed: solved.nodesUsed, residualRms: solved.residualRms, iterations: solved.iterations };
  }

  /**
   * Starts the track over on `floor` from all current ranges alone, the posterior integrated; null
   * when none is usable.
   */
  private restart(track: DeviceTrack, now: number, floor: string | null, all: RangeObservation[], found: SolveResult | null = null): StepOutcome | null {
    // A best point already found on this floor (solvePerFloor) starts the descent there.
    const start = found ? { x: found.coordinates[0], y: found.coordinates[1] } : null;
    const solved = this.solveOn(floor, this.throughSlabs(floor, all), { start });
    if (!solved) return null;
    const [x, y, z] = solved.coordinates;
    track.motion = new MotionTrack(now, x, y, solved.covariance);
    track.z = z;
    // Ranges that do not fix a position alone (one or two nodes) give nothing to compare with: a
    // lone fix then counts as a first-order one.
    const narrowing = this.narrowing(track, now, track.motion);
    track.startNarrowing = Number.isFinite(narrowing) ? narrowing : 1;
    track.contradictingReadings = 0;
    track.contradictedBatches = 0;
    return { method: solved.method, nodesUsed: solved.nodesUsed, residualRms: solved.residualRms, iterations: solved.iterations };
  }

  /**
   * Ceiling nodes of the floor below are often nearer to a device upstairs than its own floor's
   * nodes, so the nearest node cannot pick the floor. Instead the position is solved at the device
   * height of each floor that has a node hearing the device. Each floor is judged by the fit at
   * its best point, which needs no integration of the posterior.
   */
  private solvePerFloor(all: RangeObservation[], floors: Set<string | null>, track: DeviceTrack): Map<string | null, SolveResult> {
    const solved = new Map<string | null, SolveResult>();
    for (const floor of floors) {
      const start = track.motion && floor === track.floor.current ? track.motion : null;
      const result = this.solveOn(floor, this.throughSlabs(floor, all), { start, posterior: false });
      if (result) solved.set(floor, result);
    }
    return solved;
  }

  /**
   * The 1-sigma radius of the track, with the persistent share of the range errors not averaged
   * away by the filter (shadowing.ts).
   */
  private honestAccuracy(track: DeviceTrack, now: number, motion: MotionTrack): number {
    const { shadowingShare: share } = this.model;
    if (share <= 0) return motion.accuracy();
    const averaged = this.narrowing(track, now, motion) / track.startNarrowing;
    return Math.sqrt(considerVariance({ filterVariance: motion.accuracy() ** 2, averaged, share, speed: motion.settledSpeed }));
  }

  /**
   * By how much the filter's variance is below that of a fix from all current ranges, fresh, taken
   * to first order. A lone fix integrates its posterior over the floor instead, so this is only
   * compared with its value at the track's start.
   */
  private narrowing(track: DeviceTrack, now: number, motion: MotionTrack): number {
    const floor = track.floor.current;
    const fix = fixVariance(this.throughSlabs(floor, this.allRanges(track, now, { widenStale: false })), motion.x, motion.y, this.zPrior(floor));
    return fix / motion.accuracy() ** 2;
  }

  /** Solves on `floor` from observations as seen there (see throughSlabs). */
  private solveOn(
    floor: string | null,
    seen: RangeObservation[],
    { start = null, prior = null, posterior = true }: { start?: { x: number; y: number } | null; prior?: PositionPrior | null; posterior?: boolean },
  ): SolveResult | null {
    const options = this.solveOptions(floor);
    if (start) options.start = [start.x, start.y, options.zPrior];
    options.prior = prior;
    options.posterior = posterior;
    return this.solver.solve(seen, options);
  }

  /**
   * Observations as a device on `floor` would see them: a node on another floor is heard through
   * the slabs between, so its range reads long, by an uncertain amount. The same list when no
   * observation crosses a slab.
   */
  private throughSlabs(floor: string | null, observations: RangeObservation[]): RangeObservation[] {
    const here = this.model.floorIndex(floor);
    if (here < 0) return observations;
    let seen: RangeObservation[] | null = null;
    for (let i = 0; i < observations.length; i++) {
      const o = observations[i]!;
      const node = this.model.nodes.get(o.key)!;
      const slabs = node.floorIndex < 0 ? 0 : Math.abs(here - node.floorIndex);
      if (slabs === 0) continue;
      seen ??= observations.slice();
      seen[i] = {
        ...o,
        distance: o.distance * Math.exp(-slabs * node.slabShift),
        sigma: Math.hypot(o.sigma, Math.sqrt(slabs) * node.slabSigma),
      };
    }
    return seen ?? observations;
  }

  private solveOptions(floor: string | null): SolveOptions {
    return { zPrior: this.zPrior(floor), zSigma: DEVICE_HEIGHT_SIGMA, bounds: this.model.extentOf(floor), interior: this.model.interiorOf(floor) };
  }

  /**
   * The new readings the prediction can explain: the log-range innovation, over its predicted
   * spread (reading noise plus the track's position uncertainty along the range), within the gate.
   * Also the sum of all their squared normalised innovations, a chi-square variable if the track
   * is right.
   */
  private gate(seen: RangeObservation[], motion: MotionTrack, floor: string | null): { accepted: RangeObservation[]; normalisedSquares: number } {
    const [pxx, pxy, pyy] = motion.positionCovariance();
    const z = this.zPrior(floor);
    let normalisedSquares = 0;
    const accepted = seen.filter((o) => {
      const dx = motion.x - o.x;
      const dy = motion.y - o.y;
      const dz = z - o.z;
      const rho2 = dx * dx + dy * dy + dz * dz + MIN_RANGE * MIN_RANGE;
      const innovation = 0.5 * Math.log((o.distance * o.distance + MIN_RANGE * MIN_RANGE) / rho2);
      const hx = dx / rho2;
      const hy = dy / rho2;
      const spread = o.sigma * o.sigma + hx * hx * pxx + 2 * hx * hy * pxy + hy * hy * pyy;
      const normalised = (innovation * innovation) / spread;
      normalisedSquares += normalised;
      return normalised <= GATE_SIGMAS * GATE_SIGMAS;
    });
    return { accepted, normalisedSquares };
  }

  private zPrior(floor: string | null): number {
    return this.model.floorBase(floor) + this.model.deviceHeight;
  }

  private emptyFix(track: DeviceTrack, now: number): Fix {
    return { t: now, device: track.id, coordinates: null, accuracy: null, confidence: 0, floor: null, room: null, method: 'none', nodesUsed: [], residualRms: null, iterations: 0 };
  }
}

/**
 * The chi-square quantile with k degrees of freedom that GATE_SIGMAS is for one (Wilson-Hilferty:
 * (chi2 / k)^(1/3) is nearly normal), so a batch is judged by the same false-alarm rate as a reading.
 */
function chiSquareQuantile(k: number): number {
  const v = 2 / (9 * k);
  return k * (1 - v + GATE_SIGMAS * Math.sqrt(v)) ** 3;
}

function costsOf(solved: Map<string | null, SolveResult>, cost: (result: SolveResult, floor: string | null) => number): Map<string | null, number> {
  return new Map([...solved].map(([floor, result]) => [floor, cost(result, floor)]));
}
