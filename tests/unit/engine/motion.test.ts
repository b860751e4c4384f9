import { describe, expect, it } from 'vitest';
import { INITIAL_MANOEUVRE_PROBABILITY, MANOEUVRE_ACCELERATION_NOISE, MANOEUVRE_DURATION, MAX_SPEED, MotionTrack, STEADY_ACCELERATION_NOISE, STEADY_DURATION } from '../../../server/engine/motion.ts';
import { Prng } from '../../../server/providers/prng.ts';
import type { Sym2 } from '../../../server/engine/solver.ts';

type Matrix = number[][];
const mul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const transpose = (a: Matrix): Matrix => a[0]!.map((_, j) => a.map((row) => row[j]!));
const add = (a: Matrix, b: Matrix, sign = 1): Matrix => a.map((row, i) => row.map((v, j) => v + sign * b[i]![j]!));
const inv2 = (m: Matrix): Matrix => {
  const [[a, b], [c, d]] = m as [[number, number], [number, number]];
  const det = a * d - b * c;
  return [[d / det, -b / det], [-c / det, a / det]];
};
const sym = (m: Matrix): Sym2 => [m[0]![0]!, m[0]![1]!, m[1]![1]!];

const outer = (a: number[], b: number[]): Matrix => a.map((v) => b.map((w) => v * w));
const scale = (a: Matrix, k: number): Matrix => a.map((row) => row.map((v) => v * k));
const zeros = (n: number): Matrix => Array.from({ length: n }, () => new Array<number>(n).fill(0));
const H = [[1, 0, 0, 0], [0, 1, 0, 0]];

interface Gaussian {
  x: number[];
  p: Matrix;
}

/** The textbook constant-velocity prediction over dt with acceleration noise q. */
function predictLinear({ x, p }: Gaussian, dt: number, q: number): Gaussian {
  const f = [[1, 0, dt, 0], [0, 1, 0, dt], [0, 0, 1, 0], [0, 0, 0, 1]];
  const a = (q * dt ** 3) / 3, b = (q * dt ** 2) / 2, c = q * dt;
  const qm = [[a, 0, b, 0], [0, a, 0, b], [b, 0, c, 0], [0, b, 0, c]];
  return { x: mul(f, x.map((v) => [v])).map((row) => row[0]!), p: add(mul(mul(f, p), transpose(f)), qm) };
}

/** The textbook Kalman update with position z measured with covariance r, and the likelihood of z. */
function updateLinear({ x, p }: Gaussian, z: number[], r: Matrix): Gaussian & { likelihood: number } {
  const s = add(mul(mul(H, p), transpose(H)), r);
  const k = mul(mul(p, transpose(H)), inv2(s));
  const innovation = [z[0]! - x[0]!, z[1]! - x[1]!];
  const gain = mul(k, innovation.map((v) => [v])).map((row) => row[0]!);
  const det = s[0]![0]! * s[1]![1]! - s[0]![1]! * s[1]![0]!;
  const si = inv2(s);
  const d2 = innovation[0]! * (si[0]![0]! * innovation[0]! + si[0]![1]! * innovation[1]!) + innovation[1]! * (si[1]![0]! * innovation[0]! + si[1]![1]! * innovation[1]!);
  return { x: x.map((v, i) => v + gain[i]!), p: add(p, mul(mul(k, H), p), -1), likelihood: Math.exp(-d2 / 2) / (2 * Math.PI * Math.sqrt(det)) };
}

/** The moment-matched mean and covariance of a Gaussian mixture. */
function combine(parts: Gaussian[], weights: number[]): Gaussian {
  const x = [0, 1, 2, 3].map((i) => parts.reduce((sum, g, j) => sum + weights[j]! * g.x[i]!, 0));
  const p = parts.reduce((sum, g, j) => add(sum, scale(add(g.p, outer(g.x.map((v, i) => v - x[i]!), g.x.map((v, i) => v - x[i]!))), weights[j]!)), zeros(4));
  return { x, p };
}

/**
 * The textbook IMM (Blom and Bar-Shalom) over the steady and manoeuvring constant-velocity
 * filters, the Markov chain's transitions over dt from its generator: exp(G dt) for a two-state
 * chain is I + G (1 - exp(-(a + b) dt)) / (a + b).
 */
class TextbookImm {
  models: Gaussian[];
  weights = [1 - INITIAL_MANOEUVRE_PROBABILITY, INITIAL_MANOEUVRE_PROBABILITY];
  readonly noises = [STEADY_ACCELERATION_NOISE, MANOEUVRE_ACCELERATION_NOISE];

