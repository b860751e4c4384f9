import { describe, expect, it } from 'vitest';
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { invertSym2, MIN_RANGE, Solver, type Box, type Interior, type PositionPrior, type RangeObservation, type SolveOptions } from '../../../server/engine/solver.ts';
import { Prng } from '../../../server/providers/prng.ts';
import type { Vec3 } from '../../../server/config/types.ts';

const WIDE: Box = { minX: -50, minY: -50, minZ: -50, maxX: 50, maxY: 50, maxZ: 50 };
const ROOM: Box = { minX: -1, minY: -1, minZ: 0, maxX: 11, maxY: 9, maxZ: 2.6 };

function observe(nodes: Vec3[], truth: Vec3, distort: (d: number, i: number) => number = (d) => d, sigma = 0.2): RangeObservation[] {
  return nodes.map((n, i) => ({
    key: `n${i}`,
    x: n[0],
    y: n[1],
    z: n[2],
    distance: distort(Math.hypot(truth[0] - n[0], truth[1] - n[1], truth[2] - n[2]), i),
    sigma,
  }));
}

/** Nodes scattered over a 10 x 8 m floor: ceiling-mounted, or mixed heights so z is observable. */
function randomNodes(rng: Prng, count: number, mixedHeights: boolean): Vec3[] {
  return Array.from({ length: count }, (_, i) => [
    rng.uniform(0, 10),
    rng.uniform(0, 8),
    mixedHeights && i % 2 === 0 ? rng.uniform(0.2, 0.8) : rng.uniform(2.0, 2.5),
  ]);
}

