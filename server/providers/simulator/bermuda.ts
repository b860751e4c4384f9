/**
 * What Bermuda publishes for one device–scanner distance sensor, modelled on its documented
 * behaviour (agittins/bermuda: `const.py`, `bermuda_advert.py`, `entity.py`):
 *  - every processing cycle (about 1 s) the newest advert's distance joins a history of
 *    `smoothing_samples` (20) per-cycle values. Noise only ever makes a range longer, so the
 *    smoothed range hugs the bottom: each value counts as the smallest one seen from the newest
 *    back to it, and those are averaged. A falling range shows at once, a rising one creeps up;
 *  - with no advert for DISTANCE_TIMEOUT (30 s) the sensor becomes unknown and the history is
 *    cleared; the first advert after that is taken as it is;
 *  - the sensor publishes a falling value or "unknown" at once, any other change only when its
 *    last update is `update_interval` (10 s) old; values are rounded to millimetres, and Home
 *    Assistant reports a state only when it changes.
 * Bermuda's check against implausible retreat speeds (max_velocity) is not modelled.
 */

export interface BermudaOptions {
  /** Seconds between processing cycles (Bermuda: 1.05). */
  cycle: number;
  /** Per-cycle values averaged (Bermuda's smoothing_samples: 20); 1 disables smoothing. */
  samples: number;
  /** A rising distance is published at most this often, seconds (Bermuda's update_interval: 10). */
  rateLimit: number;
  /** No advert for longer than this, seconds: the distance becomes "unknown" (Bermuda: 30). */
  unknownAfter: number;
}

export type SensorState = number | 'unknown';

/** One device–scanner distance sensor. Feed it adverts, then run cycles in time order. */
export class BermudaSensor {
  private lastAdvert = -Infinity;
  /** Newest advert's distance; null until the first advert. */
  private raw: number | null = null;
  /** An advert arrived since the last cycle. */
  private fresh = false;
  /** Per-cycle distances, newest first; empty while unknown. */
  private readonly history: number[] = [];
  /** The sensor's state; null before anything was published. */
  private published: SensorState | null = null;
  private publishedAt = -Infinity;

  constructor(private readonly options: BermudaOptions) {}

  advert(t: number, distance: number): void {
    this.lastAdvert = t;
    this.raw = distance;
    this.fresh = true;
  }

  /** One processing cycle at time t: the new state when it changes, else null. */
  cycle(t: number): SensorState | null {
    if (this.raw === null) return null; // never heard: Bermuda has no sensor for this pair yet
    const smoothed = this.smooth(t);
    const state = smoothed === null ? 'unknown' : Math.round(smoothed * 1000) / 1000;
    const due =
      state === 'unknown' ||
      typeof this.published !== 'number' ||
      state < this.published ||
      t - this.publishedAt >= this.options.rateLimit;
    if (!due || state === this.published) return null;
    this.published = state;
    this.publishedAt = t;
    return state;
  }

  /** The smoothed distance after this cycle, or null when unknown. */
  private smooth(t: number): number | null {
    const fresh = this.fresh;
    this.fresh = false;
    const raw = this.raw!;
    if (!fresh && (this.history.length === 0 || t - this.lastAdvert > this.options.unknownAfter)) {
      this.history.length = 0;
      return null;
    }
    // Between adverts the newest distance counts again, keeping the history one value per cycle.
    this.history.unshift(raw);
    if (this.history.length > this.options.samples) this.history.length = this.options.samples;
    let least = raw;
    let total = 0;
    for (const d of this.history) {
      least = Math.min(least, d);
      total += least;
    }
    return total / this.history.length;
  }
}
