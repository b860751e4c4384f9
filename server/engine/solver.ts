/**
 * Trilateration: weighted, robust nonlinear least squares by Levenberg-Marquardt, written for this
 * problem (3 unknowns, a few to a few dozen ranges) with an analytic Jacobian and no allocation per
 * iteration.
 *
 * Model. RSSI noise is Gaussian in dB, so a range is log-normal around the true range and its error
 * grows with distance. The residual of node i is therefore taken in log space,
 *   r_i = (ln soft(|p - n_i|) - ln soft(d_i)) / sigma_i,   soft(d) = sqrt(d^2 + MIN_RANGE^2),
 * where sigma_i is the node's standard deviation of ln(distance) (see rssi-model.ts). Softening both
 * sides alike keeps ln finite at zero range without biasing exact ranges. When z is free a
 * prior residual (z - zPrior) / zSigma is added: z is weakly observable from ceiling-mounted nodes.
 * Cost F = sum loss(r_i) (+ r_z^2 / 2). With `robust`, loss is Cauchy's: it bounds the pull of a
 * multipath reading that is 1.5 to 2 times too long (|r| of 2 to 4 sigma) instead of letting it drag
 * the fix; without it, loss(r) = r^2 / 2 (plain weighted least squares).
 *
 * Estimate. exp(-F) is the posterior over the position (the plan's rooms and the tracker's prediction
 * are its prior terms), and the optimiser finds its mode. A few log-normal ranges give a skewed
 * posterior, with a long tail away from the nodes, that the walls cut: the curvature at the mode
 * misstates its spread, so the result integrates it on a grid (see `posterior`).
 */
import type { Vec3 } from '../config/types.ts';
import type { SolveMethod } from './types.ts';

export interface RangeObservation {
  /** Node key, reported back in `nodesUsed`. */
  key: string;
  x: number;
  y: number;
  z: number;
  /** Measured range, metres. */
  distance: number;
  /** Standard deviation of ln(distance). */
  sigma: number;
}

export interface Box {
  minX: number;
  minY: number;
  minZ: number;
  maxX: number;
  maxY: number;
  maxZ: number;
}

export interface SolveOptions {
  /** Expected device z (floor base + device height). */
  zPrior: number;
  zSigma: number;
  /** The result is kept inside this box. */
  bounds: Box;
  /**
   * Where the device is expected to be (the rooms): being outside costs ((distance out) / sigma)^2 / 2
   * per axis, a Gaussian edge on a uniform prior over the plan.
   */
  interior?: Interior | null;
  /** Where to start, e.g. the previous fix; otherwise a weighted centroid of the nearest nodes. */
  start?: Vec3 | null;
  /** Cauchy loss (default) or plain least squares. */
  robust?: boolean;
  /**
   * A Gaussian belief about (x, y) from the tracker's prediction. With it the problem is well posed
   * for any number of ranges, and the descent starts at its mean.
   */
  prior?: PositionPrior | null;
  /**
   * Integrate the posterior (default): under a prior, report its mean and covariance, which a
   * Kalman filter takes in; without one, the centre of the smallest disk holding 1 - 1/e of it, and
   * that disk's radius as `accuracy` (on recorded data the mean of a lone fix's posterior, which the
   * walls cut, sits nearer the plan's middle than the device: docs/BENCHMARKS.md). false: the mode
   * and its curvature only.
   */
  posterior?: boolean;
}

export interface Interior {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** How far outside is still plausible: walls drawn on their inner face, plans drawn by hand. */
  sigma: number;
  /**
   * Distance from (x, y) to the nearest room, 0 inside one: the plan's own shape within the box.
   * The posterior integration weighs it; the descent's derivatives see the box only.
   */
  outside?: (x: number, y: number) => number;
}

export interface PositionPrior {
  x: number;
  y: number;
  /** Inverse covariance of (x, y), packed [xx, xy, yy]. */
  information: Sym2;
}

/** A symmetric 2x2 matrix packed [xx, xy, yy]. */
export type Sym2 = [number, number, number];

/** Cells of a posterior integration: cellsX x cellsY, the first centred half a cell from (x0, y0). */
interface Grid {
  x0: number;
  y0: number;
  cellX: number;
  cellY: number;
  cellsX: number;
  cellsY: number;
}

/** A posterior's mean, covariance and total weight, and the grid that integrated it. */
interface Moments {
  x: number;
  y: number;
  covariance: Sym2;
  mass: number;
  grid: Grid;
  /** The grid's widest cell side. */
  cell: number;
}

export interface SolveResult {
  coordinates: Vec3;
  /** Covariance of (x, y) about `coordinates`, packed [xx, xy, yy]: the prior's information included. */
  covariance: Sym2;
  /** 1-sigma horizontal radius, metres: sqrt(var x + var y). */
  accuracy: number;
  confidence: number;
  method: Exclude<SolveMethod, 'none'>;
  nodesUsed: string[];
  /** RMS of (predicted - measured) range over the nodes used, metres. */
  residualRms: number;
  iterations: number;
  /** Objective at the mode (see the module comment), prior terms included. */
  cost: number;
  /** The posterior's mode, the point the optimiser found: `coordinates`, but for a posterior mean. */
  mode: Vec3;
}

/** Ranges are softened by this in quadrature: BLE cannot resolve closer, and ln(0) is undefined. */
export const MIN_RANGE = 0.1;
/** Cauchy scale in sigmas: readings beyond about 2 sigma lose influence progressively. */
const CAUCHY_SCALE = 2;
/** z is solved freely (with its prior) only when the nodes used span this much height. */
const Z_OBSERVABLE_SPAN = 1.0;
/** Nodes closer than this horizontally count as one position; a set this thin is a line. */
const DEGENERATE_SPREAD = 0.05;
/**
 * Pseudo degrees of freedom of the a-priori noise level when scaling the covariance by the
 * residual: with 3 or 4 nodes the residual alone is too noisy to trust (it can be near zero).
 */
const PRIOR_DOF = 2;
/** confidence = 1 / (1 + (accuracy / CONFIDENCE_SCALE)^2): 1 m -> 0.8, 2 m -> 0.5, 4 m -> 0.2. */
const CONFIDENCE_SCALE = 2;
const MAX_ITERATIONS = 100;
const STEP_TOLERANCE = 1e-6;
/**
 * A start this close to a minimum already found descends into it: the cost surface's features are
 * as wide as the ranges, which are rarely under a metre.
 */