function horizontalError(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** The same objective written independently for ml-levenberg-marquardt: sum of squared residuals. */
function oracleFit(obs: RangeObservation[], opts: SolveOptions, zFree: boolean, start: Vec3): { p: Vec3; cost: number } {
  const xs = obs.map((_, i) => i);
  const ys = obs.map((o) => (0.5 * Math.log(o.distance ** 2 + MIN_RANGE ** 2)) / o.sigma);
  if (zFree) {
    xs.push(obs.length);
    ys.push(opts.zPrior / opts.zSigma);
  }
  const model = ([x, y, z]: number[]) => (i: number) => {
    const zz = zFree ? z! : opts.zPrior;
    if (i === obs.length) return zz / opts.zSigma;
    const o = obs[i]!;
    return (0.5 * Math.log((x! - o.x) ** 2 + (y! - o.y) ** 2 + (zz - o.z) ** 2 + MIN_RANGE ** 2)) / o.sigma;
  };
  const fit = levenbergMarquardt({ x: xs, y: ys }, model, {
    initialValues: zFree ? start : start.slice(0, 2),
    maxIterations: 2000,
    errorTolerance: 0,
    improvementThreshold: 1e-12,
    gradientDifference: 1e-7,
    centralDifference: true,
  });
  const v = fit.parameterValues;
  return { p: [v[0]!, v[1]!, zFree ? v[2]! : opts.zPrior], cost: fit.parameterError };
}

describe('solver: exact ranges', () => {
  const rng = new Prng(7);
  it.each([
    ['ceiling nodes, z fixed at the prior', false],
    ['mixed heights, z solved with its prior', true],
  ])('finds the true point to 1e-6 m, and the circle of the fix holds it (%s)', (_label, mixed) => {
    const solver = new Solver();
    let outsideCircle = 0;
    for (let trial = 0; trial < 200; trial++) {
      const nodes = randomNodes(rng, 4 + (trial % 12), mixed);
      const truth: Vec3 = [rng.uniform(1, 9), rng.uniform(1, 7), 1.0];
      for (const robust of [true, false]) {
        const fix = solver.solve(observe(nodes, truth), { zPrior: 1.0, zSigma: 0.5, bounds: WIDE, robust })!;
        expect(fix.method).toBe('least_squares');
        expect(Math.hypot(...fix.mode.map((c, i) => c - truth[i]!))).toBeLessThan(1e-6);
        // The fix reported is the centre of the posterior's accuracy circle (see the posterior tests),
        // which the ranges' assumed noise skews, but whose circle holds the point they meet at. Only
        // a posterior with two humps (nodes nearly on a line) puts the centre between them.
        if (horizontalError(fix.coordinates, truth) > fix.accuracy) outsideCircle++;
      }
    }
    expect(outsideCircle).toBeLessThanOrEqual(4);
  });
});

describe('solver: ml-levenberg-marquardt as oracle', () => {
  it('reaches an equal or lower cost, at the same point when the minimum is unique', () => {
    const rng = new Prng(11);
    const solver = new Solver();
    let agreed = 0;
    for (let trial = 0; trial < 150; trial++) {
      const mixed = trial % 2 === 1;
      const truth: Vec3 = [rng.uniform(3, 7), rng.uniform(3, 5), rng.uniform(0.6, 1.4)];
      // Well-posed: nodes all around the device, at 1.5 to 6 m, in every quadrant.
      const nodes: Vec3[] = Array.from({ length: 5 + (trial % 10) }, (_, i) => {
        const angle = (i * Math.PI) / 2 + rng.uniform(0, Math.PI / 2);
        const radius = rng.uniform(1.5, 6);
        return [truth[0] + radius * Math.cos(angle), truth[1] + radius * Math.sin(angle), mixed && i % 2 === 0 ? rng.uniform(0.2, 0.8) : rng.uniform(2, 2.5)];
      });
      const obs = observe(nodes, truth, (d) => d * Math.exp(rng.normal(0, 0.2)));
      const opts: SolveOptions = { zPrior: 1.0, zSigma: 0.5, bounds: WIDE, robust: false };
      const ours = solver.solve(obs, opts)!;
      const theirs = oracleFit(obs, opts, mixed, truth);
      // Their parameterError is the sum of squares; our cost is half of it.
      const ourCost = 2 * ours.cost;
      expect(ourCost).toBeLessThanOrEqual(theirs.cost * (1 + 1e-9));
      if (Math.abs(ourCost - theirs.cost) <= 1e-9 * theirs.cost) {
        expect(Math.hypot(...ours.mode.map((c, i) => c - theirs.p[i]!))).toBeLessThan(1e-4);
        agreed++;
      }
    }
    // Nearly every trial has a single minimum, so nearly every one must compare positions.
    expect(agreed).toBeGreaterThan(140);
  });
});

describe('solver: robustness and honesty', () => {
  const nodes: Vec3[] = [
    [0, 0, 2.4],
    [10, 0, 2.4],
    [10, 8, 2.4],
    [0, 8, 2.4],
    [5, 0, 2.4],
    [5, 8, 2.4],
  ];
  const truth: Vec3 = [3, 3, 1];

  it('one multipath reading too long pulls the fix less than plain least squares, and ever less as it grows', () => {
    const solver = new Solver();
    for (let bad = 0; bad < nodes.length; bad++) {
      // The losses compared at the optimiser's point; the fix reported is checked below.
      const solve = (factor: number, robust: boolean) => solver.solve(observe(nodes, truth, (d, i) => (i === bad ? d * factor : d)), { zPrior: 1, zSigma: 0.5, bounds: ROOM, robust })!;
      const pull = (factor: number, robust: boolean) => horizontalError(solve(factor, robust).mode, truth);
      for (const factor of [1.5, 2, 3]) expect(pull(factor, true)).toBeLessThan(pull(factor, false));
      // Bounded influence: a grossly wrong reading is all but ignored, where plain least squares
      // follows it ever further.
      expect(pull(4, true)).toBeLessThan(pull(2, true));
      expect(pull(8, true)).toBeLessThan(0.5);
      expect(pull(8, false)).toBeGreaterThan(2);
      expect(horizontalError(solve(8, true).coordinates, truth)).toBeLessThan(0.5);
    }
  });

  it('the 1-sigma accuracy radius contains the truth about two times in three', () => {
    const rng = new Prng(3);
    const solver = new Solver();
    const sigma = 0.2;
    let inside = 0;
    const trials = 2000;
    for (let trial = 0; trial < trials; trial++) {
      const at: Vec3 = [rng.uniform(1, 9), rng.uniform(1, 7), 1];
      const obs = observe(nodes, at, (d) => d * Math.exp(rng.normal(0, sigma)), sigma);
      const fix = solver.solve(obs, { zPrior: 1, zSigma: 0.5, bounds: ROOM })!;
      if (horizontalError(fix.coordinates, at) <= fix.accuracy) inside++;
    }
    expect(inside / trials).toBeGreaterThan(0.55);
    expect(inside / trials).toBeLessThan(0.8);
  });

  it('converges to the same minimum from any previous fix', () => {
    const solver = new Solver();
    const obs = observe(nodes, truth);
    for (const start of [[3.2, 2.9, 1], [9, 7, 1], [0, 8, 1]] as Vec3[]) {
      const fix = solver.solve(obs, { zPrior: 1, zSigma: 0.5, bounds: ROOM, start })!;
      expect(horizontalError(fix.mode, truth)).toBeLessThan(1e-6);
    }
  });

  it('keeps the fix inside the floor extent', () => {
    const solver = new Solver();
    const far: Vec3 = [40, 30, 1];
    const fix = solver.solve(observe(nodes, far), { zPrior: 1, zSigma: 0.5, bounds: ROOM })!;
    expect(fix.coordinates[0]).toBeLessThanOrEqual(ROOM.maxX);
    expect(fix.coordinates[1]).toBeLessThanOrEqual(ROOM.maxY);
    // The best point is at the edge nearest the device; the fix, the centre of a posterior piled
    // against that edge, is on the device's side of the floor.
    expect(fix.mode[0]).toBeGreaterThan(ROOM.maxX - 1);
    const [cx, cy] = [(ROOM.minX + ROOM.maxX) / 2, (ROOM.minY + ROOM.maxY) / 2];
    expect((fix.coordinates[0] - cx) * (far[0] - cx) + (fix.coordinates[1] - cy) * (far[1] - cy)).toBeGreaterThan(0);
  });
});

describe('solver: degenerate input falls back explicitly', () => {
  const opts: SolveOptions = { zPrior: 1, zSigma: 0.5, bounds: ROOM };
  const solver = new Solver();
  const obs = (x: number, y: number, z: number, distance: number, key = `${x},${y}`): RangeObservation => ({ key, x, y, z, distance, sigma: 0.2 });

  it('no usable observation gives no fix', () => {
    expect(solver.solve([], opts)).toBeNull();
    expect(solver.solve([obs(0, 0, 2, NaN), obs(1, 0, 2, -1), obs(2, 0, 2, Infinity), obs(NaN, 0, 2, 1)], opts)).toBeNull();
  });

  it('one node: its position, accuracy = its range', () => {
    const fix = solver.solve([obs(4, 5, 2.4, 3)], opts)!;
    expect(fix.method).toBe('single_node');
    expect(fix.coordinates).toEqual([4, 5, 1]);
    expect(fix.accuracy).toBeCloseTo(3, 9);
    expect(fix.nodesUsed).toEqual(['4,5']);
  });

  it('identical nodes count as one', () => {
    const fix = solver.solve([obs(4, 5, 2.4, 3, 'a'), obs(4, 5, 2.4, 2, 'b'), obs(4, 5, 2.4, 4, 'c')], opts)!;
    expect(fix.method).toBe('single_node');
    expect(fix.accuracy).toBeCloseTo(2, 9);
    expect(fix.nodesUsed).toEqual(['a', 'b', 'c']);
  });

  it('two nodes: the point between them by range ratio', () => {
    const fix = solver.solve([obs(0, 0, 1, 1), obs(4, 0, 1, 3)], opts)!;
    expect(fix.method).toBe('two_nodes');
    expect(fix.coordinates[0]).toBeCloseTo(1, 9);
    expect(fix.coordinates[1]).toBeCloseTo(0, 9);
    expect(fix.accuracy).toBeGreaterThan(0);
  });

  it('collinear nodes through the floor: the point on the line, the mirror ambiguity in the accuracy', () => {
    const truth: Vec3 = [3, 6, 1];
    const line = [obs(0, 4, 1, 0), obs(5, 4, 1, 0), obs(10, 4, 1, 0)].map((o) => ({ ...o, distance: Math.hypot(truth[0] - o.x, truth[1] - o.y) }));
    const fix = solver.solve(line, opts)!;
    expect(fix.method).toBe('collinear');
    expect(fix.coordinates[0]).toBeCloseTo(3, 6);
    expect(fix.coordinates[1]).toBeCloseTo(4, 6);
    expect(fix.accuracy).toBeGreaterThanOrEqual(2 - 1e-6);
  });

  it('collinear nodes along an outer wall: the mirror is outside the floor, so the fix is unique', () => {
    const truth: Vec3 = [3, 2, 1];
    const wall = [obs(0, 0, 1, 0), obs(5, 0, 1, 0), obs(10, 0, 1, 0)].map((o) => ({ ...o, distance: Math.hypot(truth[0] - o.x, truth[1] - o.y) }));
    const fix = solver.solve(wall, opts)!;
    expect(fix.method).toBe('collinear');
    expect(horizontalError(fix.coordinates, truth)).toBeLessThan(1e-6);
  });

  it('zero, tiny and absurd ranges never give NaN or leave the floor', () => {
    const rng = new Prng(5);
    const choices = [0, 1e-12, 0.05, 1, 3, 7, 1e3, 1e9];
    for (let trial = 0; trial < 2000; trial++) {
      const count = 1 + (trial % 8);
      const list = Array.from({ length: count }, (_, i) =>
        obs(rng.uniform(0, 10), trial % 3 === 0 ? 4 : rng.uniform(0, 8), 2.4, choices[Math.floor(rng.next() * choices.length)]!, `k${i}`),
      );
      const fix = solver.solve(list, opts)!;
      for (const [c, lo, hi] of [
        [fix.coordinates[0], ROOM.minX, ROOM.maxX],
        [fix.coordinates[1], ROOM.minY, ROOM.maxY],
        [fix.coordinates[2], ROOM.minZ, ROOM.maxZ],
      ] as const) {
        expect(Number.isFinite(c)).toBe(true);
        expect(c).toBeGreaterThanOrEqual(lo);
        expect(c).toBeLessThanOrEqual(hi);
      }
      expect(Number.isFinite(fix.accuracy)).toBe(true);
      expect(fix.confidence).toBeGreaterThanOrEqual(0);
      expect(fix.confidence).toBeLessThanOrEqual(1);
    }
  });
});

describe('solver: with a prior (the tracker update)', () => {
  const nodes: Vec3[] = [
    [0, 0, 2.4],
    [10, 0, 2.4],
    [10, 8, 2.4],
    [0, 8, 2.4],
  ];
  const truth: Vec3 = [4, 3, 1];

  it('is well posed with a single range: the fix moves from the prior toward the range circle', () => {
    const solver = new Solver();
    const [one] = observe(nodes, truth);
    const prior = { x: 6, y: 3, information: [1, 0, 1] as [number, number, number] };
    const rangeTo = (p: Vec3) => Math.hypot(p[0] - one!.x, p[1] - one!.y, p[2] - one!.z);
    for (const posterior of [true, false]) {
      const fix = solver.solve([one!], { zPrior: 1, zSigma: 0.5, bounds: ROOM, prior, posterior })!;
      expect(fix.method).toBe('least_squares');
      // Between the prior (too far from the node) and the measured range.
      expect(rangeTo(fix.coordinates)).toBeLessThan(rangeTo([6, 3, 1]));
      expect(rangeTo(fix.coordinates)).toBeGreaterThan(one!.distance);
      // One range says nothing across its direction: the prior's spread (1 per axis) stays across
      // it and narrows along it.
      const along = [fix.coordinates[0] - one!.x, fix.coordinates[1] - one!.y];
      const norm = Math.hypot(along[0]!, along[1]!);
      const [ux, uy] = [along[0]! / norm, along[1]! / norm];
      const [xx, xy, yy] = fix.covariance;
      const variance = (vx: number, vy: number) => vx * vx * xx + 2 * vx * vy * xy + vy * vy * yy;
      expect(variance(-uy, ux)).toBeGreaterThan(0.8);
      expect(variance(ux, uy)).toBeLessThan(0.9 * variance(-uy, ux));
    }
  });

  it('weighs prior and ranges by their information: a strong prior wins, a weak one yields', () => {
    const solver = new Solver();
    const obs = observe(nodes, truth);
    // The optimiser's point: the posterior's mean, reported by default, is not the truth even for
    // exact ranges (their assumed noise skews the posterior), which the next tests cover.
    const at = (information: number) =>
      solver.solve(obs, { zPrior: 1, zSigma: 0.5, bounds: ROOM, prior: { x: 5, y: 4, information: [information, 0, information] }, posterior: false })!.coordinates;
    expect(horizontalError(at(1e6), [5, 4, 1])).toBeLessThan(0.01);
    expect(horizontalError(at(1e-6), truth)).toBeLessThan(0.01);
  });
});

describe('solver: the posterior', () => {
  const nodes: Vec3[] = [
    [0, 0, 2.4],
    [10, 0, 2.4],
    [10, 8, 2.4],
    [0, 8, 2.4],
  ];
  /** Distance from (x, y) to the rectangle [x0, x1] x [y0, y1], 0 inside. */
  const toRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number) =>
    Math.hypot(Math.max(x0 - x, 0, x - x1), Math.max(y0 - y, 0, y - y1));
  /** The 10 x 8 m floor as the plan's rooms: walls drawn to 0.1 m. */
  const floor: Interior = { minX: 0, minY: 0, maxX: 10, maxY: 8, sigma: 0.1 };
  /** An L-shaped plan: the same floor without its top-right 5 x 4 m corner. */
  const lShaped: Interior = { ...floor, outside: (x, y) => Math.min(toRect(x, y, 0, 0, 5, 8), toRect(x, y, 0, 0, 10, 4)) };
  /** A tracker's prediction: the truth, off by a draw of its own covariance (isotropic, `sigma` per axis). */
  const predicted = (rng: Prng, at: Vec3, sigma: number): PositionPrior => ({
    x: at[0] + rng.normal(0, sigma),
    y: at[1] + rng.normal(0, sigma),
    information: [1 / sigma ** 2, 0, 1 / sigma ** 2],
  });
  const noisy = (rng: Prng, sigma: number) => (d: number) => d * Math.exp(rng.normal(0, sigma));

  it('under a prediction, reports the mean: nearer the truth than the mode beside a wall', () => {
    const rng = new Prng(13);
    const solver = new Solver();
    let mean = 0;
    let mode = 0;
    let inside = 0;
    const trials = 1000;
    for (let trial = 0; trial < trials; trial++) {
      const truth: Vec3 = [rng.uniform(0.1, 1), rng.uniform(1, 7), 1];
      const prior = predicted(rng, truth, 0.5);
      const fix = solver.solve(observe(nodes, truth, noisy(rng, 0.2)), { zPrior: 1, zSigma: 0.5, bounds: ROOM, interior: lShaped, prior })!;
      mean += horizontalError(fix.coordinates, truth) ** 2;
      mode += horizontalError(fix.mode, truth) ** 2;
      if (horizontalError(fix.coordinates, truth) <= fix.accuracy) inside++;
    }
    expect(Math.sqrt(mean / trials)).toBeLessThan(0.97 * Math.sqrt(mode / trials));
    expect(inside / trials).toBeGreaterThan(0.55);
    expect(inside / trials).toBeLessThan(0.8);
  });

  it('alone, reports the centre of the smallest circle holding 1 - 1/e of the posterior: nearer the truth than the mode', () => {
    const rng = new Prng(19);
    const solver = new Solver();
    const centre: number[] = [];
    const mode: number[] = [];
    let inside = 0;
    const trials = 1000;
    for (let trial = 0; trial < trials; trial++) {
      const truth: Vec3 = [rng.uniform(0, 10), rng.uniform(0, 8), 1];
      // Noisy ranges, one in ten of them from a reflection that reads 1.6 times too long.
      const obs = observe(nodes, truth, (d) => d * Math.exp(rng.normal(0, 0.2)) * (rng.chance(0.1) ? 1.6 : 1));
      const fix = solver.solve(obs, { zPrior: 1, zSigma: 0.5, bounds: ROOM, interior: floor })!;
      centre.push(horizontalError(fix.coordinates, truth));
      mode.push(horizontalError(fix.mode, truth));
      if (horizontalError(fix.coordinates, truth) <= fix.accuracy) inside++;
    }
    const quantile = (values: number[], q: number) => values.sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;
    expect(quantile(centre, 0.5)).toBeLessThan(0.95 * quantile(mode, 0.5));
    expect(quantile(centre, 0.95)).toBeLessThan(0.9 * quantile(mode, 0.95));
    expect(inside / trials).toBeGreaterThan(0.55);
    expect(inside / trials).toBeLessThan(0.8);
  });

  it('reports the mode it integrated around, and its cost', () => {
    const solver = new Solver();
    const obs = observe(nodes, [2, 3, 1], (d, i) => d * [1.2, 0.9, 1.1, 0.8][i]!);
    const prior: PositionPrior = { x: 2.5, y: 3, information: [4, 0, 4] };
    const opts: SolveOptions = { zPrior: 1, zSigma: 0.5, bounds: ROOM, interior: floor, prior };
    const mean = solver.solve(obs, opts)!;
    const mode = solver.solve(obs, { ...opts, posterior: false })!;
    expect(mean.mode).toEqual(mode.coordinates);
    expect(mean.cost).toBe(mode.cost);
    expect(horizontalError(mean.coordinates, mode.coordinates)).toBeGreaterThan(0.01);
  });

  it('estimates the ranges\' noise from their residuals under a prediction too', () => {
    const six: Vec3[] = [...nodes, [5, 0, 2.4], [5, 8, 2.4]];
    const run = (noise: number) => {
      const rng = new Prng(5);
      const solver = new Solver();
      let accuracy = 0;
      let inside = 0;
      const trials = 500;
      for (let trial = 0; trial < trials; trial++) {
        const truth: Vec3 = [rng.uniform(2, 8), rng.uniform(2, 6), 1];
        const prior = predicted(rng, truth, 0.7);
        // The model assumes sigma 0.2 whatever the ranges' real noise.
        const fix = solver.solve(observe(six, truth, noisy(rng, noise)), { zPrior: 1, zSigma: 0.5, bounds: ROOM, prior })!;
        accuracy += fix.accuracy / trials;
        if (horizontalError(fix.coordinates, truth) <= fix.accuracy) inside++;
      }
      return { accuracy, coverage: inside / trials };
    };
    const asAssumed = run(0.2);
    const twiceAsNoisy = run(0.4);
    expect(twiceAsNoisy.accuracy).toBeGreaterThan(1.1 * asAssumed.accuracy);
    for (const { coverage } of [asAssumed, twiceAsNoisy]) {
      expect(coverage).toBeGreaterThan(0.55);
      expect(coverage).toBeLessThan(0.8);
    }
  });

  it('keeps a lone fix in an L-shaped plan\'s rooms more often than the plan\'s box alone does', () => {
    const rng = new Prng(17);
    const solver = new Solver();
    const trials = 500;
    let leftPlan = 0;
    let leftBox = 0;
    for (let trial = 0; trial < trials; trial++) {
      let truth: Vec3;
      do truth = [rng.uniform(0.5, 9.5), rng.uniform(0.5, 7.5), 1];
      while (lShaped.outside!(truth[0], truth[1]) > 0);
      const obs = observe(nodes, truth, noisy(rng, 0.2));
      const plan = solver.solve(obs, { zPrior: 1, zSigma: 0.5, bounds: ROOM, interior: lShaped })!;
      const box = solver.solve(obs, { zPrior: 1, zSigma: 0.5, bounds: ROOM, interior: floor })!;
      // More than 0.1 m outside every room: what the drawn walls are good to.
      if (lShaped.outside!(plan.coordinates[0], plan.coordinates[1]) > 0.1) leftPlan++;
      if (lShaped.outside!(box.coordinates[0], box.coordinates[1]) > 0.1) leftBox++;
    }
    expect(leftPlan).toBeLessThan(leftBox);
    expect(leftPlan / trials).toBeLessThan(0.05);
  });

  it('inverts a symmetric 2x2 matrix, and says so when it is singular', () => {
    const [a, b, c] = invertSym2([4, 1, 3]);
    expect(4 * a + 1 * b).toBeCloseTo(1, 12);
    expect(4 * b + 1 * c).toBeCloseTo(0, 12);
    expect(1 * b + 3 * c).toBeCloseTo(1, 12);
    expect(invertSym2([1, 1, 1])).toEqual([Infinity, 0, Infinity]);
  });
});
