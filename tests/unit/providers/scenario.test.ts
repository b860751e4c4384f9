import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../server/config/load.ts';
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { FloorplanModel } from '../../../server/engine/model.ts';
import { parseScenario, simulationOptions, type Scenario } from '../../../server/providers/scenario.ts';
import { simulate } from '../../../server/providers/simulator.ts';

const fixture = (name: string): URL => new URL(`../../fixtures/scenarios/${name}`, import.meta.url);
const EXAMPLE_PLAN = new URL('../../../floorplan/example.yaml', import.meta.url);

let plan: FloorplanConfig;
beforeAll(async () => {
  plan = (await loadConfigFile(EXAMPLE_PLAN.pathname)).config!;
});

const formatted = (text: string, config?: FloorplanConfig): string[] =>
  parseScenario(text, 's.yaml', config).problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);

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
        wallLossDb: 3,
        floorLossDb: 10,
        multipath: { rate: 0.02, duration: 3, extraDb: 8 },
        shadowing: { sigmaDb: 0, distance: 1 },
        nodeModels: {},
        bermuda: null,
        output: 'rssi',
        walkers: [{ device: 'a', speed: 1, pause: 0, waypoints: [[0, 0, 1]], loop: false }],
      },
      problems: [],
    });
  });

  it('fills in the defaults of partly given radio keys', () => {
    const text = [
      'multipath: {rate: 0}',
      'shadowing: {sigma_db: 3}',
      'bermuda: {rate_limit: 5}',
      'nodes: {"d4-8a-fc-10-00-01": {attenuation: 3.4}, office-proxy: {ref_power: -70}}',
      'output: distance',
      'walkers: [{device: a, speed: 1, waypoints: [[0, 0, 1]]}]',
    ].join('\n');
    const { scenario, problems } = parseScenario(text, 's.yaml', plan);
    expect(problems).toEqual([]);
    expect(scenario).toMatchObject({
      multipath: { rate: 0, duration: 3, extraDb: 8 },
      shadowing: { sigmaDb: 3, distance: 1 },
      bermuda: { cycle: 1.05, samples: 20, rateLimit: 5, unknownAfter: 30 },
      nodeModels: { 'd4-8a-fc-10-00-01': { attenuation: 3.4 }, 'office-proxy': { refPower: -70 } },
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
      '2:1 sigma: unknown key; expected one of duration, advert_interval, sigma_db, packet_loss, max_range, ' +
        'wall_loss_db, floor_loss_db, multipath, shadowing, nodes, bermuda, output, walkers',
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

  it('names the key and position of each problem in the radio keys', () => {
    const text = [
      'wall_loss_db: -3', // 1
      'floor_loss_db: many', // 2
      'multipath:', // 3
      '  rate: -0.1', // 4
      '  length: 3', // 5
      'nodes:', // 6
      '  "D4:8A:FC:10:00:01": {ref_power: loud}', // 7
      '  d4-8a-fc-10-00-01: {attenuation: 0}', // 8
      '  kitchen-pi: {ref_power: -60}', // 9
      '  office-proxy: -60', // 10
      'bermuda: {samples: 2.5, unknown_after: 0, smoothing: 3}', // 11
      'output: rssi', // 12
      'walkers: [{device: a, speed: 1, waypoints: [[0, 0, 1]]}]', // 13
      'shadowing: {sigma_db: 3, distance: 0}', // 14
    ].join('\n');
    expect(formatted(text, plan)).toEqual([
      '1:15 wall_loss_db: must be a number of dB, 0 or more, got -3',
      '2:16 floor_loss_db: must be a number of dB, 0 or more, got "many"',
      '4:9 multipath.rate: must be a number of bursts per second, 0 or more, got -0.1',
      '5:3 multipath.length: unknown key; expected one of rate, duration, extra_db',
      '7:36 nodes["D4:8A:FC:10:00:01"].ref_power: must be a number of dBm, got "loud"',
      '8:3 nodes["d4-8a-fc-10-00-01"]: the same node as "D4:8A:FC:10:00:01"',
      '8:36 nodes["d4-8a-fc-10-00-01"].attenuation: must be a positive number, got 0',
      '9:3 nodes["kitchen-pi"]: not a beacon node of the floor plan',
      '10:17 nodes["office-proxy"]: must be a mapping with ref_power and/or attenuation, got -60',
      '11:20 bermuda.samples: must be a whole number of cycles, 1 or more, got 2.5',
      '11:40 bermuda.unknown_after: must be a positive number of seconds, got 0',
      '11:43 bermuda.smoothing: unknown key; expected one of cycle, samples, rate_limit, unknown_after',
      '12:9 output: must be "distance" with "bermuda": Bermuda publishes distances',
      '14:36 shadowing.distance: must be a positive number of metres, got 0',
    ]);
    // Without the floor plan, node ids cannot be checked.
    expect(formatted(text)).not.toContain('9:3 nodes["kitchen-pi"]: not a beacon node of the floor plan');
    expect(formatted('multipath: 3\nbermuda: [1]\nnodes: []\noutput: distance\nwalkers: [{device: a, speed: 1, waypoints: [[0, 0, 1]]}]')).toEqual([
      '1:12 multipath: must be a mapping with any of rate, duration, extra_db, got 3',
      '2:10 bermuda: must be a mapping with any of cycle, samples, rate_limit, unknown_after, got [1]',
      '3:8 nodes: must be a mapping from node id to ref_power and attenuation, got []',
    ]);
  });

  it('reports YAML syntax errors', () => {
    const { scenario, problems } = parseScenario('walkers: [\n', 's.yaml');
    expect(scenario).toBeNull();
    expect(problems[0]).toMatchObject({ severity: 'error', file: 's.yaml', path: 'walkers', line: expect.any(Number) as number });
  });

  it('accepts the example walk', async () => {
    const { scenario, problems } = parseScenario(await readFile(fixture('example-walk.yaml'), 'utf8'), 'example-walk.yaml', plan);
    expect(problems).toEqual([]);
    expect(scenario?.walkers.map((w) => w.device)).toEqual(['phone_alice', 'phone_bob', 'watch_carol']);
  });
});

describe('simulationOptions', () => {
  it('passes every scenario setting on, with the duration from the command line, the scenario or the walk', () => {
    const text = 'duration: 50\nbermuda: {}\noutput: distance\nwalkers: [{device: a, speed: 1, pause: 2, waypoints: [[0, 0, 1], [3, 0, 1]]}]';
    const { scenario } = parseScenario(text, 's.yaml');
    const { duration, ...rest } = scenario!;
    expect(simulationOptions(scenario!, 7)).toEqual({ ...rest, duration: 50, seed: 7 });
    expect(simulationOptions(scenario!, 7, 20).duration).toBe(20);
    expect(simulationOptions({ ...scenario!, duration: null }, 7).duration).toBe(7);
    expect(duration).toBe(50);
  });
});

describe('the house walk (benchmark scenario)', () => {
  let text: string;
  let scenario: Scenario;
  beforeAll(async () => {
    text = await readFile(fixture('house-walk.yaml'), 'utf8');
    const parsed = parseScenario(text, 'house-walk.yaml', plan);
    expect(parsed.problems).toEqual([]);
    scenario = parsed.scenario!;
  });

  it('is one walker, not looping, for 3 to 5 minutes, with walls, multipath and Bermuda-like output', () => {
    expect(scenario.walkers).toHaveLength(1);
    expect(scenario.walkers[0]).toMatchObject({ device: 'walker', loop: false });
    const { duration } = simulationOptions(scenario, 1);
    expect(duration).toBeGreaterThanOrEqual(180);
    expect(duration).toBeLessThanOrEqual(300);
    expect(scenario.wallLossDb).toBeGreaterThan(0);
    expect(scenario.floorLossDb).toBeGreaterThan(0);
    expect(scenario.multipath.rate * scenario.multipath.extraDb).toBeGreaterThan(0);
    expect(scenario.bermuda).not.toBeNull();
  });

  it('visits the rooms its comments name: several on each floor, by the stairs', () => {
    const model = new FloorplanModel(plan);
    const comments = [...text.matchAll(/^\s+- \[.*\] # ([^,\n]+)/gm)].map((m) => m[1]!.trim().toLowerCase().replaceAll(' ', '_'));
    const rooms = scenario.walkers[0]!.waypoints.map(([x, y, z]) => {
      const floor = model.floorAt(z);
      return { floor, room: model.roomAt(floor, x, y)?.id };
    });
    expect(rooms.map((r) => r.room)).toEqual(comments);
    for (const floor of ['ground', 'first']) {
      expect(new Set(rooms.filter((r) => r.floor === floor).map((r) => r.room)).size).toBeGreaterThanOrEqual(4);
    }
    // Up the stairs: from the foot (y = 1, ground) straight to the top (y = 6, first floor).
    const up = rooms.findIndex((r, i) => r.floor === 'ground' && rooms[i + 1]?.floor === 'first');
    expect(scenario.walkers[0]!.waypoints.slice(up, up + 2)).toEqual([
      [6, 1, 1],
      [6, 6, 3.6],
    ]);
  });

  it('simulates the same readings for the same seed, and different ones for another', () => {
    const events = (seed: number): string[] => [...simulate(plan, simulationOptions(scenario, seed))].map((e) => JSON.stringify(e));
    const a = events(1);
    expect(a.some((e) => e.includes('"distance":"unknown"'))).toBe(true);
    expect(events(1)).toEqual(a);
    expect(events(2)).not.toEqual(a);
  });
});
