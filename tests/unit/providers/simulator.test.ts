import { describe, expect, it } from 'vitest';
import type { BeaconNodeConfig, FloorplanConfig, RoomConfig, Vec2, Vec3 } from '../../../server/config/types.ts';
import type { RawReading } from '../../../server/engine/types.ts';
import { Prng } from '../../../server/providers/prng.ts';
import { BermudaSensor, type BermudaOptions } from '../../../server/providers/simulator/bermuda.ts';
import { ShadowingField } from '../../../server/providers/simulator/shadowing.ts';
import { mergeCollinear, wallsCrossed, type Wall } from '../../../server/providers/simulator/walls.ts';
import {
  Walker,
  simulate,
  walkDuration,
  type SimulationEvent,
  type SimulationOptions,
  type WalkerSpec,
} from '../../../server/providers/simulator.ts';

function node(id: string, coordinates: Vec3, model: Partial<Pick<BeaconNodeConfig, 'refPower' | 'attenuation'>> = {}): BeaconNodeConfig {
  return { id, key: id, coordinates, name: null, floor: null, refPower: null, attenuation: null, distanceScale: null, ...model };
}

function config(beaconNodes: BeaconNodeConfig[], plan: Partial<Pick<FloorplanConfig, 'floors' | 'rooms'>> = {}): FloorplanConfig {
  return {
    floors: [{ id: 'ground', height: 2.6 }],
    rooms: [],
    ...plan,
    staticEntities: [],
    beaconNodes,
    movingEntities: [],
    rssiModel: { refPower: -55, attenuation: 3 },
    rssiNoiseDb: 4,
    shadowingShare: 0.5,
    deviceHeight: 1,
    maxReadingAge: 30,
  };
}

const HOUSE = config([node('n1', [0, 0, 2.4]), node('n2', [6, 0, 2.4]), node('n3', [3, 5, 2.4]), node('n4', [20, 20, 2.4])]);

const WALKERS: WalkerSpec[] = [
  { device: 'phone', speed: 1.2, pause: 2, waypoints: [[1, 1, 1], [5, 1, 1], [3, 4, 1]], loop: true },
  { device: 'watch', speed: 0.8, pause: 0, waypoints: [[5, 4, 1], [1, 3, 1]], loop: false },
];

function options(overrides: Partial<SimulationOptions> = {}): SimulationOptions {
  return {
    walkers: WALKERS,
    duration: 60,
    advertInterval: 1,
    sigmaDb: 2,
    packetLoss: 0.1,
    maxRange: 15,
    output: 'distance',
    seed: 1,
    ...overrides,
  };
}

