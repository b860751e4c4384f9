/**
 * A device's horizontal motion over time: an interacting-multiple-model (IMM) filter over two
 * constant-velocity Kalman filters on (x, y, vx, vy). A walker mostly keeps course and pace
 * ("steady": little acceleration noise) and now and then turns, stops or sets off ("manoeuvring":
 * much), so one acceleration noise is always wrong somewhere: too small, and the track lags a turn;
 * too large, and it follows the noise on a straight. The IMM weighs both by how well each predicted
 * the readings and switches between them at the rates people change what they do.
 *
 * The measurement is nonlinear (ranges), so the tracker solves the posterior position under the
 * mixture's predicted position as a prior (one iterated-EKF step) and hands it back here; correct()
 * recovers the information the ranges added, and each model takes it in as a linear measurement of
 * position, which carries it to the velocity through that model's covariance.
 */
import { invertSym2, type PositionPrior, type Sym2 } from './solver.ts';

/**
 * Spectral densities of the white acceleration noise, m^2/s^3: the velocity wanders by sqrt(q t).
 * Keeping course, a walker's pace and heading drift by about 0.14 m/s in a second; manoeuvring,
 * they change by about 1 m/s in a second (stopping from a walk, or turning a corner).
 */
export const STEADY_ACCELERATION_NOISE = 0.02;
export const MANOEUVRE_ACCELERATION_NOISE = 1.0;
/** Mean seconds a walker keeps course before a manoeuvre, and a manoeuvre lasts. */
export const STEADY_DURATION = 5;
export const MANOEUVRE_DURATION = 1;
/** People walk at up to about 2 m/s indoors; a faster estimate is noise. */
export const MAX_SPEED = 2.0;
/** Velocity uncertainty of a new track, m/s per axis: it may be standing or walking. */
export const INITIAL_SPEED_SIGMA = 1.0;
/** A new track has just been seen for the first time: what it is doing is unknown. */
export const INITIAL_MANOEUVRE_PROBABILITY = 0.5;

/** A Gaussian over (x, y, vx, vy): mean and 4x4 row-major covariance. */
interface GaussianState {
  readonly s: Float64Array;
  readonly p: Float64Array;
}

/** One constant-velocity Kalman filter: state (x, y, vx, vy) and its 4x4 row-major covariance. */
class ConstantVelocity implements GaussianState {
  readonly s = new Float64Array(4);
  readonly p = new Float64Array(16);

  constructor(readonly accelerationNoise: number) {}

