/**
 * Simulator provider: walkers moving through the floor plan and the beacon nodes that hear them,
 * merged into one time-sorted stream of readings and ground truth. The parts live in simulator/:
 *  - walker.ts: where a device is at time t;
 *  - radio.ts (with walls.ts, shadowing.ts, multipath.ts): what one node measures of one advert;
 *  - bermuda.ts: what Bermuda would publish of those measurements, when asked for.
 * All randomness comes from one seeded Prng, so a seed reproduces a run exactly.
 */
import type { FloorplanConfig, Vec3 } from '../config/types.ts';
import { rssiToDistance } from '../engine/rssi-model.ts';
import type { RawReading } from '../engine/types.ts';
import { Prng } from './prng.ts';
import { BermudaSensor, type BermudaOptions } from './simulator/bermuda.ts';
import { MultipathLink, NO_MULTIPATH, type MultipathOptions } from './simulator/multipath.ts';
import { Radio, type RadioOptions } from './simulator/radio.ts';
import { Walker, type WalkerSpec } from './simulator/walker.ts';

export { Walker, walkDuration, type WalkerSpec } from './simulator/walker.ts';
export type { BermudaOptions } from './simulator/bermuda.ts';
export type { MultipathOptions } from './simulator/multipath.ts';
export type { ShadowingOptions } from './simulator/shadowing.ts';
export type { RadioOptions } from './simulator/radio.ts';

export interface SimulationOptions extends RadioOptions {
  walkers: WalkerSpec[];
  /** Seconds of simulated time; Infinity runs until the consumer stops iterating. */
  duration: number;
  /** Seconds between two adverts of one device. */
  advertInterval: number;
  /** `distance` is the model inverted from the noisy RSSI, as Bermuda reports it. */
  output: 'distance' | 'rssi';
  /** Multipath bursts on every device–node link (absent: none). */
  multipath?: MultipathOptions;
  /**
   * Publish distances as Bermuda's sensors would (smoothed, rate-limited, "unknown" when silent)
   * instead of one reading per advert heard. Needs `output: 'distance'`. Absent or null: raw.
   */
  bermuda?: BermudaOptions | null;
  seed: number;
}

export type SimulationEvent =
  | { kind: 'reading'; reading: RawReading }
  | { kind: 'truth'; t: number; device: string; position: Vec3 };

/** Nodes hear an advert up to this many seconds late (scan windows, reporting delays). */
const RECEIVE_JITTER = 0.2;

/** An advert as one node heard it. */
interface Reception {
  t: number;
  walker: number;
  node: number;
  rssi: number;
}

/**
 * Generates readings and ground truth (one sample per advert, at the advert time), sorted by t.
 * Values are exact; writers round them for display.
 */
export function* simulate(config: FloorplanConfig, options: SimulationOptions): Generator<SimulationEvent> {
  const bermuda = options.bermuda ?? null;
  if (bermuda !== null && options.output !== 'distance') {
    throw new Error('Bermuda-like output publishes distances: use output "distance"');
  }
  const prng = new Prng(options.seed);
  const radio = new Radio(config, options, prng);
  const { nodes } = radio;
  // Random phases, so that devices do not advertise in lockstep.
  const walkers = options.walkers.map((spec) => ({
    walker: new Walker(spec),
    next: prng.uniform(0, options.advertInterval),
    multipath: nodes.map(() => new MultipathLink(options.multipath ?? NO_MULTIPATH)),
    sensors: bermuda === null ? [] : nodes.map(() => new BermudaSensor(bermuda)),
  }));
  // Heard but not yet emitted (or passed to Bermuda), sorted by t; each at most RECEIVE_JITTER after its advert.
  const pending: Reception[] = [];
  const reading = (t: number, w: number, n: number, value: Pick<RawReading, 'distance' | 'rssi'>): SimulationEvent => ({
    kind: 'reading',
    reading: { t, device: options.walkers[w]!.device, scanner: nodes[n]!.id, ...value },
  });
  // Distances as Bermuda computes them: with the floor plan's model, whatever the node's true one.
  const distanceOf = (r: Reception): number => rssiToDistance(r.rssi, nodes[r.node]!.model);
  const raw = (r: Reception): SimulationEvent =>
    reading(r.t, r.walker, r.node, options.output === 'rssi' ? { rssi: r.rssi } : { distance: distanceOf(r) });
  let cycles = 0;

  for (;;) {
    const current = walkers.reduce((a, b) => (b.next < a.next ? b : a));
    const nextCycle = bermuda === null ? Infinity : (cycles + 1) * bermuda.cycle;
    const t = Math.min(current.next, nextCycle);
    if (t >= options.duration) break;

    if (t === nextCycle) {
      // Every advert before the cycle is sent, so every reception up to it is known.
      cycles++;
      while (pending.length > 0 && pending[0]!.t <= t) {
        const r = pending.shift()!;
        walkers[r.walker]!.sensors[r.node]!.advert(r.t, distanceOf(r));
      }
      for (const [w, { sensors }] of walkers.entries()) {
        for (const [n, sensor] of sensors.entries()) {
          const state = sensor.cycle(t);
          if (state !== null) yield reading(t, w, n, { distance: state });
        }
      }
      continue;
    }

    current.next += options.advertInterval;
    // Later adverts are no earlier than this one, so everything heard up to now is final.
    if (bermuda === null) while (pending.length > 0 && pending[0]!.t <= t) yield raw(pending.shift()!);

    const w = walkers.indexOf(current);
    const position = current.walker.positionAt(t);
    yield { kind: 'truth', t, device: current.walker.device, position };
    for (const [n, node] of nodes.entries()) {
      const rssi = radio.hear(node, position, t, current.multipath[n]!, prng);
      if (rssi !== null) insertSorted(pending, { t: t + prng.uniform(0, RECEIVE_JITTER), walker: w, node: n, rssi });
    }
  }
  // Bermuda publishes only at cycles: what arrives after the last one is never seen.
  if (bermuda === null) for (const r of pending) yield raw(r);
}

function insertSorted(receptions: Reception[], reception: Reception): void {
  let i = receptions.length;
  while (i > 0 && receptions[i - 1]!.t > reception.t) i--;
  receptions.splice(i, 0, reception);
}