const SAME_BASIN = 1.0;
/**
 * Under a prior the posterior is integrated on this many cells a side, reaching this many standard
 * deviations of the curvature at the mode each way: cells of 0.75 sigma resolve its skew (10 or 24
 * a side moved no accuracy figure by more than 0.01 m, at 0.7 and 0.2 times the tracker's throughput).
 */
const POSTERIOR_CELLS = 8;
const POSTERIOR_REACH_SIGMAS = 3;
/**
 * A fix from the ranges alone integrates the whole floor in cells this wide, metres: a fifth of the
 * spread of a typical fix (0.5 to 1 m); a narrower posterior falls back to the window...
 */
const FLOOR_CELL = 0.2;
/**
 * ...but in at most this many cells (a 20 x 20 m floor). Only a track's start pays for it: 1 to 4 ms
 * for 5 to 20 ranges on a 14 x 12 m floor (docs/BENCHMARKS.md, Solver).
 */
const MAX_FLOOR_CELLS = 10_000;
/**
 * A lone fix's `accuracy` is the radius around it that holds the device with this probability under
 * the posterior: what a round Gaussian's sqrt(var x + var y) holds. The curvature at the mode sees
 * neither the walls nor a second hump, and the variances would weigh the long tails of a few ranges
 * that may each be multipath by their squared distance.
 */
const MASS_RADIUS_SHARE = 1 - Math.exp(-1);
/** Distance bins for finding that radius: 1/200 of the grid's reach resolves it to well under a cm. */
const RADIUS_BINS = 200;
/** The smallest such disk is found to a centimetre, in a few rounds (see smallestDisk). */
const DISK_TOLERANCE = 0.01;
const DISK_ROUNDS = 20;

export function confidenceFromAccuracy(accuracy: number): number {
  const q = accuracy / CONFIDENCE_SCALE;
  return 1 / (1 + q * q);
}

export class Solver {
  private capacity = 0;
  private nx = new Float64Array(0);
  private ny = new Float64Array(0);
  private nz = new Float64Array(0);
  private lnD = new Float64Array(0);
  private dist = new Float64Array(0);
  private residuals = new Float64Array(0);
  private trialResiduals = new Float64Array(0);
  private invSigma = new Float64Array(0);
  private count = 0;
  private robust = true;
  private zFree = false;
  private zPrior = 0;
  private zInvSigma = 0;
  private prior: PositionPrior | null = null;
  private interior: Interior | null = null;
  // At the current point: gradient g, Hessian H (exact second derivatives: with ranges in log space
  // the residuals stay large next to their curvature, where Gauss-Newton would converge only
  // linearly), and the Gauss-Newton information J^T W J used for damping and the covariance.
  // Symmetric 3x3 matrices are packed as [00, 01, 02, 11, 12, 22].
  private readonly gradient = new Float64Array(3);
  private readonly hessian = new Float64Array(6);
  private readonly information = new Float64Array(6);
  private readonly rangeInformation = new Float64Array(6);
  /** The matrix of the last step's quadratic model: hessian or information. */
  private model = this.hessian;
  private weightedSquares = 0;
  /** The ranges' part of the last objective(). */
  private rangeCost = 0;
  // Result of minimise().
  private px = 0;
  private py = 0;
  private pz = 0;
  private iterations = 0;
  private readonly step = new Float64Array(3);
  private readonly usedIndex: number[] = [];
  /** The last integration's weight per cell, and their mass by distance (massRadius). */
  private cellWeights = new Float64Array(0);
  private readonly radiusBins = new Float64Array(RADIUS_BINS);

  /** Returns null when no observation is usable (non-finite, negative, or without a valid sigma). */
  solve(observations: readonly RangeObservation[], options: SolveOptions): SolveResult | null {
    this.load(observations, options);
    const n = this.count;
    if (n === 0) return null;
    const nodesUsed = this.usedIndex.map((i) => observations[i]!.key);
    const { bounds } = options;
    if (this.prior) return this.solveWithPrior(this.prior, options, nodesUsed);

    const distinct = this.distinctPositions();
    if (distinct.length === 1) {
      const i = distinct[0]!;
      const d = this.dist[i]!;
      return this.result([this.nx[i]!, this.ny[i]!, options.zPrior], isotropicCovariance(d), 'single_node', nodesUsed, 0, bounds);
    }
    if (distinct.length === 2) return this.twoNodes(distinct[0]!, distinct[1]!, options, nodesUsed);

    const line = this.lineDirection(distinct);
    const starts = line ? [this.startBesideLine(distinct[0]!, line, options)] : this.startPoints(options);
    let bestCost = Infinity;
    let x = 0;
    let y = 0;
    let z = 0;
    let iterations = 0;
    const minima: number[] = [];
    for (const [sx, sy, sz] of starts) {
      if (nearAny(sx, sy, minima)) continue;
      const cost = this.minimise(sx, sy, sz, bounds, minima);
      iterations += this.iterations;
      if (cost === Infinity) continue;
      minima.push(this.px, this.py);
      if (cost < bestCost) {
        bestCost = cost;
        x = this.px;
        y = this.py;
        z = this.pz;
      }
    }
    this.objective(x, y, z);
    this.acceptTrial();
    this.derivatives(x, y, z);
    const scale = (PRIOR_DOF + this.weightedSquares) / (PRIOR_DOF + Math.max(0, n - 2));
    if (line) {
      // Nodes on one line cannot tell a point from its mirror image across the line. Unless the
      // mirror lies outside the floor, report the point on the line between the two, with their
      // distance from it as part of the error.
      const i0 = distinct[0]!;
      const along = (x - this.nx[i0]!) * line[0] + (y - this.ny[i0]!) * line[1];
      const footX = this.nx[i0]! + along * line[0];
      const footY = this.ny[i0]! + along * line[1];
      const mirrorX = 2 * footX - x;
      const mirrorY = 2 * footY - y;
      if (!inside(mirrorX, mirrorY, bounds)) return this.result([x, y, z], this.laplace(scale), 'collinear', nodesUsed, iterations, bounds);
      const offset2 = (x - footX) ** 2 + (y - footY) ** 2;
      const info = this.information;
      const alongInformation = line[0] * line[0] * info[0]! + 2 * line[0] * line[1] * info[1]! + line[1] * line[1] * info[3]!;
      const accuracy = Math.sqrt(scale / Math.max(alongInformation, 1e-12) + offset2);
      return this.result([footX, footY, z], isotropicCovariance(accuracy), 'collinear', nodesUsed, iterations, bounds);
    }
    return this.estimate([x, y, z], this.laplace(scale), scale, options, nodesUsed, iterations);
  }