  /** Moves the state on by dt seconds. */
  predict(dt: number): void {
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
    const q = this.accelerationNoise;
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

  positionCovariance(): Sym2 {
    return [this.p[0]!, this.p[1]!, this.p[5]!];
  }

  /**
   * Conditions the state on a new belief about the position, (x, y) with `covariance`, obtained by
   * combining this filter's position with a measurement of position. The rest of the state follows
   * by regression on position:
   *   A = P[:, pos] P[pos, pos]^-1,  s += A (p* - p),  P += A (covariance - P[pos, pos]) A^T.
   */
  condition(x: number, y: number, covariance: Sym2): void {
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

  /**
   * Updates with a linear measurement of position given as information (precision J, and J times
   * the measured position z). Returns the log-likelihood of the measurement under this filter's
   * prediction, less terms that are the same for every filter: the log of the integral of
   * N(p; m, P) exp(-(p - z)' J (p - z) / 2), which is
   *   -(log|P| - log|(P^-1 + J)^-1|) / 2 - (m' J m - 2 m' b - y' (P^-1 + J)^-1 y) / 2,  y = J m - b,
   * dropping z' J z / 2. J need not be invertible, so z is never formed.
   */
  absorb({ j: [ja, jb, jc], b: [bx, by] }: PositionInformation): number {
    const prior = this.positionCovariance();
    const [ia, ib, ic] = invertSym2(prior);
    const posterior = invertSym2([ia + ja, ib + jb, ic + jc]);
    const mx = this.s[0]!;
    const my = this.s[1]!;
    // The posterior mean is its covariance times (P^-1 m + b).
    const hx = ia * mx + ib * my + bx;
    const hy = ib * mx + ic * my + by;
    const yx = ja * mx + jb * my - bx;
    const yy = jb * mx + jc * my - by;
    const quadratic = ja * mx * mx + 2 * jb * mx * my + jc * my * my - 2 * (mx * bx + my * by) - (posterior[0] * yx * yx + 2 * posterior[1] * yx * yy + posterior[2] * yy * yy);
    const logDeterminantRatio = Math.log(determinant(prior) / determinant(posterior));
    this.condition(posterior[0] * hx + posterior[1] * hy, posterior[1] * hx + posterior[2] * hy, posterior);
    return -0.5 * (logDeterminantRatio + quadratic);
  }

  /** Walking speed is bounded: a faster estimate is scaled back to MAX_SPEED. */
  private limitSpeed(): void {
    const speed = Math.hypot(this.s[2]!, this.s[3]!);
    if (speed <= MAX_SPEED) return;
    this.s[2] = this.s[2]! * MAX_SPEED / speed;
    this.s[3] = this.s[3]! * MAX_SPEED / speed;
  }
}

/** Information a measurement of position adds: precision J and J times the measured position. */
interface PositionInformation {
  j: Sym2;
  b: [number, number];
}

export class MotionTrack {
  /** Seconds: the time the state refers to. */
  t: number;
  private readonly steady = new ConstantVelocity(STEADY_ACCELERATION_NOISE);
  private readonly manoeuvring = new ConstantVelocity(MANOEUVRE_ACCELERATION_NOISE);
  /** Probability that the walker is manoeuvring; the steady model has the rest. */
  private manoeuvreProbability = INITIAL_MANOEUVRE_PROBABILITY;
  /** The mixture's mean and covariance, moment-matched: what the rest of the engine sees. */
  private readonly mixture: GaussianState = { s: new Float64Array(4), p: new Float64Array(16) };

  /** A new track at (x, y) with this position covariance, at rest as far as it knows. */
  constructor(t: number, x: number, y: number, covariance: Sym2) {
    this.t = t;
    for (const model of [this.steady, this.manoeuvring]) {
      model.s[0] = x;
      model.s[1] = y;
      const p = model.p;
      p[0] = covariance[0];
      p[1] = p[4] = covariance[1];
      p[5] = covariance[2];
      p[10] = p[15] = INITIAL_SPEED_SIGMA * INITIAL_SPEED_SIGMA;
    }
    this.combine();
  }

  get x(): number {
    return this.mixture.s[0]!;
  }

  get y(): number {
    return this.mixture.s[1]!;
  }

  get speed(): number {
    return Math.hypot(this.mixture.s[2]!, this.mixture.s[3]!);
  }

  /** The acceleration noise the track currently assumes: the models' by their probabilities. */
  get accelerationNoise(): number {
    const w = this.manoeuvreProbability;
    return (1 - w) * this.steady.accelerationNoise + w * this.manoeuvring.accelerationNoise;
  }

  /** Moves the state to time t (no-op for t <= this.t: readings never go back in time). */
  predict(t: number): void {
    const dt = t - this.t;
    if (!(dt > 0)) return;
    this.t = t;
    this.mix(dt);
    this.steady.predict(dt);
    this.manoeuvring.predict(dt);
    this.combine();
  }

  /**
   * The speed with the filter's own velocity noise taken out: the estimate's squared speed exceeds
   * the true one by the velocity variance on average, so a device standing still seems to creep.
   */
  get settledSpeed(): number {
    const excess = this.speed ** 2 - this.mixture.p[10]! - this.mixture.p[15]!;
    return excess > 0 ? Math.sqrt(excess) : 0;
  }

  positionCovariance(): Sym2 {
    return [this.mixture.p[0]!, this.mixture.p[1]!, this.mixture.p[5]!];
  }

  /** 1-sigma horizontal radius: sqrt(var x + var y). */
  accuracy(): number {
    return Math.sqrt(this.mixture.p[0]! + this.mixture.p[5]!);
  }

  /** The predicted position as a prior for the range solver. */
  prior(): PositionPrior {
    return { x: this.mixture.s[0]!, y: this.mixture.s[1]!, information: invertSym2(this.positionCovariance()) };
  }

  /**
   * Takes in a new belief about the position, (x, y) with `covariance`, obtained by combining this
   * track's prior() with the measurements. Both models take in the information it adds to the
   * prior, and each is weighed by how likely it made the measurements.
   */
  correct(x: number, y: number, covariance: Sym2): void {
    const added = this.informationAdded(x, y, covariance);
    // A direction in which the posterior came out wider than the prior (the solver tempers by
    // residuals, and a skewed posterior has more spread) is kept as long as both models can take
    // it; otherwise only the directions that narrowed count.
    const takes = (model: ConstantVelocity) => isPositiveDefinite(addSym2(invertSym2(model.positionCovariance()), added.j));
    const information = takes(this.steady) && takes(this.manoeuvring) ? added : positivePart(added);
    const steadyLog = this.steady.absorb(information);
    const manoeuvringLog = this.manoeuvring.absorb(information);
    // Bayes' rule on the odds, in logs: exp(difference) overflows only for absurd evidence.
    const w = this.manoeuvreProbability;
    const odds = (w / (1 - w)) * Math.exp(manoeuvringLog - steadyLog);
    this.manoeuvreProbability = Number.isFinite(odds) ? odds / (1 + odds) : 1;
    this.combine();
  }

  /**
   * The information the measurements added to the prior: the posterior's precision and
   * precision-weighted mean less the prior's.
   */
  private informationAdded(x: number, y: number, covariance: Sym2): PositionInformation {
    const [pa, pb, pc] = invertSym2(this.positionCovariance());
    const [qa, qb, qc] = invertSym2(covariance);
    const b: [number, number] = [qa * x + qb * y - (pa * this.mixture.s[0]! + pb * this.mixture.s[1]!), qb * x + qc * y - (pb * this.mixture.s[0]! + pc * this.mixture.s[1]!)];
    return { j: [qa - pa, qb - pb, qc - pc], b };
  }

  /**
   * The IMM's mixing step: over dt the walker switches between keeping course and manoeuvring at
   * their rates (a two-state Markov chain), and each model restarts from the mixture of both by the
   * probability that the walker was in it, given that it is in this one now.
   */
  private mix(dt: number): void {
    const leaveSteady = 1 / STEADY_DURATION;
    const leaveManoeuvre = 1 / MANOEUVRE_DURATION;
    const rate = leaveSteady + leaveManoeuvre;
    const settle = 1 - Math.exp(-rate * dt);
    const toManoeuvre = (leaveSteady / rate) * settle;
    const toSteady = (leaveManoeuvre / rate) * settle;
    const w = this.manoeuvreProbability;
    const nowManoeuvring = (1 - w) * toManoeuvre + w * (1 - toSteady);
    // P(manoeuvring before | steady now), P(manoeuvring before | manoeuvring now).
    const intoSteady = (w * toSteady) / (1 - nowManoeuvring);
    const intoManoeuvring = (w * (1 - toSteady)) / nowManoeuvring;
    mixtureOf(this.steady, this.manoeuvring, intoSteady, MIXED_STEADY);
    mixtureOf(this.steady, this.manoeuvring, intoManoeuvring, MIXED_MANOEUVRING);
    this.steady.s.set(MIXED_STEADY.s);
    this.steady.p.set(MIXED_STEADY.p);
    this.manoeuvring.s.set(MIXED_MANOEUVRING.s);
    this.manoeuvring.p.set(MIXED_MANOEUVRING.p);
    this.manoeuvreProbability = nowManoeuvring;
  }

  private combine(): void {
    mixtureOf(this.steady, this.manoeuvring, this.manoeuvreProbability, this.mixture);
  }
}

/** Scratch for the mixing step (the engine is single-threaded). */
const MIXED_STEADY: GaussianState = { s: new Float64Array(4), p: new Float64Array(16) };
const MIXED_MANOEUVRING: GaussianState = { s: new Float64Array(4), p: new Float64Array(16) };

/**
 * Writes into `out` the mean and covariance of the mixture (1 - w) A + w B:
 *   mean = a + w d,  covariance = (1 - w) P_a + w P_b + w (1 - w) d d',  d = b - a.
 */
function mixtureOf(a: GaussianState, b: GaussianState, w: number, out: GaussianState): void {
  const spread = w * (1 - w);
  for (let r = 0; r < 4; r++) {
    const dr = b.s[r]! - a.s[r]!;
    for (let c = 0; c < 4; c++) {
      const i = r * 4 + c;
      out.p[i] = (1 - w) * a.p[i]! + w * b.p[i]! + spread * dr * (b.s[c]! - a.s[c]!);
    }
  }
  for (let r = 0; r < 4; r++) out.s[r] = a.s[r]! + w * (b.s[r]! - a.s[r]!);
}

/** The information in the directions where J is positive: J's positive part, and b projected on them. */
function positivePart({ j: [a, b, c], b: [bx, by] }: PositionInformation): PositionInformation {
  const half = Math.hypot((a - c) / 2, b);
  const mean = (a + c) / 2;
  const angle = 0.5 * Math.atan2(2 * b, a - c);
  const directions: [number, number][] = [[Math.cos(angle), Math.sin(angle)], [-Math.sin(angle), Math.cos(angle)]];
  const j: Sym2 = [0, 0, 0];
  const kept: [number, number] = [0, 0];
  [mean + half, mean - half].forEach((lambda, k) => {
    if (!(lambda > 0)) return;
    const [ex, ey] = directions[k]!;
    j[0] += lambda * ex * ex;
    j[1] += lambda * ex * ey;
    j[2] += lambda * ey * ey;
    const along = ex * bx + ey * by;
    kept[0] += along * ex;
    kept[1] += along * ey;
  });
  return { j, b: kept };
}

function addSym2(m: Sym2, n: Sym2): Sym2 {
  return [m[0] + n[0], m[1] + n[1], m[2] + n[2]];
}

function isPositiveDefinite([a, b, c]: Sym2): boolean {
  return a > 0 && a * c - b * b > 0;
}

function determinant([a, b, c]: Sym2): number {
  return a * c - b * b;
}
