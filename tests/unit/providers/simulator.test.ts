import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../server/providers/scenario.ts';
import type { BeaconNodeConfig, FloorplanConfig, Vec3 } from '../../../server/config/types.ts';
import type { RawReading } from '../../../server/engine/types.ts';
import { Prng } from '../../../server/providers/prng.ts';
import {
  Walker,
  simulate,
  walkDuration,
  type SimulationEvent,
  type SimulationOptions,
  type WalkerSpec,
} from '../../../server/providers/simulator.ts';

function node(id: string, coordinates: Vec3, model: Partial<Pick<BeaconNodeConfig, 'refPower' | 'attenuation'>> = {}): BeaconNodeConfig {
  return { id, key: id, coordinates, name: null, floor: null, refPower: null, attenuation: null, ...model };
}

function config(beaconNodes: BeaconNodeConfig[]): FloorplanConfig {
  return {
    floors: [{ id: 'ground', height: 2.6 }],
    rooms: [],
    staticEntities: [],
    beaconNodes,
    rssiModel: { refPower: -55, attenuation: 3 },
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

describe('parseScenario', () => {
  it('applies defaults and reads JSON as well as YAML', () => {
    const json = JSON.stringify({ output: 'rssi', walkers: [{ device: 'a', speed: 1, waypoints: [[0, 0, 1]] }] });
    expect(parseScenario(json, 's.json')).toEqual({
      scenario: {
        duration: null,
        advertInterval: 1,
        sigmaDb: 4,
        packetLoss: 0.1,
        maxRange: 15,
        output: 'rssi',
        walkers: [{ device: 'a', speed: 1, pause: 0, waypoints: [[0, 0, 1]], loop: false }],
      },
      problems: [],
    });
  });

  it('names the key and position of each problem', () => {
    const text = [
      'duration: 0', // 1
      'sigma: 3', // 2
      'packet_loss: 1', // 3
      'output: power', // 4
      'walkers:', // 5
      '  - device: a', // 6
      '    speed: fast', // 7
      '    waypoints: [[0, 0], [1, 1, 1]]', // 8
      '    loop: yes', // 9
      '  - device: a', // 10
      '    speed: 1', // 11
      '  - 42', // 12
    ].join('\n');
    const { scenario, problems } = parseScenario(text, 's.yaml');
    expect(scenario).toBeNull();
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '1:11 duration: must be a positive number of seconds, got 0',
      '2:1 sigma: unknown key; expected one of duration, advert_interval, sigma_db, packet_loss, max_range, output, walkers',
      '3:14 packet_loss: must be a probability in [0, 1), got 1',
      '4:9 output: must be "distance" or "rssi", got "power"',
      '7:12 walkers[0].speed: must be a positive number of m/s, got "fast"',
      '8:17 walkers[0].waypoints[0]: must be [x, y, z] in metres (z above ground), got [0,0]',
      '9:11 walkers[0].loop: must be true or false, got "yes"',
      '10:5 walkers[1]: missing required key "waypoints"',
      '10:13 walkers[1].device: "a" is already used by walkers[0]',
      '12:5 walkers[2]: a walker must be a mapping with device, speed and waypoints',
    ]);
    expect(problems.every((p) => p.severity === 'error' && p.file === 's.yaml')).toBe(true);
  });

  it('reports YAML syntax errors', () => {
    const { scenario, problems } = parseScenario('walkers: [\n', 's.yaml');
    expect(scenario).toBeNull();
    expect(problems[0]).toMatchObject({ severity: 'error', file: 's.yaml', path: 'walkers', line: expect.any(Number) as number });
  });

  it('accepts the example walk', async () => {
    const path = new URL('../../fixtures/scenarios/example-walk.yaml', import.meta.url);
    const { scenario, problems } = parseScenario(await readFile(path, 'utf8'), 'example-walk.yaml');
    expect(problems).toEqual([]);
    expect(scenario?.walkers.map((w) => w.device)).toEqual(['phone_alice', 'phone_bob', 'watch_carol']);
  });
});
