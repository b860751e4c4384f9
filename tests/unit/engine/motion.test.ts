import { describe, expect, it } from 'vitest';
import { ACCELERATION_NOISE, MAX_SPEED, MotionTrack } from '../../../server/engine/motion.ts';
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

/** The textbook linear Kalman filter with state (x, y, vx, vy), position measured with covariance R. */
function textbook(state: number[], cov: Matrix, dt: number, q: number, z: number[], r: Matrix) {
  const f = [[1, 0, dt, 0], [0, 1, 0, dt], [0, 0, 1, 0], [0, 0, 0, 1]];
  const a = (q * dt ** 3) / 3, b = (q * dt ** 2) / 2, c = q * dt;
  const qm = [[a, 0, b, 0], [0, a, 0, b], [b, 0, c, 0], [0, b, 0, c]];
  const x = mul(f, state.map((v) => [v])).map((row) => row[0]!);
  const p = add(mul(mul(f, cov), transpose(f)), qm);
  const h = [[1, 0, 0, 0], [0, 1, 0, 0]];
  const s = add(mul(mul(h, p), transpose(h)), r);
  const k = mul(mul(p, transpose(h)), inv2(s));
  const innovation = [[z[0]! - x[0]!], [z[1]! - x[1]!]];
  const xNew = x.map((v, i) => v + mul(k, innovation)[i]![0]!);
  const pNew = add(p, mul(mul(k, h), p), -1);
  return { x: xNew, p: pNew, predicted: { x, p } };
}

describe('constant-velocity Kalman filter', () => {
  it('predicts and corrects exactly as the textbook filter does', () => {
    // Fusing a position belief that came from prior x measurement, as the tracker does, must equal
    // the linear filter's update with that measurement.
    const track = new MotionTrack(0, 1, 2, [0.3, 0.05, 0.2]);
    let state = [1, 2, 0, 0];
    let cov: Matrix = [[0.3, 0.05, 0, 0], [0.05, 0.2, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
    const measurements = [[1.4, 2.1], [1.9, 2.0], [2.2, 2.4], [2.8, 2.3]];
    const r: Matrix = [[0.16, 0.02], [0.02, 0.09]];
    measurements.forEach((z, i) => {
      const t = (i + 1) * 0.5;
      const expected = textbook(state, cov, 0.5, ACCELERATION_NOISE, z, r);
      track.predict(t);
      expect([track.x, track.y]).toEqual([expect.closeTo(expected.predicted.x[0]!, 9), expect.closeTo(expected.predicted.x[1]!, 9)]);
      const prior = track.prior();
      // The posterior of position from the prior and the measurement, as the solver's MAP gives it.
      const infoPost = add([[prior.information[0], prior.information[1]], [prior.information[1], prior.information[2]]], inv2(r));
      const covPost = inv2(infoPost);
      const rhs = add(mul([[prior.information[0], prior.information[1]], [prior.information[1], prior.information[2]]], [[prior.x], [prior.y]]), mul(inv2(r), [[z[0]!], [z[1]!]]));
      const mean = mul(covPost, rhs);
      track.correct(mean[0]![0]!, mean[1]![0]!, sym(covPost));
      expect(track.x).toBeCloseTo(expected.x[0]!, 9);
      expect(track.y).toBeCloseTo(expected.x[1]!, 9);
      expect(track.positionCovariance()).toEqual(sym(expected.p).map((v) => expect.closeTo(v, 9)));
      state = expected.x;
      cov = expected.p;
    });
    // The velocity was learned from positions alone.
    expect(state[2]!).toBeGreaterThan(0.5);
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