  /** Descends from the prior's mean: the prior makes even one range well posed. */
  private solveWithPrior(prior: PositionPrior, options: SolveOptions, nodesUsed: string[]): SolveResult {
    const { bounds } = options;
    const z0 = this.zFree ? clamp(options.zPrior, bounds.minZ, bounds.maxZ) : options.zPrior;
    this.minimise(clamp(prior.x, bounds.minX, bounds.maxX), clamp(prior.y, bounds.minY, bounds.maxY), z0, bounds, []);
    const { px: x, py: y, pz: z, iterations } = this;
    this.objective(x, y, z);
    this.acceptTrial();
    this.derivatives(x, y, z);
    const [a, b, c] = prior.information;
    const ranges = this.horizontalInformation();
    // The fit spends tr(R (R + P)^-1) of the ranges' degrees of freedom (R: theirs, P: the prior's).
    const [ia, ib, ic] = invertSym2([ranges[0] + a, ranges[1] + b, ranges[2] + c]);
    const spent = ranges[0] * ia + 2 * ranges[1] * ib + ranges[2] * ic;
    const scale = (PRIOR_DOF + this.weightedSquares) / (PRIOR_DOF + Math.max(0, this.count - spent));
    const curvature = invertSym2([ranges[0] / scale + a, ranges[1] / scale + b, ranges[2] / scale + c]);
    return this.estimate([x, y, z], curvature, scale, options, nodesUsed, iterations);
  }

  /**
   * The result for the mode found, `curvature` its covariance from the curvature there; see
   * SolveOptions.posterior. `residualScale` is the ranges' noise level as their residuals estimate
   * it, relative to their sigmas: it scaled their information in `curvature`, and it tempers their
   * part of the posterior alike.
   */
  private estimate(mode: Vec3, curvature: Sym2, residualScale: number, options: SolveOptions, nodesUsed: string[], iterations: number): SolveResult {
    const { bounds } = options;
    const moments = options.posterior === false ? null : this.posteriorMoments(mode, curvature, residualScale, bounds);
    if (!moments) return this.result(mode, curvature, 'least_squares', nodesUsed, iterations, bounds);
    if (this.prior) return this.result([moments.x, moments.y, mode[2]], moments.covariance, 'least_squares', nodesUsed, iterations, bounds, mode);
    const { x, y, radius } = this.smallestDisk(moments, mode);
    // The curvature's shape, at the size of that disk.
    const size = (radius * radius) / (curvature[0] + curvature[2]);
    return this.result([x, y, mode[2]], [curvature[0] * size, curvature[1] * size, curvature[2] * size], 'least_squares', nodesUsed, iterations, bounds, mode);
  }

  /**
   * The centre and radius of the smallest disk that holds MASS_RADIUS_SHARE of the posterior
   * integrate() left in cellWeights: the point most likely to be within its own accuracy of the
   * device. Between the mode, which ignores the posterior's skew, and the mean, which a broad
   * posterior's tails and the walls drag toward the plan's middle. Found from the mode by
   * alternating: move to the disk's centre of mass, then shrink it to hold the share again.
   */
  private smallestDisk({ grid, mass }: Moments, mode: Vec3): { x: number; y: number; radius: number } {
    const { cellX, cellY, cellsX, cellsY } = grid;
    let cx = mode[0] - grid.x0;
    let cy = mode[1] - grid.y0;
    let radius = this.massRadius(grid, cx, cy, mass);
    for (let round = 0; round < DISK_ROUNDS; round++) {
      let inside = 0, sx = 0, sy = 0;
      // Only the cells of the disk's bounding square.
      const iEnd = Math.min(cellsX, Math.ceil((cx + radius) / cellX));
      const jStart = Math.max(0, Math.floor((cy - radius) / cellY));
      const jEnd = Math.min(cellsY, Math.ceil((cy + radius) / cellY));
      for (let i = Math.max(0, Math.floor((cx - radius) / cellX)); i < iEnd; i++) {
        const dx = (i + 0.5) * cellX - cx;
        for (let j = jStart; j < jEnd; j++) {
          const dy = (j + 0.5) * cellY - cy;
          if (dx * dx + dy * dy > radius * radius) continue;
          const w = this.cellWeights[i * cellsY + j]!;
          inside += w;
          sx += w * dx;
          sy += w * dy;
        }
      }
      if (!(inside > 0)) break;
      cx += sx / inside;
      cy += sy / inside;
      radius = this.massRadius(grid, cx, cy, mass);
      if (Math.hypot(sx, sy) < DISK_TOLERANCE * inside) break;
    }
    return { x: grid.x0 + cx, y: grid.y0 + cy, radius };
  }

  /**
   * The posterior's moments over (x, y) at the mode's height; null when no grid has extent. Under
   * the tracker's prediction it is one hump: a window around the mode, POSTERIOR_REACH_SIGMAS of
   * the curvature there each way. From the ranges alone it can be a ring around a near node, or
   * have a second hump across the plan, which the curvature at the mode does not see: the whole
   * floor is integrated, unless its cells are too coarse for the hump found.
   */
  private posteriorMoments(mode: Vec3, curvature: Sym2, rangeScale: number, bounds: Box): Moments | null {
    if (!this.prior) {
      const floor = this.integrate(mode, rangeScale, floorGrid(bounds));
      if (floor && Math.min(floor.covariance[0], floor.covariance[2]) >= floor.cell * floor.cell) return floor;
    }
    const [x, y] = mode;
    const reachX = POSTERIOR_REACH_SIGMAS * Math.sqrt(curvature[0]);
    const reachY = POSTERIOR_REACH_SIGMAS * Math.sqrt(curvature[2]);
    const x0 = Math.max(bounds.minX, x - reachX);
    const y0 = Math.max(bounds.minY, y - reachY);
    const window: Grid = {
      x0,
      y0,
      cellX: (Math.min(bounds.maxX, x + reachX) - x0) / POSTERIOR_CELLS,
      cellY: (Math.min(bounds.maxY, y + reachY) - y0) / POSTERIOR_CELLS,
      cellsX: POSTERIOR_CELLS,
      cellsY: POSTERIOR_CELLS,
    };
    return this.integrate(mode, rangeScale, window);
  }

