/**
 * What the ESP scenario's readings allow: two reference estimators that know more than the engine
 * can, to read the harness's ESP targets against. Neither is part of the engine.
 *   npm run bench:bounds [-- --seeds N]
 *
 * - Single-shot: the exact posterior mean of each sample's four readings under the scenario's own
 *   noise (its Gaussian and its multipath dips), with the device known to be inside the flat, on a
 *   5 cm grid.
 * - Tracked, motion oracle: told that the walker goes in straight legs at constant speed between
 *   waypoints, and the sample at which every leg starts, it fits the unknown waypoints to all
 *   readings so far (maximum a posteriori, same likelihood, the waypoints inside the flat) and
 *   reports the newest sample's place on them. A tracker knows neither the shape nor the turns.
 *
 * Both are scored as the harness scores the engine: median over seeds of each seed's median and
 * p95, and the share of samples placed in the wrong room (no hysteresis).
 */
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../../../server/config/load.ts';
import type { FloorplanConfig, Vec2 } from '../../../server/config/types.ts';
import { ESP_CONFIG_FILE, ESP_TRACKS, espSamples, MULTIPATH_CHANCE, MULTIPATH_DB, NOISE_DB, SAMPLES_PER_SEGMENT, type EspSample } from './esp-scenario.ts';
import { median, percentile } from './metrics.ts';
import { ESP_SEEDS } from './runs.ts';
import { roomAt } from './truth.ts';

const GRID_STEP = 0.05;
const FLOOR = 'flat';

/** The scenario's noise on ln(reported distance) − ln(range): a Gaussian, shifted long by a multipath dip. */
function noiseModel(config: FloorplanConfig) {
  const perDb = Math.LN10 / (10 * config.rssiModel.attenuation);
  const sigma = NOISE_DB * perDb;
  const shift = MULTIPATH_DB * perDb;
  const clean = (e: number) => (1 - MULTIPATH_CHANCE) * Math.exp(-0.5 * (e / sigma) ** 2);
  const dipped = (e: number) => MULTIPATH_CHANCE * Math.exp(-0.5 * ((e - shift) / sigma) ** 2);
  return {
    sigma,
    shift,
    logLikelihood: (e: number) => Math.log(clean(e) + dipped(e) + Number.MIN_VALUE),
    /** The chance that a reading with this error came through a dip. */
    dipChance: (e: number) => dipped(e) / (clean(e) + dipped(e) + Number.MIN_VALUE),
  };
}

type NoiseModel = ReturnType<typeof noiseModel>;

interface Flat {
  nodes: Vec2[];
  width: number;
  depth: number;
}

function flatOf(config: FloorplanConfig): Flat {
  const corners = config.rooms.flatMap((room) => room.boundaries);
  return {
    nodes: config.beaconNodes.map((node) => [node.coordinates[0], node.coordinates[1]]),
    width: Math.max(...corners.map((c) => c[0])),
    depth: Math.max(...corners.map((c) => c[1])),
  };
}

/** ln(range) from every grid cell's centre to every node, computed once. */
function gridOf(flat: Flat) {
  const cells: Vec2[] = [];
  for (let x = GRID_STEP / 2; x < flat.width; x += GRID_STEP) for (let y = GRID_STEP / 2; y < flat.depth; y += GRID_STEP) cells.push([x, y]);
  const lnRange = flat.nodes.map((node) => Float64Array.from(cells, ([x, y]) => Math.log(Math.hypot(x - node[0], y - node[1]))));
  return { cells, lnRange };
}

function singleShot(samples: readonly EspSample[], grid: ReturnType<typeof gridOf>, noise: NoiseModel): Vec2[] {
  const logPost = new Float64Array(grid.cells.length);
  return samples.map((sample) => {
    const lnReported = sample.readings.map((r) => Math.log(r.distance as number));
    let best = -Infinity;
    for (let c = 0; c < grid.cells.length; c++) {
      let sum = 0;
      for (let n = 0; n < lnReported.length; n++) sum += noise.logLikelihood(lnReported[n]! - grid.lnRange[n]![c]!);
      logPost[c] = sum;
      if (sum > best) best = sum;
    }
    let mass = 0, mx = 0, my = 0;
    for (let c = 0; c < grid.cells.length; c++) {
      const w = Math.exp(logPost[c]! - best);
      mass += w;
      mx += w * grid.cells[c]![0];
      my += w * grid.cells[c]![1];
    }
    return [mx / mass, my / mass];
  });
}

