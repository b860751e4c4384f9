/**
 * Which floor a device is on, as a probability over floors updated by each new reading (a hidden
 * Markov model forward filter). A reading's evidence for a floor is how well the position solved on
 * that floor explains it: the solver's cost is a negative log-likelihood, so it multiplies in as
 * exp(-cost). The transition prior (people change floors rarely) makes the belief sticky: a floor
 * change needs several readings' worth of evidence, and a walker on the stairs, whom neither floor
 * explains well, does not flip it. The reported floor changes only when the current one has become
 * unlikely (see KEEP_LOG_ODDS), as a room changes only when the device is 80 % sure to be in the
 * new one: near even evidence, at the top of the stairs, it does not flip back and forth.
 */

/** Expected floor changes per second for a person at home: about one a minute at the very most. */
const FLOOR_CHANGE_RATE = 1 / 60;
/**
 * The reported floor is kept while its probability is at least a quarter of the likeliest one's:
 * between two floors, while it holds a fifth of the belief (the mirror of a room's 80 %).
 */
const KEEP_LOG_ODDS = -Math.log(4);

export class FloorBelief {
  current: string | null = null;
  /** Log-probabilities, normalised so the largest is 0. */
  private readonly logP = new Map<string | null, number>();
  private t = 0;

  /** Starts over at time t from one snapshot of the evidence: each floor's cost for all current ranges. */
  reset(t: number, costs: ReadonlyMap<string | null, number>): string | null {
    this.logP.clear();
    for (const [floor, cost] of costs) this.logP.set(floor, -cost);
    this.t = t;
    this.current = null;
    return this.decide();
  }

  /** Folds in new evidence at time t: each candidate floor's cost for the readings new since the last update. */
  update(t: number, costs: ReadonlyMap<string | null, number>): string | null {
    const floors = new Set([...this.logP.keys(), ...costs.keys()]);
    const switched = -Math.expm1(-FLOOR_CHANGE_RATE * Math.max(0, t - this.t));
    this.t = t;
    const stay = 1 - switched;
    const spread = floors.size > 1 ? switched / (floors.size - 1) : 0;
    let total = 0;
    for (const floor of floors) total += Math.exp(this.logP.get(floor) ?? -Infinity);
    for (const floor of floors) {
      const p = Math.exp(this.logP.get(floor) ?? -Infinity) / total;
      const predicted = stay * p + spread * (1 - p);
      // A floor none of whose nodes hears the device any more and that cannot be solved drops out.
      const cost = costs.get(floor);
      if (cost === undefined) this.logP.delete(floor);
      else this.logP.set(floor, Math.log(predicted) - cost);
    }
    return this.decide();
  }

  private decide(): string | null {
    let best: string | null = null;
    let bestLog = -Infinity;
    for (const [floor, log] of this.logP) {
      if (log > bestLog) {
        best = floor;
        bestLog = log;
      }
    }
    for (const [floor, log] of this.logP) this.logP.set(floor, log - bestLog);
    const held = this.current === null ? undefined : this.logP.get(this.current);
    if (held === undefined || held < KEEP_LOG_ODDS) this.current = best;
    return this.current;
  }
}