  /** The posterior's moments on a grid's cell centres; null for a grid without extent or mass. */
  private integrate(mode: Vec3, rangeScale: number, grid: Grid): Moments | null {
    const { x0, y0, cellX, cellY, cellsX, cellsY } = grid;
    if (!(cellX > 0 && cellY > 0 && Number.isFinite(cellX) && Number.isFinite(cellY))) return null;
    const cells = cellsX * cellsY;
    if (this.cellWeights.length < cells) this.cellWeights = new Float64Array(cells);
    const weights = this.cellWeights;
    const [x, y, z] = mode;
    const cost0 = this.objective(x, y, z);
    const ranges0 = this.rangeCost;
    let mass = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    for (let i = 0; i < cellsX; i++) {
      // Offsets from the mode: small numbers, no cancellation far from the origin.
      const dx = x0 + (i + 0.5) * cellX - x;
      for (let j = 0; j < cellsY; j++) {
        const dy = y0 + (j + 0.5) * cellY - y;
        const cost = this.objective(x + dx, y + dy, z);
        const w = Math.exp((ranges0 - this.rangeCost) / rangeScale + (cost0 - ranges0) - (cost - this.rangeCost));
        weights[i * cellsY + j] = w;
        mass += w;
        sx += w * dx;
        sy += w * dy;
        sxx += w * dx * dx;
        sxy += w * dx * dy;
        syy += w * dy * dy;
      }
    }
    if (!(mass > 0)) return null;
    const mx = sx / mass;
    const my = sy / mass;
    // The density is sampled at cell centres (the midpoint rule), not averaged over cells: its
    // moments need no correction for the cells' width while cells are narrower than its spread.
    const covariance: Sym2 = [sxx / mass - mx * mx, sxy / mass - mx * my, syy / mass - my * my];
    return { x: x + mx, y: y + my, covariance, mass, grid, cell: Math.max(cellX, cellY) };
  }

  /**
   * The radius around (cx, cy), in the grid's frame (from its corner), that holds MASS_RADIUS_SHARE
   * of the weights integrate() left in cellWeights: cells binned by distance, interpolated in a bin.
   */
  private massRadius(grid: Grid, cx: number, cy: number, mass: number): number {
    const { cellX, cellY, cellsX, cellsY } = grid;
    const far = Math.hypot(Math.max(cx, cellsX * cellX - cx), Math.max(cy, cellsY * cellY - cy));
    const bins = this.radiusBins.fill(0);
    const binWidth = far / bins.length;
    for (let i = 0; i < cellsX; i++) {
      const dx = (i + 0.5) * cellX - cx;
      for (let j = 0; j < cellsY; j++) {
        const dy = (j + 0.5) * cellY - cy;
        const r = Math.sqrt(dx * dx + dy * dy);
        bins[Math.min(bins.length - 1, Math.floor(r / binWidth))]! += this.cellWeights[i * cellsY + j]!;
      }
    }
    const target = MASS_RADIUS_SHARE * mass;
    let below = 0;
    for (let k = 0; k < bins.length; k++) {
      const inBin = bins[k]!;
      if (below + inBin >= target) return binWidth * (k + (target - below) / inBin);
      below += inBin;
    }
    return far;
  }

  /**
   * Levenberg-Marquardt from (x, y, z), projected onto the bounds: the point goes to px, py, pz and
   * its cost is returned. A descent that enters the basin of one of the `known` minima is abandoned
   * (Infinity): it would only find that minimum again.
   */
  private minimise(x: number, y: number, z: number, bounds: Box, known: number[]): number {
    let cost = this.objective(x, y, z);
    this.acceptTrial();
    let lambda = 1e-2;
    let nu = 2;
    let iterations = 0;
    let moved = true;
    const step = this.step;
    while (iterations < MAX_ITERATIONS) {
      iterations++;
      // After a rejected step the point, and so its derivatives, are unchanged.
      if (moved) this.derivatives(x, y, z);
      moved = false;
      const g = this.gradient;
      // Projected Newton: an axis resting on a bound that the descent direction points out of is
      // held, so the other axes can still converge quadratically along the boundary.
      const holdX = (x <= bounds.minX && g[0]! > 0) || (x >= bounds.maxX && g[0]! < 0);
      const holdY = (y <= bounds.minY && g[1]! > 0) || (y >= bounds.maxY && g[1]! < 0);
      const holdZ = !this.zFree || (z <= bounds.minZ && g[2]! > 0) || (z >= bounds.maxZ && g[2]! < 0);
      const free = Math.max(holdX ? 0 : Math.abs(g[0]!), holdY ? 0 : Math.abs(g[1]!), holdZ ? 0 : Math.abs(g[2]!));
      if (free < 1e-14) break;
      if (!this.dampedStep(lambda, holdX, holdY, holdZ)) {
        lambda *= nu;
        nu *= 2;
        continue;
      }
      const nx = clamp(x + step[0]!, bounds.minX, bounds.maxX);
      const ny = clamp(y + step[1]!, bounds.minY, bounds.maxY);
      const nz = clamp(z + step[2]!, bounds.minZ, bounds.maxZ);
      const stepLength = Math.max(Math.abs(nx - x), Math.abs(ny - y), Math.abs(nz - z));
      // A full Newton step this short means the minimum is reached: no need to evaluate it.
      if (stepLength < STEP_TOLERANCE && this.model === this.hessian) break;
      const trialCost = this.objective(nx, ny, nz);
      if (trialCost <= cost) {
        // The gain ratio against the quadratic model sets how fast the damping relaxes (Nielsen).
        const predicted = this.predictedDecrease();
        const gain = predicted > 0 ? (cost - trialCost) / predicted : 0;
        const improvement = cost - trialCost;
        x = nx;
        y = ny;
        z = nz;
        cost = trialCost;
        this.acceptTrial();
        moved = true;
        lambda *= Math.max(1 / 3, 1 - (2 * gain - 1) ** 3);
        nu = 2;
        if (stepLength < STEP_TOLERANCE || improvement <= 1e-14 * cost) break;
        if (nearAny(x, y, known)) {
          cost = Infinity;
          break;
        }
      } else {
        if (stepLength < STEP_TOLERANCE) break;
        lambda *= nu;
        nu *= 2;
      }
    }
    this.px = x;
    this.py = y;
    this.pz = z;
    this.iterations = iterations;
    return cost;
  }

