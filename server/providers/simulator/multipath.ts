/**
 * Multipath bursts: for a while a node hears a device mainly by reflections, which arrive weaker
 * than the direct path (so the range Bermuda computes is too long). Each device–node link
 * alternates between quiet spells and bursts, both of exponentially distributed length: bursts
 * start at `rate` per second of quiet and last `duration` seconds on average, so a link spends
 * rate·duration / (1 + rate·duration) of the time in a burst.
 */
import type { Prng } from '../prng.ts';

export interface MultipathOptions {
  /** Bursts per second of quiet time, per link; 0 disables bursts. */
  rate: number;
  /** Mean length of a burst, seconds. */
  duration: number;
  /** Extra path loss during a burst, dB. */
  extraDb: number;
}

export const NO_MULTIPATH: MultipathOptions = { rate: 0, duration: 0, extraDb: 0 };

/** One device–node link's bursts, drawn lazily as time advances (time must not go backwards). */
export class MultipathLink {
  /** The current or next burst: [start, end). Not drawn yet while start is NaN. */
  private start = NaN;
  private end = NaN;

  constructor(private readonly options: MultipathOptions) {}

  /** Extra loss at time t, dB: `extraDb` during a burst, else 0. */
  lossDb(t: number, prng: Prng): number {
    const { rate, duration, extraDb } = this.options;
    if (rate === 0 || duration === 0 || extraDb === 0) return 0;
    if (Number.isNaN(this.start)) this.next(0, prng);
    while (this.end <= t) this.next(this.end, prng);
    return t >= this.start ? extraDb : 0;
  }

  /** Draws the burst that follows a quiet spell starting at `quietFrom`. */
  private next(quietFrom: number, prng: Prng): void {
    this.start = quietFrom + exponential(1 / this.options.rate, prng);
    this.end = this.start + exponential(this.options.duration, prng);
  }
}

function exponential(mean: number, prng: Prng): number {
  // 1 - next() is in (0, 1], so the logarithm stays finite.
  return -mean * Math.log(1 - prng.next());
}