/** Sample i lies a fraction `along` of the way from waypoint `leg` to the next. */
function legOf(i: number): { leg: number; along: number } {
  const leg = Math.floor(i / SAMPLES_PER_SEGMENT);
  return { leg, along: i / SAMPLES_PER_SEGMENT - leg };
}

/** Where sample i is, given waypoints [x0, y0, x1, y1, …]. */
function placeOn(waypoints: readonly number[], i: number): Vec2 {
  const { leg, along } = legOf(i);
  const x = waypoints[2 * leg]!, y = waypoints[2 * leg + 1]!;
  if (along === 0) return [x, y];
  return [x + (waypoints[2 * leg + 2]! - x) * along, y + (waypoints[2 * leg + 3]! - y) * along];
}

/** Stiffness of the walls: a waypoint 1 cm outside the flat costs as much as a 4σ reading. */
const WALL_SIGMA = 0.0025;

/**
 * Fits the waypoints (in place) to the readings of samples 0…last: Gauss–Newton with
 * Levenberg damping, each reading's multipath dip weighed by its chance (EM), and walls as a
 * steep quadratic penalty. Hand-written because ml-levenberg-marquardt's numeric gradients over
 * up to 484 readings, refitted after every sample of every seed, take hours here.
 */
function fitWaypoints(waypoints: number[], lnReported: readonly number[][], last: number, flat: Flat, noise: NoiseModel): void {
  const size = waypoints.length;
  const wallExcess = (value: number, q: number) => {
    const top = q % 2 === 0 ? flat.width : flat.depth;
    return value < 0 ? value : value > top ? value - top : 0;
  };
  const cost = (w: readonly number[]) => {
    let sum = 0;
    for (let i = 0; i <= last; i++) {
      const [x, y] = placeOn(w, i);
      flat.nodes.forEach((node, n) => { sum -= 2 * noise.logLikelihood(lnReported[i]![n]! - 0.5 * Math.log(Math.max(1e-4, (x - node[0]) ** 2 + (y - node[1]) ** 2))); });
    }
    w.forEach((value, q) => { sum += (wallExcess(value, q) / WALL_SIGMA) ** 2; });
    return sum;
  };
  let damping = 1e-2;
  let current = cost(waypoints);
  for (let iteration = 0; iteration < 60; iteration++) {
    const normal = Array.from({ length: size }, () => new Float64Array(size + 1));
    for (let i = 0; i <= last; i++) {
      const [x, y] = placeOn(waypoints, i);
      const { leg, along } = legOf(i);
      const shares: [number, number][] = along === 0 ? [[2 * leg, 1]] : [[2 * leg, 1 - along], [2 * leg + 2, along]];
      flat.nodes.forEach((node, n) => {
        const dx = x - node[0], dy = y - node[1];
        const squared = Math.max(1e-4, dx * dx + dy * dy);
        const error = lnReported[i]![n]! - 0.5 * Math.log(squared);
        const residual = error - noise.dipChance(error) * noise.shift;
        const gx = dx / squared, gy = dy / squared;
        for (const [a, sa] of shares) {
          normal[a]![size] = normal[a]![size]! + residual * gx * sa;
          normal[a + 1]![size] = normal[a + 1]![size]! + residual * gy * sa;
          for (const [b, sb] of shares) {
            normal[a]![b] = normal[a]![b]! + gx * gx * sa * sb;
            normal[a]![b + 1] = normal[a]![b + 1]! + gx * gy * sa * sb;
            normal[a + 1]![b] = normal[a + 1]![b]! + gy * gx * sa * sb;
            normal[a + 1]![b + 1] = normal[a + 1]![b + 1]! + gy * gy * sa * sb;
          }
        }
      });
    }
    const wallWeight = (noise.sigma / WALL_SIGMA) ** 2;
    waypoints.forEach((value, q) => {
      const excess = wallExcess(value, q);
      if (excess === 0) return;
      normal[q]![size] = normal[q]![size]! - wallWeight * excess;
      normal[q]![q] = normal[q]![q]! + wallWeight;
    });
    for (let q = 0; q < size; q++) normal[q]![q] = normal[q]![q]! + damping * (normal[q]![q]! + 1e-9);
    const step = solveLinear(normal);
    const trial = waypoints.map((value, q) => value + step[q]!);
    const trialCost = cost(trial);
    if (trialCost < current) {
      const converged = current - trialCost < 1e-9;
      waypoints.splice(0, size, ...trial);
      current = trialCost;
      damping = Math.max(1e-7, damping / 3);
      if (converged) return;
    } else {
      damping *= 4;
      if (damping > 1e6) return;
    }
  }
}