  /**
   * The cost surface of ranges can have several minima, so descend from each of, best first: the
   * caller's start (the previous fix), the linearised least-squares solution, the weighted centroid.
   */
  private startPoints(options: SolveOptions): Vec3[] {
    const { bounds, zPrior } = options;
    const candidates: Vec3[] = [];
    if (options.start) candidates.push(options.start);
    const linear = this.linearEstimate(zPrior);
    if (linear) candidates.push(linear);
    candidates.push(this.weightedCentroid(zPrior));
    return candidates.map((c) => [
      clamp(c[0], bounds.minX, bounds.maxX),
      clamp(c[1], bounds.minY, bounds.maxY),
      this.zFree ? clamp(c[2], bounds.minZ, bounds.maxZ) : zPrior,
    ]);
  }

  /**
   * On the node line both mirror minima are stationary points of equal cost and the line itself is
   * a ridge between them, so start one metre off it, on the side of the floor's centre.
   */
  private startBesideLine(i0: number, line: [number, number], options: SolveOptions): Vec3 {
    const { bounds, zPrior } = options;
    const [cx, cy] = this.weightedCentroid(zPrior);
    const normalX = -line[1];
    const normalY = line[0];
    const side = ((bounds.minX + bounds.maxX) / 2 - this.nx[i0]!) * normalX + ((bounds.minY + bounds.maxY) / 2 - this.ny[i0]!) * normalY;
    const sign = side < 0 ? -1 : 1;
    return [
      clamp(cx + sign * normalX, bounds.minX, bounds.maxX),
      clamp(cy + sign * normalY, bounds.minY, bounds.maxY),
      clamp(zPrior, bounds.minZ, bounds.maxZ),
    ];
  }

  /**
   * Closed-form start: with z at its prior, |p - n_i|^2 = h_i^2 (h the horizontal range) is linear
   * in p after subtracting the nearest node's equation. Null when the nodes are collinear.
   */
  private linearEstimate(zPrior: number): Vec3 | null {
    let ref = 0;
    for (let i = 1; i < this.count; i++) if (this.dist[i]! < this.dist[ref]!) ref = i;
    const rx = this.nx[ref]!;
    const ry = this.ny[ref]!;
    const refTerm = rx * rx + ry * ry - this.horizontalRange2(ref, zPrior);
    let m00 = 0, m01 = 0, m11 = 0, v0 = 0, v1 = 0;
    for (let i = 0; i < this.count; i++) {
      if (i === ref) continue;
      const nx = this.nx[i]!;
      const ny = this.ny[i]!;
      const ax = 2 * (nx - rx);
      const ay = 2 * (ny - ry);
      const rhs = nx * nx + ny * ny - this.horizontalRange2(i, zPrior) - refTerm;
      // The equation's error grows with the square of the range.
      const d2 = this.dist[i]! * this.dist[i]!;
      const w = 1 / (1 + d2 * d2);
      m00 += w * ax * ax;
      m01 += w * ax * ay;
      m11 += w * ay * ay;
      v0 += w * ax * rhs;
      v1 += w * ay * rhs;
    }
    const det = m00 * m11 - m01 * m01;
    if (!(det > 1e-12 * (m00 * m11 + 1e-300))) return null;
    return [(v0 * m11 - v1 * m01) / det, (v1 * m00 - v0 * m01) / det, zPrior];
  }

  /** Squared horizontal part of node i's range for a device at height z (0 if the range is shorter). */
  private horizontalRange2(i: number, z: number): number {
    const d = this.dist[i]!;
    const dz = z - this.nz[i]!;
    return Math.max(0, d * d - dz * dz);
  }


  /** The objective at `p` for these observations (tests compare it with an independent optimiser). */
  cost(observations: readonly RangeObservation[], options: SolveOptions, p: Vec3): number {
    this.load(observations, options);
    return this.objective(p[0], p[1], this.zFree ? p[2] : options.zPrior);
  }

  private load(observations: readonly RangeObservation[], options: SolveOptions): void {
    if (observations.length > this.capacity) this.grow(observations.length);
    this.usedIndex.length = 0;
    let n = 0;
    let zMin = Infinity;
    let zMax = -Infinity;
    for (let i = 0; i < observations.length; i++) {
      const o = observations[i]!;
      if (!(o.distance >= 0) || !Number.isFinite(o.distance) || !(o.sigma > 0) || !Number.isFinite(o.sigma)) continue;
      if (!Number.isFinite(o.x) || !Number.isFinite(o.y) || !Number.isFinite(o.z)) continue;
      this.nx[n] = o.x;
      this.ny[n] = o.y;
      this.nz[n] = o.z;
      this.lnD[n] = 0.5 * Math.log(o.distance * o.distance + MIN_RANGE * MIN_RANGE);
      this.dist[n] = o.distance;
      this.invSigma[n] = 1 / o.sigma;
      this.usedIndex.push(i);
      if (o.z < zMin) zMin = o.z;
      if (o.z > zMax) zMax = o.z;
      n++;
    }
    this.count = n;
    this.robust = options.robust ?? true;
    this.zFree = n >= 4 && zMax - zMin >= Z_OBSERVABLE_SPAN;
    this.zPrior = options.zPrior;
    this.zInvSigma = 1 / options.zSigma;
    this.prior = options.prior ?? null;
    this.interior = options.interior ?? null;
  }

  private grow(size: number): void {
    this.capacity = Math.max(size, this.capacity * 2, 16);
    this.nx = new Float64Array(this.capacity);
    this.ny = new Float64Array(this.capacity);
    this.nz = new Float64Array(this.capacity);
    this.lnD = new Float64Array(this.capacity);
    this.dist = new Float64Array(this.capacity);
    this.residuals = new Float64Array(this.capacity);
    this.trialResiduals = new Float64Array(this.capacity);
    this.invSigma = new Float64Array(this.capacity);
  }