  constructor(start: Gaussian) {
    this.models = [start, start];
  }

  predict(dt: number): Gaussian {
    const a = 1 / STEADY_DURATION, b = 1 / MANOEUVRE_DURATION;
    const g = [[-a, a], [b, -b]];
    const pi = add([[1, 0], [0, 1]], scale(g, (1 - Math.exp(-(a + b) * dt)) / (a + b)));
    const predicted = [0, 1].map((j) => this.weights[0]! * pi[0]![j]! + this.weights[1]! * pi[1]![j]!);
    this.models = [0, 1].map((j) => {
      const mixed = combine(this.models, [0, 1].map((i) => (this.weights[i]! * pi[i]![j]!) / predicted[j]!));
      return predictLinear(mixed, dt, this.noises[j]!);
    });
    this.weights = predicted;
    return combine(this.models, this.weights);
  }

  update(z: number[], r: Matrix): Gaussian {
    const updated = this.models.map((m) => updateLinear(m, z, r));
    const total = updated.reduce((sum, u, j) => sum + u.likelihood * this.weights[j]!, 0);
    this.weights = updated.map((u, j) => (u.likelihood * this.weights[j]!) / total);
    this.models = updated;
    return combine(this.models, this.weights);
  }
}

/** The position belief that the prior and a measurement z with covariance r give, as the solver's posterior would. */
function posterior(prior: ReturnType<MotionTrack['prior']>, z: number[], r: Matrix): { x: number; y: number; covariance: Sym2 } {
  const information = [[prior.information[0], prior.information[1]], [prior.information[1], prior.information[2]]];
  const covariance = inv2(add(information, inv2(r)));
  const mean = mul(covariance, add(mul(information, [[prior.x], [prior.y]]), mul(inv2(r), [[z[0]!], [z[1]!]])));
  return { x: mean[0]![0]!, y: mean[1]![0]!, covariance: sym(covariance) };
}

/** Feeds `track` the measurement z (covariance r) at time t, the way the tracker does. */
function step(track: MotionTrack, t: number, z: number[], r: Matrix): void {
  track.predict(t);
  const belief = posterior(track.prior(), z, r);
  track.correct(belief.x, belief.y, belief.covariance);
}