/** Solves the augmented system [A | b] by Gaussian elimination with partial pivoting. */
function solveLinear(augmented: Float64Array[]): number[] {
  const size = augmented.length;
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++) if (Math.abs(augmented[row]![column]!) > Math.abs(augmented[pivot]![column]!)) pivot = row;
    [augmented[column], augmented[pivot]] = [augmented[pivot]!, augmented[column]!];
    for (let row = 0; row < size; row++) {
      if (row === column) continue;
      const factor = augmented[row]![column]! / augmented[column]![column]!;
      for (let q = column; q <= size; q++) augmented[row]![q] = augmented[row]![q]! - factor * augmented[column]![q]!;
    }
  }
  return augmented.map((row, r) => row[size]! / row[r]!);
}

function motionOracle(samples: readonly EspSample[], flat: Flat, noise: NoiseModel): Vec2[] {
  const lnReported = samples.map((s) => s.readings.map((r) => Math.log(r.distance as number)));
  const waypoints = [flat.width / 2, flat.depth / 2];
  return samples.map((_, i) => {
    const { leg, along } = legOf(i);
    // A new waypoint starts where the last one is; the fit moves it as readings come in.
    while (waypoints.length < 2 * (leg + (along === 0 ? 1 : 2))) waypoints.push(waypoints.at(-2)!, waypoints.at(-1)!);
    fitWaypoints(waypoints, lnReported, i, flat, noise);
    return placeOn(waypoints, i);
  });
}

interface Bound {
  median: number;
  p95: number;
  wrongRoom: number;
}

function score(config: FloorplanConfig, perSeed: readonly { samples: readonly EspSample[]; estimates: readonly Vec2[] }[]): Bound {
  const medians: number[] = [], p95s: number[] = [];
  let wrong = 0, total = 0;
  for (const { samples, estimates } of perSeed) {
    const errors = samples.map((s, i) => Math.hypot(estimates[i]![0] - s.truth[0], estimates[i]![1] - s.truth[1]));
    medians.push(median(errors));
    p95s.push(percentile(errors, 95));
    samples.forEach((s, i) => {
      total++;
      if (roomAt(config, FLOOR, ...estimates[i]!) !== roomAt(config, FLOOR, ...s.truth)) wrong++;
    });
  }
  return { median: median(medians), p95: median(p95s), wrongRoom: wrong / total };
}

const { values } = parseArgs({ options: { seeds: { type: 'string', default: String(ESP_SEEDS) } } });
const seeds = Number(values.seeds);
if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`--seeds must be a whole number of at least 1, got "${values.seeds}"`);

const started = performance.now();
const config = (await loadConfigFile(ESP_CONFIG_FILE)).config!;
const noise = noiseModel(config);
const flat = flatOf(config);
const grid = gridOf(flat);
console.log(`ESP scenario bounds, seeds 1–${seeds} (the engine's figures: npm run bench:accuracy)`);
console.log('estimator                          | track             | median |  p95 | room ✗');
for (const track of ESP_TRACKS) {
  const runs = Array.from({ length: seeds }, (_, s) => espSamples(config, track, s + 1));
  const rows: [string, Bound][] = [
    ['single-shot, exact posterior mean', score(config, runs.map((samples) => ({ samples, estimates: singleShot(samples, grid, noise) })))],
    ['tracked, motion oracle (MAP)', score(config, runs.map((samples) => ({ samples, estimates: motionOracle(samples, flat, noise) })))],
  ];
  for (const [name, bound] of rows) {
    console.log(`${name.padEnd(34)} | ${track.name.padEnd(17)} | ${bound.median.toFixed(2).padStart(6)} | ${bound.p95.toFixed(2).padStart(4)} | ${(bound.wrongRoom * 100).toFixed(1).padStart(5)}%`);
  }
}
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