  /** The cost at p; its residuals are kept in trialResiduals for acceptTrial(). */
  private objective(x: number, y: number, z: number): number {
    let f = 0;
    const c2 = CAUCHY_SCALE * CAUCHY_SCALE;
    const out = this.trialResiduals;
    for (let i = 0; i < this.count; i++) {
      const dx = x - this.nx[i]!;
      const dy = y - this.ny[i]!;
      const dz = z - this.nz[i]!;
      const r = (0.5 * Math.log(dx * dx + dy * dy + dz * dz + MIN_RANGE * MIN_RANGE) - this.lnD[i]!) * this.invSigma[i]!;
      out[i] = r;
      f += this.robust ? 0.5 * c2 * Math.log1p((r * r) / c2) : 0.5 * r * r;
    }
    this.rangeCost = f;
    if (this.zFree) {
      const rz = (z - this.zPrior) * this.zInvSigma;
      f += 0.5 * rz * rz;
    }
    if (this.prior) {
      const [a, b, c] = this.prior.information;
      const ex = x - this.prior.x;
      const ey = y - this.prior.y;
      f += 0.5 * (a * ex * ex + 2 * b * ex * ey + c * ey * ey);
    }
    if (this.interior) {
      const { minX, maxX, minY, maxY, sigma } = this.interior;
      const ox = outside(x, minX, maxX) / sigma;
      const oy = outside(y, minY, maxY) / sigma;
      const rooms = this.interior.outside && ox === 0 && oy === 0 ? this.interior.outside(x, y) / sigma : 0;
      f += 0.5 * (ox * ox + oy * oy + rooms * rooms);
    }
    return f;
  }

  /** The last objective() point becomes the current one: derivatives() reuse its residuals. */
  private acceptTrial(): void {
    const swap = this.residuals;
    this.residuals = this.trialResiduals;
    this.trialResiduals = swap;
  }

  /** Gradient, Hessian and information at p, whose residuals acceptTrial() made current. */
  private derivatives(x: number, y: number, z: number): void {
    let g0 = 0, g1 = 0, g2 = 0;
    let h00 = 0, h01 = 0, h02 = 0, h11 = 0, h12 = 0, h22 = 0;
    let i00 = 0, i01 = 0, i02 = 0, i11 = 0, i12 = 0, i22 = 0;
    let squares = 0;
    const c2 = CAUCHY_SCALE * CAUCHY_SCALE;
    for (let i = 0; i < this.count; i++) {
      const dx = x - this.nx[i]!;
      const dy = y - this.ny[i]!;
      const dzTrue = z - this.nz[i]!;
      const dz = this.zFree ? dzTrue : 0;
      const rho2 = dx * dx + dy * dy + dzTrue * dzTrue + MIN_RANGE * MIN_RANGE;
      const s = this.invSigma[i]!;
      const r = this.residuals[i]!;
      // loss'(r) = w r and loss''(r) = curvature; both reduce to plain least squares when not robust.
      const u = (r * r) / c2;
      const w = this.robust ? 1 / (1 + u) : 1;
      const curvature = this.robust ? (1 - u) * w * w : 1;
      // grad r = k d and hess r = k (I - 2 d d^T / rho^2), with d = p - n and k = 1 / (rho^2 sigma).
      const k = s / rho2;
      const gx = dx * k;
      const gy = dy * k;
      const gz = dz * k;
      const wr = w * r;
      const bend = (2 * wr * k) / rho2;
      g0 += wr * gx;
      g1 += wr * gy;
      g2 += wr * gz;
      i00 += w * gx * gx;
      i01 += w * gx * gy;
      i02 += w * gx * gz;
      i11 += w * gy * gy;
      i12 += w * gy * gz;
      i22 += w * gz * gz;
      h00 += curvature * gx * gx + wr * k - bend * dx * dx;
      h01 += curvature * gx * gy - bend * dx * dy;
      h02 += curvature * gx * gz - bend * dx * dz;
      h11 += curvature * gy * gy + wr * k - bend * dy * dy;
      h12 += curvature * gy * gz - bend * dy * dz;
      h22 += curvature * gz * gz + wr * k - bend * dz * dz;
      squares += w * r * r;
    }
    if (this.zFree) {
      const rz = (z - this.zPrior) * this.zInvSigma;
      const prior = this.zInvSigma * this.zInvSigma;
      g2 += this.zInvSigma * rz;
      h22 += prior;
      i22 += prior;
      squares += rz * rz;
    } else {
      // z is not a parameter: an identity row keeps the 3x3 algebra uniform, with a zero z step.
      h22 = 1;
      i22 = 1;
    }
    // The ranges' own information, before the prior joins it (see horizontalInformation).
    this.rangeInformation[0] = i00;
    this.rangeInformation[1] = i01;
    this.rangeInformation[2] = i02;
    this.rangeInformation[3] = i11;
    this.rangeInformation[4] = i12;
    this.rangeInformation[5] = i22;
    if (this.prior) {
      const [a, b, c] = this.prior.information;
      const ex = x - this.prior.x;
      const ey = y - this.prior.y;
      g0 += a * ex + b * ey;
      g1 += b * ex + c * ey;
      h00 += a; h01 += b; h11 += c;
      i00 += a; i01 += b; i11 += c;
    }
    if (this.interior) {
      const { minX, maxX, minY, maxY, sigma } = this.interior;
      const curvature = 1 / (sigma * sigma);
      const ox = outside(x, minX, maxX);
      const oy = outside(y, minY, maxY);
      if (ox !== 0) {
        g0 += ox * curvature;
        h00 += curvature;
        i00 += curvature;
      }
      if (oy !== 0) {
        g1 += oy * curvature;
        h11 += curvature;
        i11 += curvature;
      }
    }
    const g = this.gradient;
    g[0] = g0; g[1] = g1; g[2] = g2;
    const h = this.hessian;
    h[0] = h00; h[1] = h01; h[2] = h02; h[3] = h11; h[4] = h12; h[5] = h22;
    const info = this.information;
    info[0] = i00; info[1] = i01; info[2] = i02; info[3] = i11; info[4] = i12; info[5] = i22;
    this.weightedSquares = squares;
  }

