/**
 * Shadowing that persists at a spot: the furniture, walls and doorways between a device and a node
 * weaken its signal by an amount that changes smoothly as the device moves, not from advert to
 * advert. Each node's extra loss is a smooth random field over the plan, drawn as a sum of random
 * cosines (random Fourier features): over draws it is Gaussian with standard deviation `sigmaDb`,
 * and two spots `distance` apart correlate 1/e (a Gaussian kernel, exp(−d² / distance²)).
 */
import type { Prng } from '../prng.ts';

export interface ShadowingOptions {
  /** Standard deviation of the field, dB; 0 turns it off. */
  sigmaDb: number;
  /** Metres between two spots whose losses correlate 1/e. */
  distance: number;
}

/** Cosines per field: enough for the field's spread to be within a few per cent of sigmaDb. */
const FEATURES = 64;

/** One node's field. */
export class ShadowingField {
  private readonly wx = new Float64Array(FEATURES);
  private readonly wy = new Float64Array(FEATURES);
  private readonly phase = new Float64Array(FEATURES);
  private readonly amplitude: number;

  constructor(options: ShadowingOptions, prng: Prng) {
    // Frequencies from the kernel's spectrum: exp(−d²/L²) has frequencies N(0, 2/L²) per axis.
    const spread = Math.SQRT2 / options.distance;
    for (let k = 0; k < FEATURES; k++) {
      this.wx[k] = prng.normal(0, spread);
      this.wy[k] = prng.normal(0, spread);
      this.phase[k] = prng.uniform(0, 2 * Math.PI);
    }
    this.amplitude = options.sigmaDb * Math.sqrt(2 / FEATURES);
  }

  /** Extra loss at (x, y), dB (negative: a stronger signal than the open-space curve). */
  lossDb(x: number, y: number): number {
    let sum = 0;
    for (let k = 0; k < FEATURES; k++) sum += Math.cos(this.wx[k]! * x + this.wy[k]! * y + this.phase[k]!);
    return this.amplitude * sum;
  }
}
