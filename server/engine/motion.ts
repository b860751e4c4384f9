/**
 * A device's horizontal motion over time: a constant-velocity Kalman filter over (x, y, vx, vy).
 * The measurement is nonlinear (ranges), so the tracker solves the MAP position under this filter's
 * predicted position as a prior (one iterated-EKF step) and hands the posterior position back here;
 * correct() then carries that information to the velocity through the state's covariance.
 */
import { invertSym2, type PositionPrior, type Sym2 } from './solver.ts';

/**
 * Spectral density of the white acceleration noise, m^2/s^3: the velocity wanders by sqrt(q t), so
 * a walker speeds up, slows down or turns by about 0.5 m/s in a second (turning 30 degrees at
 * 1 m/s is a change of 0.5 m/s).
 */
export const ACCELERATION_NOISE = 0.25;
/** People walk at up to about 2 m/s indoors; a faster estimate is noise. */
export const MAX_SPEED = 2.0;
/** Velocity uncertainty of a new track, m/s per axis: it may be standing or walking. */
const INITIAL_SPEED_SIGMA = 1.0;

export class MotionTrack {
  /** Seconds: the time the state refers to. */
  t: number;
  /** State (x, y, vx, vy). */
  private readonly s = new Float64Array(4);
  /** Covariance, 4x4 row-major, kept symmetric. */
  private readonly p = new Float64Array(16);

  /** A new track at (x, y) with this position covariance, at rest as far as it knows. */
  constructor(t: number, x: number, y: number, covariance: Sym2) {
    this.t = t;
    this.s[0] = x;
    this.s[1] = y;
    const p = this.p;
    p[0] = covariance[0];
    p[1] = p[4] = covariance[1];
    p[5] = covariance[2];
    p[10] = p[15] = INITIAL_SPEED_SIGMA * INITIAL_SPEED_SIGMA;
  }

  get x(): number {
    return this.s[0]!;
  }

  get y(): number {
    return this.s[1]!;
  }

  get speed(): number {
    return Math.hypot(this.s[2]!, this.s[3]!);
  }

  /** Moves the state to time t (no-op for t <= this.t: readings never go back in time). */
  predict(t: number): void {
    const dt = t - this.t;
    if (!(dt > 0)) return;
    this.t = t;
    const s = this.s;
    s[0] = s[0]! + dt * s[2]!;
    s[1] = s[1]! + dt * s[3]!;
    // P <- F P F^T + Q with F = [[I, dt I], [0, I]]: first P F^T (columns 0,1 gain dt * columns 2,3),
    // then F (rows 0,1 gain dt * rows 2,3).
    const p = this.p;
    for (let r = 0; r < 4; r++) {
      p[r * 4] = p[r * 4]! + dt * p[r * 4 + 2]!;
      p[r * 4 + 1] = p[r * 4 + 1]! + dt * p[r * 4 + 3]!;
    }
    for (let c = 0; c < 4; c++) {
      p[c] = p[c]! + dt * p[8 + c]!;
      p[4 + c] = p[4 + c]! + dt * p[12 + c]!;
    }
    const q = ACCELERATION_NOISE;
    const pp = (q * dt * dt * dt) / 3;
    const pv = (q * dt * dt) / 2;
    const vv = q * dt;
    p[0] = p[0]! + pp;
    p[5] = p[5]! + pp;
    p[2] = p[2]! + pv;
    p[8] = p[8]! + pv;
    p[7] = p[7]! + pv;
    p[13] = p[13]! + pv;
    p[10] = p[10]! + vv;
    p[15] = p[15]! + vv;
  }

  /**
   * The speed with the filter's own velocity noise taken out: the estimate's squared speed exceeds
   * the true one by the velocity variance on average, so a device standing still seems to creep.
   */
  get settledSpeed(): number {
    const excess = this.speed ** 2 - this.p[10]! - this.p[15]!;
    return excess > 0 ? Math.sqrt(excess) : 0;
  }

  positionCovariance(): Sym2 {
    return [this.p[0]!, this.p[1]!, this.p[5]!];
  }

  /** 1-sigma horizontal radius: sqrt(var x + var y). */
  accuracy(): number {
    return Math.sqrt(this.p[0]! + this.p[5]!);
  }

  /** The predicted position as a prior for the range solver. */
  prior(): PositionPrior {
    return { x: this.s[0]!, y: this.s[1]!, information: invertSym2(this.positionCovariance()) };
  }

  /**
   * Conditions the state on a new belief about the position, (x, y) with `covariance`, obtained by
   * combining this track's prior() with the measurements. For a Gaussian whose measurement depends
   * on position only, the rest of the state follows by regression on position:
   *   A = P[:, pos] P[pos, pos]^-1,  s += A (p* - p),  P += A (covariance - P[pos, pos]) A^T.
   */
  correct(x: number, y: number, covariance: Sym2): void {
    const p = this.p;
    const [ia, ib, ic] = invertSym2(this.positionCovariance());
    // A is 4x2: row r is (P[r,0], P[r,1]) times the inverse position covariance.
    const a = new Float64Array(8);
    for (let r = 0; r < 4; r++) {
      const p0 = p[r * 4]!;
      const p1 = p[r * 4 + 1]!;
      a[r * 2] = p0 * ia + p1 * ib;
      a[r * 2 + 1] = p0 * ib + p1 * ic;
    }
    const ex = x - this.s[0]!;
    const ey = y - this.s[1]!;
    for (let r = 0; r < 4; r++) this.s[r] = this.s[r]! + a[r * 2]! * ex + a[r * 2 + 1]! * ey;
    const d00 = covariance[0] - p[0]!;
    const d01 = covariance[1] - p[1]!;
    const d11 = covariance[2] - p[5]!;
    for (let r = 0; r < 4; r++) {
      const ar0 = a[r * 2]!;
      const ar1 = a[r * 2 + 1]!;
      // Row r of A D.
      const m0 = ar0 * d00 + ar1 * d01;
      const m1 = ar0 * d01 + ar1 * d11;
      for (let c = r; c < 4; c++) {
        const v = p[r * 4 + c]! + m0 * a[c * 2]! + m1 * a[c * 2 + 1]!;
        p[r * 4 + c] = v;
        p[c * 4 + r] = v;
      }
    }
    this.limitSpeed();
  }

  /** Walking speed is bounded: a faster estimate is scaled back to MAX_SPEED. */
  private limitSpeed(): void {
    const speed = this.speed;
    if (speed <= MAX_SPEED) return;
    this.s[2] = this.s[2]! * MAX_SPEED / speed;
    this.s[3] = this.s[3]! * MAX_SPEED / speed;
  }
}