  /**
   * Solves (M + lambda D) step = -g into this.step over the free axes (a held axis gets a zero
   * step), D the information's diagonal. M is the Hessian where, damped, it is positive definite,
   * else the Gauss-Newton information, which always is: far from the minimum the cost is not convex,
   * and waiting for the damping to grow costs iterations. False only when neither is usable.
   */
  private dampedStep(lambda: number, holdX: boolean, holdY: boolean, holdZ: boolean): boolean {
    if (this.solveWith(this.hessian, lambda, holdX, holdY, holdZ)) {
      this.model = this.hessian;
      return true;
    }
    this.model = this.information;
    return this.solveWith(this.information, lambda, holdX, holdY, holdZ);
  }

  private solveWith(a: Float64Array, lambda: number, holdX: boolean, holdY: boolean, holdZ: boolean): boolean {
    const info = this.information;
    const floor = 1e-12 * Math.max(info[0]!, info[3]!, 1e-300);
    const m00 = holdX ? 1 : a[0]! + lambda * Math.max(info[0]!, floor);
    const m11 = holdY ? 1 : a[3]! + lambda * Math.max(info[3]!, floor);
    const m22 = holdZ ? 1 : a[5]! + lambda * Math.max(info[5]!, floor);
    const m01 = holdX || holdY ? 0 : a[1]!;
    const m02 = holdX || holdZ ? 0 : a[2]!;
    const m12 = holdY || holdZ ? 0 : a[4]!;
    const c00 = m11 * m22 - m12 * m12;
    const c01 = m02 * m12 - m01 * m22;
    const c02 = m01 * m12 - m02 * m11;
    const det = m00 * c00 + m01 * c01 + m02 * c02;
    if (!(m00 > 0 && m00 * m11 - m01 * m01 > 0 && det > 0)) return false;
    const c11 = m00 * m22 - m02 * m02;
    const c12 = m01 * m02 - m00 * m12;
    const c22 = m00 * m11 - m01 * m01;
    const g0 = holdX ? 0 : -this.gradient[0]!;
    const g1 = holdY ? 0 : -this.gradient[1]!;
    const g2 = holdZ ? 0 : -this.gradient[2]!;
    this.step[0] = (c00 * g0 + c01 * g1 + c02 * g2) / det;
    this.step[1] = (c01 * g0 + c11 * g1 + c12 * g2) / det;
    this.step[2] = (c02 * g0 + c12 * g1 + c22 * g2) / det;
    return Number.isFinite(this.step[0]!) && Number.isFinite(this.step[1]!) && Number.isFinite(this.step[2]!);
  }

  /** Decrease of the quadratic model for this.step: -(g . step) - step . M . step / 2. */
  private predictedDecrease(): number {
    const m = this.model;
    const s0 = this.step[0]!, s1 = this.step[1]!, s2 = this.step[2]!;
    const ms0 = m[0]! * s0 + m[1]! * s1 + m[2]! * s2;
    const ms1 = m[1]! * s0 + m[3]! * s1 + m[4]! * s2;
    const ms2 = m[2]! * s0 + m[4]! * s1 + m[5]! * s2;
    return -(this.gradient[0]! * s0 + this.gradient[1]! * s1 + this.gradient[2]! * s2) - 0.5 * (s0 * ms0 + s1 * ms1 + s2 * ms2);
  }

  /** The ranges' information about (x, y) alone: z, when free, eliminated by its Schur complement. */
  private horizontalInformation(): Sym2 {
    const m = this.rangeInformation;
    if (!this.zFree) return [m[0]!, m[1]!, m[3]!];
    const zz = m[5]!;
    return [m[0]! - (m[2]! * m[2]!) / zz, m[1]! - (m[2]! * m[4]!) / zz, m[3]! - (m[4]! * m[4]!) / zz];
  }

  /** The xy block of the inverse information matrix, times the residual scaling `scale`. */
  private laplace(scale: number): Sym2 {
    const a = this.information;
    const c00 = a[3]! * a[5]! - a[4]! * a[4]!;
    const c01 = a[2]! * a[4]! - a[1]! * a[5]!;
    const c02 = a[1]! * a[4]! - a[2]! * a[3]!;
    const c11 = a[0]! * a[5]! - a[2]! * a[2]!;
    const det = a[0]! * c00 + a[1]! * c01 + a[2]! * c02;
    if (!(det > 0)) return [Infinity, 0, Infinity];
    return [(scale * c00) / det, (scale * c01) / det, (scale * c11) / det];
  }

  /** Indices of observations at distinct horizontal positions, keeping the shortest range of each. */
  private distinctPositions(): number[] {
    const reps: number[] = [];
    for (let i = 0; i < this.count; i++) {
      let merged = false;
      for (let k = 0; k < reps.length; k++) {
        const j = reps[k]!;
        const dx = this.nx[i]! - this.nx[j]!;
        const dy = this.ny[i]! - this.ny[j]!;
        if (dx * dx + dy * dy < DEGENERATE_SPREAD * DEGENERATE_SPREAD) {
          if (this.lnD[i]! < this.lnD[j]!) reps[k] = i;
          merged = true;
          break;
        }
      }
      if (!merged) reps.push(i);
    }
    return reps;
  }

  /** The unit direction of the line through these node positions, or null when they span an area. */
  private lineDirection(reps: number[]): [number, number] | null {
    let mx = 0, my = 0;
    for (const i of reps) {
      mx += this.nx[i]!;
      my += this.ny[i]!;
    }
    mx /= reps.length;
    my /= reps.length;
    let sxx = 0, sxy = 0, syy = 0;
    for (const i of reps) {
      const dx = this.nx[i]! - mx;
      const dy = this.ny[i]! - my;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    sxx /= reps.length;
    sxy /= reps.length;
    syy /= reps.length;
    const half = (sxx + syy) / 2;
    const root = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy * sxy);
    if (half - root >= DEGENERATE_SPREAD * DEGENERATE_SPREAD) return null;
    const major = half + root;
    // Eigenvector of the larger eigenvalue.
    const [ux, uy] = Math.abs(sxy) > 1e-15 ? [sxy, major - sxx] : sxx >= syy ? [1, 0] : [0, 1];
    const norm = Math.hypot(ux, uy);
    return [ux / norm, uy / norm];
  }

