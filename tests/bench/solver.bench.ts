/**
 * Solver speed and cost against ml-levenberg-marquardt on identical random fixes.
 * Run: npm run bench:solver
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { MIN_RANGE, Solver, type Box, type RangeObservation, type SolveOptions } from '../../server/engine/solver.ts';
import { Prng } from '../../server/providers/prng.ts';

const FIXES = 2000;
const ORACLE_FIXES = 300;
const BOUNDS: Box = { minX: -1, minY: -1, minZ: 0, maxX: 13, maxY: 11, maxZ: 2.6 };
/** The optimiser alone, on the objective ml-levenberg-marquardt also minimises. */
const OPTIONS: SolveOptions = { zPrior: 1, zSigma: 0.5, bounds: BOUNDS, robust: false, posterior: false };
/** A lone fix as the engine makes it: robust loss, posterior integrated over the floor. */
const LONE_FIX: SolveOptions = { ...OPTIONS, robust: true, posterior: true };

function randomFix(rng: Prng, nodes: number): RangeObservation[] {
  const truth = [rng.uniform(1, 11), rng.uniform(1, 9), 1];
  return Array.from({ length: nodes }, (_, i) => {
    const x = rng.uniform(0, 12);
    const y = rng.uniform(0, 10);
    const z = rng.uniform(2, 2.5);
    const d = Math.hypot(truth[0]! - x, truth[1]! - y, truth[2]! - z);
    return { key: `n${i}`, x, y, z, distance: d * Math.exp(rng.normal(0, 0.3)), sigma: 0.3 };
  });
}

/** The documented default start: centroid of the four nearest nodes weighted by 1/d^2. */
function centroidStart(obs: RangeObservation[]): number[] {
  const nearest = [...obs].sort((a, b) => a.distance - b.distance).slice(0, 4);
  let sx = 0, sy = 0, sw = 0;
  for (const o of nearest) {
    const w = 1 / (o.distance ** 2 + MIN_RANGE ** 2);
    sx += w * o.x;
    sy += w * o.y;
    sw += w;
  }
  return [sx / sw, sy / sw];
}

/** Same objective as ours (z at its prior for ceiling nodes), as a curve fit; returns sum of squares. */
function oracle(obs: RangeObservation[]): number {
  const fit = levenbergMarquardt(
    { x: obs.map((_, i) => i), y: obs.map((o) => (0.5 * Math.log(o.distance ** 2 + MIN_RANGE ** 2)) / o.sigma) },
    ([x, y]: number[]) => (i: number) => {
      const o = obs[i]!;
      return (0.5 * Math.log((x! - o.x) ** 2 + (y! - o.y) ** 2 + (OPTIONS.zPrior - o.z) ** 2 + MIN_RANGE ** 2)) / o.sigma;
    },
    { initialValues: centroidStart(obs), maxIterations: 100 },
  );
  return fit.parameterError;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeEach<T>(items: T[], run: (item: T) => number): { micros: number[]; costs: number[] } {
  const micros: number[] = [];
  const costs: number[] = [];
  for (const item of items) {
    const start = process.hrtime.bigint();
    const cost = run(item);
    micros.push(Number(process.hrtime.bigint() - start) / 1000);
    costs.push(cost);
  }
  return { micros, costs };
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

const rng = new Prng(2024);
const solver = new Solver();
console.log(`Solver: ${FIXES} random fixes per size (ours), first ${ORACLE_FIXES} of them also by ml-levenberg-marquardt`);
console.log('nodes | ours median us | lone fix us | ml-LM median us | speed ratio | ours mean cost | ml-LM mean cost');
const sets = [5, 8, 20].map((nodes) => ({ nodes, fixes: Array.from({ length: FIXES }, () => randomFix(rng, nodes)) }));
// Warm up the JIT on every size before timing any.
for (let round = 0; round < 3; round++) {
  for (const { fixes } of sets) for (const f of fixes) solver.solve(f, round % 2 === 1 ? LONE_FIX : OPTIONS);
}
for (const { nodes, fixes } of sets) {
  // Costs are reported as sums of squares, as ml-levenberg-marquardt reports them.
  const ours = timeEach(fixes, (f) => 2 * solver.solve(f, OPTIONS)!.cost);
  const lone = timeEach(fixes, (f) => solver.solve(f, LONE_FIX)!.cost);
  const subset = fixes.slice(0, ORACLE_FIXES);
  for (const f of subset.slice(0, 20)) oracle(f);
  const theirs = timeEach(subset, oracle);
  const ourMedian = median(ours.micros);
  const theirMedian = median(theirs.micros);
  console.log(
    [
      String(nodes).padStart(5),
      ourMedian.toFixed(2).padStart(13),
      median(lone.micros).toFixed(2).padStart(11),
      theirMedian.toFixed(1).padStart(15),
      `${(theirMedian / ourMedian).toFixed(0)}x`.padStart(11),
      mean(ours.costs.slice(0, ORACLE_FIXES)).toFixed(4).padStart(14),
      mean(theirs.costs).toFixed(4).padStart(15),
    ].join(' | '),
  );
}