const run = (opts: SimulationOptions, cfg = HOUSE): SimulationEvent[] => [...simulate(cfg, opts)];
const readingsOf = (events: SimulationEvent[]): RawReading[] =>
  events.flatMap((e) => (e.kind === 'reading' ? [e.reading] : []));

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function std(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

describe('Prng', () => {
  it('is reproducible per seed and uniform in [0, 1)', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(Array.from({ length: 10_000 }, () => b.next())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
    expect(new Prng(43).next()).not.toBe(new Prng(42).next());
  });

  it('draws standard normals', () => {
    const prng = new Prng(7);
    const xs = Array.from({ length: 20_000 }, () => prng.normal());
    expect(Math.abs(mean(xs))).toBeLessThan(4 / Math.sqrt(xs.length));
    expect(std(xs)).toBeCloseTo(1, 1);
  });
});

describe('Walker', () => {
  it('reaches each waypoint at the time implied by speed and pauses', () => {
    const walker = new Walker({ device: 'd', speed: 2, pause: 3, waypoints: [[0, 0, 1], [4, 0, 1], [4, 3, 1]], loop: false });
    // 3 s pause, 4 m at 2 m/s, 3 s pause, 3 m at 2 m/s.
    expect(walker.arrivals).toEqual([0, 5, 9.5]);
    expect(walker.end).toBe(12.5);
    expect(walker.positionAt(0)).toEqual([0, 0, 1]);
    expect(walker.positionAt(2.9)).toEqual([0, 0, 1]);
    expect(walker.positionAt(4)).toEqual([2, 0, 1]);
    expect(walker.positionAt(5)).toEqual([4, 0, 1]);
    expect(walker.positionAt(7.9)).toEqual([4, 0, 1]);
    expect(walker.positionAt(9.5)).toEqual([4, 3, 1]);
    expect(walker.positionAt(100)).toEqual([4, 3, 1]);
  });

  it('walks back to the first waypoint and repeats when looping', () => {
    const walker = new Walker({ device: 'd', speed: 1, pause: 0, waypoints: [[0, 0, 0], [3, 0, 0], [3, 4, 0]], loop: true });
    expect(walker.arrivals).toEqual([0, 3, 7]);
    expect(walker.end).toBe(Infinity);
    // The way back is 5 m: one lap is 12 s.
    expect(walker.positionAt(9.5)).toEqual([1.5, 2, 0]);
    expect(walker.positionAt(12 + 3)).toEqual([3, 0, 0]);
    expect(walker.positionAt(24 + 7)).toEqual([3, 4, 0]);
  });

  it('moves in 3D, e.g. up the stairs', () => {
    const walker = new Walker({ device: 'd', speed: 1, pause: 0, waypoints: [[0, 0, 1], [0, 3, 5]], loop: false });
    expect(walker.arrivals).toEqual([0, 5]);
    expect(walker.positionAt(2.5)).toEqual([0, 1.5, 3]);
  });
});

describe('simulate', () => {
  it('is reproducible with a seed and differs with another', () => {
    const a = run(options({ seed: 5 }));
    expect(run(options({ seed: 5 }))).toEqual(a);
    expect(run(options({ seed: 6 }))).not.toEqual(a);
  });

  it('yields readings and truth sorted by t, within the duration', () => {
    const events = run(options({ duration: 120 }));
    const times = events.map((e) => (e.kind === 'reading' ? e.reading.t : e.t));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
    const truth = events.filter((e) => e.kind === 'truth');
    // One advert per device per second.
    expect(truth.filter((e) => e.device === 'phone')).toHaveLength(120);
    expect(Math.max(...truth.map((e) => e.t))).toBeLessThan(120);
  });

  it('reports with the scanner ids from the config, only within range', () => {
    const readings = readingsOf(run(options()));
    expect(new Set(readings.map((r) => r.scanner))).toEqual(new Set(['n1', 'n2', 'n3']));
    expect(readings.every((r) => typeof r.distance === 'number' && r.rssi === undefined)).toBe(true);
    const rssi = readingsOf(run(options({ output: 'rssi' })));
    expect(rssi.every((r) => typeof r.rssi === 'number' && r.distance === undefined)).toBe(true);
  });

  it('gives truth positions along the walkers paths', () => {
    const truth = run(options()).filter((e) => e.kind === 'truth');
    for (const sample of truth) {
      expect(sample.position).toEqual(new Walker(WALKERS.find((w) => w.device === sample.device)!).positionAt(sample.t));
    }
  });

  it('knows when the walks end', () => {
    expect(walkDuration([{ device: 'd', speed: 1, pause: 1, waypoints: [[0, 0, 0], [2, 0, 0]], loop: false }])).toBe(4);
    expect(walkDuration(WALKERS)).toBe(Infinity);
  });

  describe('radio statistics at a fixed distance', () => {
    const d = 5;
    const model = { refPower: -59, attenuation: 2.5 };
    // A per-node model, to check it overrides the global one.
    const cfg = config([node('n', [0, 0, 0], model)]);
    const still: WalkerSpec = { device: 'tag', speed: 1, pause: 0, waypoints: [[3, 4, 0]], loop: false };
    const N = 5000;
    const sigmaDb = 4;
    const packetLoss = 0.2;
    const events = run(
      options({ walkers: [still], duration: N, sigmaDb, packetLoss, output: 'rssi', maxRange: 15, seed: 99 }),
      cfg,
    );
    const rssi = readingsOf(events).map((r) => r.rssi as number);

    it('has the mean of the log-distance model', () => {
      const expected = model.refPower - 10 * model.attenuation * Math.log10(d);
      // 4 standard errors: a correct model fails this once in ~16 000 seeds.
      expect(Math.abs(mean(rssi) - expected)).toBeLessThan((4 * sigmaDb) / Math.sqrt(rssi.length));
    });

    it('has the configured spread', () => {
      // The standard error of a sample std is about sigma / sqrt(2N).
      expect(Math.abs(std(rssi) - sigmaDb)).toBeLessThan((4 * sigmaDb) / Math.sqrt(2 * rssi.length));
    });

    it('loses the configured share of adverts', () => {
      const loss = 1 - rssi.length / N;
      expect(Math.abs(loss - packetLoss)).toBeLessThan(4 * Math.sqrt((packetLoss * (1 - packetLoss)) / N));
    });

    it('reports distance as the model inverted from the noisy rssi', () => {
      const distances = readingsOf(run(options({ walkers: [still], duration: N, sigmaDb, packetLoss, output: 'distance', seed: 99 }), cfg)).map(
        (r) => r.distance as number,
      );
      // Same seed, same noise: distance = 10^((ref - rssi) / (10 n)).
      expect(distances).toHaveLength(rssi.length);
      distances.forEach((dist, i) => expect(dist).toBeCloseTo(10 ** ((model.refPower - rssi[i]!) / (10 * model.attenuation)), 9));
      // The median of a log-normal range is the true range.
      const sorted = [...distances].sort((a, b) => a - b);
      expect(sorted[Math.floor(sorted.length / 2)]).toBeCloseTo(d, 0);
    });

    it('hears nothing beyond max range', () => {
      expect(readingsOf(run(options({ walkers: [still], duration: 100, maxRange: 4.9 }), cfg))).toEqual([]);
    });
  });
});

// Three rooms in a row, 4 m wide; the middle one split along y = 2. Every inner wall is drawn
// twice (in opposite directions), and the split rooms' edges on x = 4 and x = 8 only half-overlap
// their neighbours'.
const room = (id: string, boundaries: Vec2[]): RoomConfig => ({ id, name: id, floor: 'ground', area: null, boundaries });
const ROW_ROOMS = [
  room('a', [[0, 0], [4, 0], [4, 4], [0, 4]]),
  room('b1', [[8, 0], [8, 2], [4, 2], [4, 0]]),
  room('b2', [[4, 2], [8, 2], [8, 4], [4, 4]]),
  room('c', [[8, 0], [12, 0], [12, 4], [8, 4]]),
];
const edgesOf = (rooms: RoomConfig[]): Wall[] =>
  rooms.flatMap((r) => r.boundaries.map((p, i): Wall => [p, r.boundaries[(i + 1) % r.boundaries.length]!]));
const sortedWalls = (walls: Wall[]): string[] =>
  walls.map((w) => JSON.stringify([...w].map((p) => p.map((v) => Math.round(v * 1e6) / 1e6)).sort())).sort();

describe('walls', () => {
  it('counts each stretch of wall once, however the rooms outline it', () => {
    const walls = mergeCollinear(edgesOf(ROW_ROOMS));
    expect(sortedWalls(walls)).toEqual(
      sortedWalls([
        [[0, 0], [12, 0]], // front, three rooms' edges end to end
        [[0, 4], [12, 4]], // back
        [[0, 0], [0, 4]],
        [[4, 0], [4, 4]], // a's edge overlapped by b1's and b2's halves
        [[4, 2], [8, 2]], // between b1 and b2, drawn in both directions
        [[8, 0], [8, 4]],
        [[12, 0], [12, 4]],
      ]),
    );
  });

  it('merges overlapping slanted walls but keeps collinear walls with a gap apart', () => {
    expect(sortedWalls(mergeCollinear([[[0, 0], [2, 2]], [[3, 3], [1, 1]]]))).toEqual(sortedWalls([[[0, 0], [3, 3]]]));
    expect(mergeCollinear([[[0, 0], [1, 0]], [[2, 0], [3, 0]], [[5, 5], [5, 5]]])).toHaveLength(2);
  });

  it('counts the walls a path crosses', () => {
    const walls = mergeCollinear(edgesOf(ROW_ROOMS));
    expect(wallsCrossed(walls, [2, 1], [3, 3])).toBe(0);
    expect(wallsCrossed(walls, [2, 1], [11, 1])).toBe(2);
    expect(wallsCrossed(walls, [2, 3], [11, 1])).toBe(3);
  });
});

describe('radio losses', () => {
  const model = { refPower: -59, attenuation: 2.5 };
  const expectedRssi = (d: number, lossDb: number): number => model.refPower - 10 * model.attenuation * Math.log10(d) - lossDb;
  const still = (device: string, at: Vec3): WalkerSpec => ({ device, speed: 1, pause: 0, waypoints: [at], loop: false });
  const N = 3000;
  const sigmaDb = 4;
  const meanRssi = (events: SimulationEvent[], device: string, scanner: string): { mean: number; n: number } => {
    const values = readingsOf(events)
      .filter((r) => r.device === device && r.scanner === scanner)
      .map((r) => r.rssi as number);
    return { mean: mean(values), n: values.length };
  };

  it('makes a node behind N walls read N × wall_loss_db weaker, shared walls once', () => {
    const cfg = config([node('far', [11, 1, 1], model)], { rooms: ROW_ROOMS });
    const wallLossDb = 3;
    const events = run(
      options({
        walkers: [still('two', [2, 1, 1]), still('three', [2, 3, 1])],
        duration: N,
        sigmaDb,
        packetLoss: 0,
        output: 'rssi',
        wallLossDb,
        seed: 3,
      }),
      cfg,
    );
    for (const [device, walls, d] of [
      ['two', 2, 9],
      ['three', 3, Math.hypot(9, 2)],
    ] as const) {
      const { mean: m, n } = meanRssi(events, device, 'far');
      expect(n).toBe(N);
      // 4 standard errors; counting a shared wall twice would be off by 3 dB, 40 of them.
      expect(Math.abs(m - expectedRssi(d, walls * wallLossDb))).toBeLessThan((4 * sigmaDb) / Math.sqrt(n));
    }
  });

  it('makes each floor slab between device and node cost floor_loss_db, by the nodes floor', () => {
    const floors = [
      { id: 'ground', height: 2.6 },
      { id: 'first', height: 5.4 },
    ];
    // "ceiling" sits at the first floor's base but is declared on the ground floor: no slab between.
    const ceiling = { ...node('ceiling', [5, 2, 2.6], model), floor: 'ground' };
    const cfg = config([node('up', [2, 2, 3.6], model), ceiling], { floors });
    const floorLossDb = 10;
    const events = run(
      options({ walkers: [still('d', [2, 2, 1])], duration: N, sigmaDb, packetLoss: 0, output: 'rssi', floorLossDb, wallLossDb: 3, seed: 4 }),
      cfg,
    );
    const up = meanRssi(events, 'd', 'up');
    expect(Math.abs(up.mean - expectedRssi(2.6, floorLossDb))).toBeLessThan((4 * sigmaDb) / Math.sqrt(up.n));
    const down = meanRssi(events, 'd', 'ceiling');
    expect(Math.abs(down.mean - expectedRssi(Math.hypot(3, 1.6), 0))).toBeLessThan((4 * sigmaDb) / Math.sqrt(down.n));
  });

  it('uses a node\'s true parameters for the signal and floorplan.yaml\'s for the distance', () => {
    const cfg = config([{ ...node('AA:BB:CC:00:00:01', [0, 0, 0], model), key: 'aa:bb:cc:00:00:01' }]);
    const opts = options({ walkers: [still('d', [3, 4, 0])], duration: 10, sigmaDb: 0, packetLoss: 0 });
    const trueModel = { refPower: -65 };
    // Any spelling of the node's MAC.
    const rssi = readingsOf(run({ ...opts, output: 'rssi', nodeModels: { 'aa-bb-cc-00-00-01': trueModel } }, cfg));
    expect(rssi).toHaveLength(10);
    for (const r of rssi) expect(r.rssi).toBeCloseTo(-65 - 25 * Math.log10(5), 9);
    // The node hears 6 dB less than the floor plan says: its distances are 10^(6/25) times too long.
    const distances = readingsOf(run({ ...opts, nodeModels: { 'AA:BB:CC:00:00:01': trueModel } }, cfg));
    for (const r of distances) expect(r.distance).toBeCloseTo(5 * 10 ** (6 / 25), 9);
    expect(() => run({ ...opts, nodeModels: { ghost: trueModel } }, cfg)).toThrow(/"ghost"/);
  });

  describe('multipath bursts', () => {
    const nodes = [node('n1', [0, 0, 0], model), node('n2', [6, 0, 0], model), node('n3', [0, 8, 0], model), node('n4', [6, 8, 0], model)];
    const cfg = config(nodes);
    const at: Vec3 = [3, 4, 0];
    const multipath = { rate: 0.05, duration: 4, extraDb: 8 };
    const T = 20_000;
    const readings = readingsOf(
      run(options({ walkers: [still('d', at)], duration: T, sigmaDb: 0, packetLoss: 0, output: 'rssi', multipath, seed: 11 }), cfg),
    );
    const excess = readings.map((r) => expectedRssi(5, 0) - (r.rssi as number));

    it('add extra_db during bursts and nothing otherwise', () => {
      for (const e of excess) expect(Math.abs(e) < 1e-9 || Math.abs(e - multipath.extraDb) < 1e-9).toBe(true);
    });

    it('cover rate·duration / (1 + rate·duration) of the time', () => {
      const share = excess.filter((e) => e > 1).length / excess.length;
      const expected = (multipath.rate * multipath.duration) / (1 + multipath.rate * multipath.duration);
      // ~830 bursts on each of four links: over 40 seeds the share scattered by 0.003 (sd).
      expect(Math.abs(share - expected)).toBeLessThan(0.015);
    });

    it('make the reported range longer', () => {
      const distances = readingsOf(
        run(options({ walkers: [still('d', at)], duration: 2000, sigmaDb: 0, packetLoss: 0, multipath, seed: 11 }), cfg),
      ).map((r) => r.distance as number);
      const long = distances.filter((d) => d > 5 + 1e-6);
      expect(long.length).toBeGreaterThan(0);
      for (const d of long) expect(d).toBeCloseTo(5 * 10 ** (multipath.extraDb / 25), 9);
    });

    it('are off with rate 0', () => {
      const quiet = readingsOf(
        run(
          options({ walkers: [still('d', at)], duration: 500, sigmaDb: 0, packetLoss: 0, output: 'rssi', multipath: { ...multipath, rate: 0 } }),
          cfg,
        ),
      );
      for (const r of quiet) expect(r.rssi).toBeCloseTo(expectedRssi(5, 0), 9);
    });
  });
});

describe('shadowing', () => {
  it('has the configured spread and correlates 1/e at the configured distance', () => {
    // Over 2000 fields: the value at a spot, 0.2 m away and 1.5 m (the distance) away.
    const fields = Array.from({ length: 2000 }, (_, i) => new ShadowingField({ sigmaDb: 3, distance: 1.5 }, new Prng(100 + i)));
    const at = (dx: number) => fields.map((f) => f.lossDb(2 + dx, 3));
    const here = at(0);
    const correlation = (other: number[]) => mean(here.map((v, i) => v * other[i]!)) / mean(here.map((v) => v * v));
    expect(Math.sqrt(mean(here.map((v) => v * v)))).toBeGreaterThan(3 * 0.93);
    expect(Math.sqrt(mean(here.map((v) => v * v)))).toBeLessThan(3 * 1.07);
    expect(correlation(at(0.2))).toBeGreaterThan(0.95);
    expect(Math.abs(correlation(at(1.5)) - Math.exp(-1))).toBeLessThan(0.06);
    expect(Math.abs(correlation(at(4)))).toBeLessThan(0.06);
  });

  it('stays while a device stays and differs between spots, with no other noise', () => {
    const model = { refPower: -59, attenuation: 2.5 };
    const cfg = config([node('n', [0, 0, 1], model)]);
    const shadowing = { sigmaDb: 4, distance: 1 };
    const still = (device: string, at: Vec3): WalkerSpec => ({ device, speed: 1, pause: 0, waypoints: [at], loop: false });
    const events = run(
      options({ walkers: [still('a', [3, 4, 1]), still('b', [6, 8, 1])], duration: 20, sigmaDb: 0, packetLoss: 0, output: 'rssi', shadowing, seed: 5 }),
      cfg,
    );
    const of = (device: string) => readingsOf(events).filter((r) => r.device === device).map((r) => r.rssi as number);
    for (const device of ['a', 'b']) expect(new Set(of(device)).size).toBe(1);
    const offCurve = (device: string, d: number) => of(device)[0]! - (model.refPower - 25 * Math.log10(d));
    expect(offCurve('a', 5)).not.toBeCloseTo(offCurve('b', 10), 3);
    // Off, nothing is added.
    const quiet = readingsOf(run(options({ walkers: [still('a', [3, 4, 1])], duration: 5, sigmaDb: 0, packetLoss: 0, output: 'rssi', seed: 5 }), cfg));
    for (const r of quiet) expect(r.rssi).toBeCloseTo(model.refPower - 25 * Math.log10(5), 9);
  });
});

describe('BermudaSensor', () => {
  const raw: BermudaOptions = { cycle: 1, samples: 1, rateLimit: 10, unknownAfter: 30 };

  it('publishes falls at once, rises at most every rate_limit, never an unchanged value', () => {
    const sensor = new BermudaSensor(raw);
    const prng = new Prng(21);
    let distance = 5;
    let published: number | null = null;
    let publishedAt = -Infinity;
    let rises = 0;
    for (let t = 1; t <= 2000; t++) {
      distance = Math.max(0.5, distance + prng.normal(0, 0.5));
      sensor.advert(t - 0.5, distance);
      const state = sensor.cycle(t);
      const value = Math.round(distance * 1000) / 1000;
      if (published === null || value < published) expect(state).toBe(value);
      else if (value > published && t - publishedAt >= raw.rateLimit) expect(state).toBe(value);
      else expect(state).toBeNull();
      if (typeof state === 'number') {
        if (published !== null && state > published) rises++;
        published = state;
        publishedAt = t;
      }
    }
    // Both branches were exercised.
    expect(rises).toBeGreaterThan(50);
  });

  it('smooths by hugging the lowest recent distances', () => {
    const sensor = new BermudaSensor({ ...raw, samples: 20 });
    const states: (number | 'unknown' | null)[] = [];
    const step = (t: number, d: number): void => {
      sensor.advert(t - 0.5, d);
      states.push(sensor.cycle(t));
    };
    for (let t = 1; t <= 20; t++) step(t, 5);
    step(21, 10); // a spike: one of twenty samples at 10, the rest at 5
    step(22, 4); // a fall shows at once
    expect(states.slice(0, 21)).toEqual([5, ...Array<null>(19).fill(null), 5.25]);
    expect(states[21]).toBe(4);
  });

  it('reports "unknown" after unknown_after seconds without adverts, and the next advert at once', () => {
    const sensor = new BermudaSensor(raw);
    expect(sensor.cycle(1)).toBeNull(); // never heard: no state at all
    sensor.advert(9.5, 3);
    const states = new Map<number, number | 'unknown'>();
    for (let t = 10; t <= 80; t++) {
      if (t === 70) sensor.advert(69.5, 8);
      const state = sensor.cycle(t);
      if (state !== null) states.set(t, state);
    }
    // Last advert at 9.5: silent for more than 30 s at t = 40.
    expect([...states]).toEqual([
      [10, 3],
      [40, 'unknown'],
      [70, 8],
    ]);
  });
});

describe('simulate with Bermuda-like output', () => {
  const bermuda: BermudaOptions = { cycle: 1.05, samples: 20, rateLimit: 10, unknownAfter: 30 };
  // Walks out of range of n1..n3 (max range 15) and stays away.
  const leaver: WalkerSpec = { device: 'leaver', speed: 1, pause: 20, waypoints: [[3, 2, 1], [40, 2, 1]], loop: false };
  const walkers = [...WALKERS, leaver];
  const events = run(options({ walkers, duration: 300, sigmaDb: 4, packetLoss: 0, bermuda, multipath: { rate: 0.05, duration: 3, extraDb: 8 } }));
  const readings = readingsOf(events);
  const byLink = new Map<string, RawReading[]>();
  for (const r of readings) byLink.set(`${r.device} ${r.scanner}`, [...(byLink.get(`${r.device} ${r.scanner}`) ?? []), r]);

  it('publishes at processing cycles, in time order with the truth', () => {
    const times = events.map((e) => (e.kind === 'reading' ? e.reading.t : e.t));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
    for (const r of readings) expect(Math.abs(r.t / bermuda.cycle - Math.round(r.t / bermuda.cycle))).toBeLessThan(1e-9);
    expect(new Set(readings.map((r) => r.scanner))).toEqual(new Set(['n1', 'n2', 'n3']));
  });

  it('never publishes an unchanged value, and rises no more often than the rate limit', () => {
    let rises = 0;
    for (const link of byLink.values()) {
      for (let i = 1; i < link.length; i++) {
        const [before, now] = [link[i - 1]!, link[i]!];
        expect(now.distance).not.toBe(before.distance);
        if (typeof now.distance === 'number' && typeof before.distance === 'number' && now.distance > before.distance) {
          rises++;
          expect(now.t - before.t).toBeGreaterThanOrEqual(bermuda.rateLimit - 1e-9);
        }
      }
    }
    expect(rises).toBeGreaterThan(10);
  });

  it('turns a node "unknown" unknown_after seconds after it last heard the device', () => {
    const advertsInRange = (scanner: string): number[] => {
      const coordinates = HOUSE.beaconNodes.find((n) => n.id === scanner)!.coordinates;
      return events.flatMap((e) =>
        e.kind === 'truth' && e.device === 'leaver' && Math.hypot(...e.position.map((v, i) => v - coordinates[i]!)) <= 15 ? [e.t] : [],
      );
    };
    for (const scanner of ['n1', 'n2', 'n3']) {
      const link = byLink.get(`leaver ${scanner}`)!;
      const unknown = link.filter((r) => r.distance === 'unknown');
      expect(unknown).toHaveLength(1);
      expect(link.at(-1)).toBe(unknown[0]);
      // Heard up to 0.2 s after the last advert in range; unknown at the first cycle 30 s later.
      const last = Math.max(...advertsInRange(scanner));
      expect(unknown[0]!.t).toBeGreaterThan(last + bermuda.unknownAfter);
      expect(unknown[0]!.t).toBeLessThanOrEqual(last + 0.2 + bermuda.unknownAfter + bermuda.cycle);
    }
  });

  it('needs distance output', () => {
    expect(() => run(options({ bermuda, output: 'rssi' }))).toThrow(/distance/);
  });
});

describe('simulate with every effect', () => {
  const cfg = config([node('n1', [1, 1, 2.4]), node('n2', [11, 1, 2.4]), node('n3', [6, 3.5, 2.4])], { rooms: ROW_ROOMS });
  const walker: WalkerSpec = { device: 'w', speed: 1, pause: 3, waypoints: [[2, 2, 1], [10, 2, 1], [6, 3, 1]], loop: true };
  const all = (seed: number): SimulationOptions =>
    options({
      walkers: [walker],
      duration: 200,
      wallLossDb: 3,
      floorLossDb: 10,
      multipath: { rate: 0.05, duration: 3, extraDb: 8 },
      nodeModels: { n2: { refPower: -60 } },
      bermuda: { cycle: 1.05, samples: 20, rateLimit: 10, unknownAfter: 30 },
      seed,
    });

  it('is reproducible with a seed and differs with another', () => {
    const a = run(all(8), cfg);
    expect(readingsOf(a).length).toBeGreaterThan(20);
    expect(run(all(8), cfg)).toEqual(a);
    expect(run(all(9), cfg)).not.toEqual(a);
  });
});