describe('motion: the IMM over steady and manoeuvring constant-velocity filters', () => {
  it('predicts and corrects exactly as the textbook IMM does', () => {
    // The tracker hands over the posterior under the mixture's prediction, not the measurement:
    // recovering the measurement's information from it must give the textbook IMM's update.
    const start = { x: [1, 2, 0, 0], p: [[0.3, 0.05, 0, 0], [0.05, 0.2, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] };
    const track = new MotionTrack(0, 1, 2, [0.3, 0.05, 0.2]);
    const reference = new TextbookImm(start);
    const measurements = [[1.4, 2.1], [1.9, 2.0], [2.2, 2.4], [2.8, 2.3], [2.9, 3.2], [2.7, 4.1]];
    const r: Matrix = [[0.16, 0.02], [0.02, 0.09]];
    measurements.forEach((z, i) => {
      const predicted = reference.predict(0.5);
      track.predict((i + 1) * 0.5);
      expect([track.x, track.y]).toEqual([expect.closeTo(predicted.x[0]!, 9), expect.closeTo(predicted.x[1]!, 9)]);
      expect(track.positionCovariance()).toEqual(sym(predicted.p).map((v) => expect.closeTo(v, 9)));
      const belief = posterior(track.prior(), z, r);
      track.correct(belief.x, belief.y, belief.covariance);
      const expected = reference.update(z, r);
      expect(track.x).toBeCloseTo(expected.x[0]!, 9);
      expect(track.y).toBeCloseTo(expected.x[1]!, 9);
      expect(track.positionCovariance()).toEqual(sym(expected.p).map((v) => expect.closeTo(v, 9)));
      expect(track.speed).toBeCloseTo(Math.hypot(expected.x[2]!, expected.x[3]!), 9);
      expect(track.accelerationNoise).toBeCloseTo(reference.weights[0]! * STEADY_ACCELERATION_NOISE + reference.weights[1]! * MANOEUVRE_ACCELERATION_NOISE, 9);
    });
    // The velocity was learned from positions alone.
    expect(track.speed).toBeGreaterThan(0.5);
  });

  it('believes a walker keeping course is steady, and one turning a corner is manoeuvring', () => {
    const rng = new Prng(7);
    const r: Matrix = [[0.04, 0], [0, 0.04]];
    const track = new MotionTrack(0, 0, 0, [0.04, 0, 0.04]);
    const noisy = (x: number, y: number) => [x + rng.normal(0, 0.2), y + rng.normal(0, 0.2)];
    // 6 s east at 1 m/s, then north, 10 fixes a second.
    for (let k = 1; k <= 60; k++) step(track, k / 10, noisy(k / 10, 0), r);
    const onCourse = track.accelerationNoise;
    let turning = 0;
    for (let k = 1; k <= 15; k++) {
      step(track, 6 + k / 10, noisy(6, k / 10), r);
      turning = Math.max(turning, track.accelerationNoise);
    }
    expect(onCourse).toBeLessThan(0.2);
    expect(turning).toBeGreaterThan(0.5);
  });

  it('follows a walk with turns and stops more closely than either of its filters alone', () => {
    // A walk of straights, stops and corners, each leg at its own pace.
    const legs: [number, number, number][] = [[4, 0, 4], [4, 0, 2], [4, 3, 3], [4, 3, 2], [0, 3, 5], [0, 0, 2]];
    const path: number[][] = [];
    let from = [0, 0];
    for (const [x, y, seconds] of legs) {
      for (let k = 1; k <= seconds * 10; k++) path.push([from[0]! + ((x - from[0]!) * k) / (seconds * 10), from[1]! + ((y - from[1]!) * k) / (seconds * 10)]);
      from = [x, y];
    }
    const r: Matrix = [[0.09, 0], [0, 0.09]];
    const squares = { imm: 0, steady: 0, manoeuvre: 0 };
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Prng(seed);
      const track = new MotionTrack(0, 0, 0, [0.09, 0, 0.09]);
      const start = { x: [0, 0, 0, 0], p: [[0.09, 0, 0, 0], [0, 0.09, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] };
      const single = { steady: start, manoeuvre: start };
      path.forEach(([x, y], k) => {
        const z = [x! + rng.normal(0, 0.3), y! + rng.normal(0, 0.3)];
        step(track, (k + 1) / 10, z, r);
        squares.imm += (track.x - x!) ** 2 + (track.y - y!) ** 2;
        single.steady = updateLinear(predictLinear(single.steady, 0.1, STEADY_ACCELERATION_NOISE), z, r);
        single.manoeuvre = updateLinear(predictLinear(single.manoeuvre, 0.1, MANOEUVRE_ACCELERATION_NOISE), z, r);
        squares.steady += (single.steady.x[0]! - x!) ** 2 + (single.steady.x[1]! - y!) ** 2;
        squares.manoeuvre += (single.manoeuvre.x[0]! - x!) ** 2 + (single.manoeuvre.x[1]! - y!) ** 2;
      });
    }
    expect(squares.imm).toBeLessThan(0.95 * squares.steady);
    expect(squares.imm).toBeLessThan(0.95 * squares.manoeuvre);
  });

  it('ignores a belief wider than its own prediction', () => {
    // After a long silence the manoeuvring filter is far wider than the steady one; a belief wider
    // than the mixture in every direction adds no information, and must not break either filter.
    const track = new MotionTrack(0, 3, 4, [0.04, 0, 0.04]);
    track.predict(4);
    const [a, b, c] = track.positionCovariance();
    track.correct(track.x + 0.5, track.y, [3 * a, 3 * b, 3 * c]);
    expect([track.x, track.y]).toEqual([expect.closeTo(3, 9), expect.closeTo(4, 9)]);
    expect(track.positionCovariance()).toEqual([a, b, c].map((v) => expect.closeTo(v, 9)));
  });

  it('grows its uncertainty while it hears nothing', () => {
    const track = new MotionTrack(0, 0, 0, [0.04, 0, 0.04]);
    const before = track.accuracy();
    track.predict(5);
    expect(track.accuracy()).toBeGreaterThan(before + 2);
    // Time never runs backwards: an older timestamp changes nothing.
    const after = track.accuracy();
    track.predict(3);
    expect(track.accuracy()).toBe(after);
  });

  it('never believes a walking speed above the limit', () => {
    const track = new MotionTrack(0, 0, 0, [0.01, 0, 0.01]);
    for (let i = 1; i <= 10; i++) {
      track.predict(i * 0.1);
      // A position that jumps 1 m every 0.1 s (10 m/s), measured precisely.
      track.correct(i, 0, [0.0001, 0, 0.0001]);
      expect(track.speed).toBeLessThanOrEqual(MAX_SPEED + 1e-9);
    }
  });

});