  /** Mean squared horizontal offset from p that the measured ranges imply across the node line. */
  private mirrorOffsetSquared(x: number, y: number, z: number): number {
    let sum = 0;
    for (let i = 0; i < this.count; i++) {
      const d = this.dist[i]!;
      const dz = z - this.nz[i]!;
      const horizontal2 = Math.max(0, d * d - dz * dz);
      const along2 = (x - this.nx[i]!) ** 2 + (y - this.ny[i]!) ** 2;
      sum += Math.max(0, horizontal2 - along2);
    }
    return sum / this.count;
  }

  /** Start point: centroid of the (up to) four nearest nodes weighted by 1 / d^2. */
  private weightedCentroid(zPrior: number): Vec3 {
    // Repeatedly take the nearest node not yet taken: k = 4 passes beat sorting at these sizes.
    let sx = 0, sy = 0, sw = 0, taken = 0;
    let previous = -Infinity;
    for (let pass = 0; pass < 4 && pass < this.count; pass++) {
      let pick = -1;
      for (let i = 0; i < this.count; i++) {
        const ln = this.lnD[i]!;
        if (ln < previous || (ln === previous && i <= taken)) continue;
        if (pick < 0 || ln < this.lnD[pick]!) pick = i;
      }
      if (pick < 0) break;
      previous = this.lnD[pick]!;
      taken = pick;
      const w = Math.exp(-2 * previous);
      sx += w * this.nx[pick]!;
      sy += w * this.ny[pick]!;
      sw += w;
    }
    return [sx / sw, sy / sw, zPrior];
  }


  /** Two positions: the point between them in the ratio of their ranges. */
  private twoNodes(i: number, j: number, options: SolveOptions, nodesUsed: string[]): SolveResult {
    const di = this.dist[i]!;
    const dj = this.dist[j]!;
    const f = di + dj > 0 ? di / (di + dj) : 0.5;
    const x = this.nx[i]! + (this.nx[j]! - this.nx[i]!) * f;
    const y = this.ny[i]! + (this.ny[j]! - this.ny[i]!) * f;
    const z = options.zPrior;
    // The true point may sit off the segment where the two range circles cross; that offset, plus
    // the range noise along the segment, is the error.
    const rangeNoise = ((di / this.invSigma[i]!) ** 2 + (dj / this.invSigma[j]!) ** 2) / 4;
    const accuracy = Math.sqrt(this.mirrorOffsetSquared(x, y, z) + rangeNoise);
    return this.result([x, y, z], isotropicCovariance(accuracy), 'two_nodes', nodesUsed, 0, options.bounds);
  }

  private result(
    p: Vec3,
    covariance: Sym2,
    method: SolveResult['method'],
    nodesUsed: string[],
    iterations: number,
    bounds: Box,
    /** The mode, when p is the posterior mean; otherwise p is. */
    mode: Vec3 = p,
  ): SolveResult {
    const coordinates = clampToBox(p, bounds);
    const modeCoordinates = mode === p ? coordinates : clampToBox(mode, bounds);
    const variance = covariance[0] + covariance[2];
    const known = Number.isFinite(variance) && variance >= 0;
    const accuracy = known ? Math.sqrt(variance) : Math.max(bounds.maxX - bounds.minX, bounds.maxY - bounds.minY);
    let squares = 0;
    for (let i = 0; i < this.count; i++) {
      const dx = coordinates[0] - this.nx[i]!;
      const dy = coordinates[1] - this.ny[i]!;
      const dz = coordinates[2] - this.nz[i]!;
      const error = Math.sqrt(dx * dx + dy * dy + dz * dz) - this.dist[i]!;
      squares += error * error;
    }
    return {
      coordinates,
      covariance: known ? covariance : isotropicCovariance(accuracy),
      accuracy,
      confidence: confidenceFromAccuracy(accuracy),
      method,
      nodesUsed,
      residualRms: Math.sqrt(squares / this.count),
      iterations,
      cost: this.objective(modeCoordinates[0], modeCoordinates[1], this.zFree ? modeCoordinates[2] : this.zPrior),
      mode: modeCoordinates,
    };
  }
}

/** Cells over the box, about FLOOR_CELL wide, at most MAX_FLOOR_CELLS of them. */
function floorGrid(bounds: Box): Grid {
  const width = bounds.maxX - bounds.minX;
  const depth = bounds.maxY - bounds.minY;
  const cell = Math.max(FLOOR_CELL, Math.sqrt((width * depth) / MAX_FLOOR_CELLS));
  const cellsX = Math.max(1, Math.ceil(width / cell));
  const cellsY = Math.max(1, Math.ceil(depth / cell));
  return { x0: bounds.minX, y0: bounds.minY, cellX: width / cellsX, cellY: depth / cellsY, cellsX, cellsY };
}

/** Is (x, y) within SAME_BASIN of any point of the flat list [x0, y0, x1, y1, ...]? */
function nearAny(x: number, y: number, points: number[]): boolean {
  for (let i = 0; i < points.length; i += 2) {
    const dx = x - points[i]!;
    const dy = y - points[i + 1]!;
    if (dx * dx + dy * dy < SAME_BASIN * SAME_BASIN) return true;
  }
  return false;
}

/** Inverse of a symmetric 2x2 [a, b, c]; infinite variances when it is singular. */
export function invertSym2([a, b, c]: Sym2): Sym2 {
  const det = a * c - b * b;
  if (!(det > 0)) return [Infinity, 0, Infinity];
  return [c / det, -b / det, a / det];
}

/** The covariance of an isotropic horizontal error with 1-sigma radius `accuracy`. */
function isotropicCovariance(accuracy: number): Sym2 {
  const perAxis = (accuracy * accuracy) / 2;
  return [perAxis, 0, perAxis];
}

/** Signed distance of v beyond [lo, hi]: negative below, positive above, 0 within. */
function outside(v: number, lo: number, hi: number): number {
  return v < lo ? v - lo : v > hi ? v - hi : 0;
}

function inside(x: number, y: number, box: Box): boolean {
  return x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY;
}

function clampToBox(p: Vec3, box: Box): Vec3 {
  return [clamp(p[0], box.minX, box.maxX), clamp(p[1], box.minY, box.maxY), clamp(p[2], box.minZ, box.maxZ)];
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
