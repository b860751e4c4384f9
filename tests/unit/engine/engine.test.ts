import { describe, expect, it } from 'vitest';
import { Engine } from '../../../server/engine/engine.ts';
import { distanceToRssi } from '../../../server/engine/rssi-model.ts';
import type { BeaconNodeConfig, FloorplanConfig, Vec3 } from '../../../server/config/types.ts';
import type { RawReading } from '../../../server/engine/types.ts';

function node(key: string, coordinates: Vec3, extra: Partial<BeaconNodeConfig> = {}): BeaconNodeConfig {
  return { id: key, key, coordinates, name: null, floor: null, refPower: null, attenuation: null, ...extra };
}

/** Two floors of 10 x 8 m, split into two rooms each, four ceiling nodes per floor. */
function house(overrides: Partial<FloorplanConfig> = {}): FloorplanConfig {
  const corners = (z: number, prefix: string) =>
    [
      [0.2, 0.2],
      [9.8, 0.2],
      [9.8, 7.8],
      [0.2, 7.8],
    ].map(([x, y], i) => node(`${prefix}:00:00:00:00:0${i}`, [x!, y!, z]));
  return {
    floors: [
      { id: 'ground', height: 2.6 },
      { id: 'first', height: 5.4 },
    ],
    rooms: [
      { id: 'living', name: 'Living', floor: 'ground', area: null, boundaries: [[0, 0], [5, 0], [5, 8], [0, 8]] },
      { id: 'kitchen', name: 'Kitchen', floor: 'ground', area: null, boundaries: [[5, 0], [10, 0], [10, 8], [5, 8]] },
      { id: 'bedroom', name: 'Bedroom', floor: 'first', area: null, boundaries: [[0, 0], [5, 0], [5, 8], [0, 8]] },
      { id: 'bathroom', name: 'Bathroom', floor: 'first', area: null, boundaries: [[5, 0], [10, 0], [10, 8], [5, 8]] },
    ],
    staticEntities: [],
    beaconNodes: [...corners(2.4, 'aa'), ...corners(5.2, 'bb')],
    rssiModel: { refPower: -55, attenuation: 3 },
    deviceHeight: 1,
    maxReadingAge: 30,
    ...overrides,
  };
}

/** Exact ranges from every node of the config to `at`, as one batch at time t. */
function readingsAt(config: FloorplanConfig, device: string, at: Vec3, t: number): RawReading[] {
  return config.beaconNodes.map((n) => ({
    t,
    device,
    scanner: n.id,
    distance: Math.hypot(at[0] - n.coordinates[0], at[1] - n.coordinates[1], at[2] - n.coordinates[2]),
  }));
}

describe('engine', () => {
  it('locates a device from exact ranges and attaches its floor and room', () => {
    const config = house();
    const engine = new Engine(config);
    const [down] = engine.processBatch(readingsAt(config, 'phone', [7, 3, 1], 100));
    expect(down!.device).toBe('phone');
    expect(down!.t).toBe(100);
    expect(down!.method).toBe('least_squares');
    expect(down!.coordinates![0]).toBeCloseTo(7, 5);
    expect(down!.coordinates![1]).toBeCloseTo(3, 5);
    expect(down!.floor).toBe('ground');
    expect(down!.room).toBe('kitchen');
    expect(down!.nodesUsed).toHaveLength(8);
    const [up] = engine.processBatch(readingsAt(config, "phone", [2, 6, 3.6], 101));
    expect(up!.floor).toBe('first');
    expect(up!.room).toBe('bedroom');
    expect(up!.coordinates![0]).toBeCloseTo(2, 3);
  });

  it('returns one fix per device in a batch, in first-seen order', () => {
    const config = house();
    const engine = new Engine(config);
    const batch = [...readingsAt(config, 'b', [2, 2, 1], 5), ...readingsAt(config, 'a', [8, 6, 1], 5)];
    expect(engine.processBatch(batch).map((f) => [f.device, f.room])).toEqual([
      ['b', 'living'],
      ['a', 'kitchen'],
    ]);
  });

  it('matches scanners to nodes by MAC whatever the case or separator', () => {
    const config = house();
    const engine = new Engine(config);
    const batch = readingsAt(config, 'tag', [3, 3, 1], 1).map((r) => ({ ...r, scanner: r.scanner.toUpperCase().replaceAll(':', '-') }));
    const [fix] = engine.processBatch(batch);
    expect(fix!.nodesUsed).toHaveLength(8);
    expect(engine.rejectionCounts().unknown_scanner).toBe(0);
  });

  it('converts RSSI with the node model, where a per-node override wins over the global one', () => {
    const base = house();
    const config = house({
      beaconNodes: base.beaconNodes.map((n, i) => (i === 0 ? { ...n, refPower: -65, attenuation: 2.5 } : n)),
    });
    const engine = new Engine(config);
    const at: Vec3 = [4, 5, 1];
    const batch = config.beaconNodes.map((n) => {
      const d = Math.hypot(at[0] - n.coordinates[0], at[1] - n.coordinates[1], at[2] - n.coordinates[2]);
      const model = { refPower: n.refPower ?? -55, attenuation: n.attenuation ?? 3 };
      return { t: 1, device: 'tag', scanner: n.id, rssi: distanceToRssi(d, model) };
    });
    const [fix] = engine.processBatch(batch);
    expect(fix!.coordinates![0]).toBeCloseTo(4, 5);
    expect(fix!.coordinates![1]).toBeCloseTo(5, 5);
  });

  it('rejects and counts every kind of unusable reading', () => {
    const config = house();
    const engine = new Engine(config);
    const scanner = config.beaconNodes[0]!.id;
    const values: Array<[unknown, string]> = [
      ['unknown', 'unknown'],
      ['unavailable', 'unavailable'],
      ['abc', 'non_numeric'],
      ['', 'non_numeric'],
      [null, 'non_numeric'],
      [true, 'non_numeric'],
      [{}, 'non_numeric'],
      ['NaN', 'nan'],
      [NaN, 'nan'],
      [Infinity, 'infinite'],
      ['-Infinity', 'infinite'],
      [-0.5, 'negative'],
      ['-2', 'negative'],
      [100.5, 'out_of_range'],
    ];
    for (const [value] of values) engine.processBatch([{ t: 1, device: 'd', scanner, distance: value }]);
    engine.processBatch([{ t: 1, device: 'd', scanner: 'cc:00:00:00:00:00', distance: 2 }]);
    engine.processBatch([{ t: 1, device: 'd', scanner, rssi: 'unknown' }]);
    const counts = engine.rejectionCounts();
    const expected: Record<string, number> = { unknown_scanner: 1 };
    for (const [, reason] of values) expected[reason] = (expected[reason] ?? 0) + 1;
    expected.unknown = (expected.unknown ?? 0) + 1;
    for (const [reason, count] of Object.entries(counts)) expect([reason, count]).toEqual([reason, expected[reason] ?? 0]);
    // Numeric strings, as Home Assistant states are, are readings.
    const [fix] = engine.processBatch([{ t: 2, device: 'd', scanner, distance: ' 3.5 ' }]);
    expect(fix!.method).toBe('single_node');
    expect(fix!.accuracy).toBeCloseTo(3.5, 9);
  });

  it('forgets a node\'s range when its sensor turns unknown', () => {
    const config = house();
    const engine = new Engine(config);
    engine.processBatch(readingsAt(config, 'tag', [3, 3, 1], 1));
    const [fix] = engine.processBatch([{ t: 2, device: 'tag', scanner: config.beaconNodes[0]!.id, distance: 'unknown' }]);
    expect(fix!.nodesUsed).toHaveLength(7);
    expect(fix!.nodesUsed).not.toContain(config.beaconNodes[0]!.key);
  });

  it('drops readings older than max_reading_age, and a device with none left has no position', () => {
    const config = house({ maxReadingAge: 10 });
    const engine = new Engine(config);
    const [n0, n1, n2] = config.beaconNodes;
    engine.processBatch(readingsAt(config, 'tag', [3, 3, 1], 0));
    // At t = 8 only three nodes report again; at t = 12 the others are 12 s old and gone.
    const fresh = (t: number) => [n0!, n1!, n2!].map((n) => ({ t, device: 'tag', scanner: n.id, distance: 4 }));
    expect(engine.processBatch(fresh(8))[0]!.nodesUsed).toHaveLength(8);
    expect(engine.processBatch(fresh(12))[0]!.nodesUsed).toHaveLength(3);
    // Another device's reading at t = 30 advances the clock; the tag's last readings are 18 s old.
    engine.processBatch([{ t: 30, device: 'other', scanner: n0!.id, distance: 1 }]);
    const [gone] = engine.processBatch([{ t: 30, device: 'tag', scanner: n0!.id, distance: 'unavailable' }]);
    expect(gone).toMatchObject({ coordinates: null, accuracy: null, floor: null, room: null, method: 'none', nodesUsed: [] });
  });

  it('is deterministic: the same readings give the same fixes', () => {
    const config = house();
    const run = () => {
      const engine = new Engine(config);
      const out = [];
      for (let t = 0; t < 20; t++) {
        const batch = readingsAt(config, 'tag', [1 + t * 0.4, 4, 1], t).map((r, i) => ({ ...r, distance: (r.distance as number) * (1 + 0.1 * Math.sin(t * 7 + i)) }));
        out.push(...engine.processBatch(batch));
      }
      return out;
    };
    expect(run()).toEqual(run());
  });

  it('works without floors or rooms: no floor, no room, position still solved', () => {
    const config = house({ floors: [], rooms: [] });
    const engine = new Engine(config);
    const [fix] = engine.processBatch(readingsAt(config, 'tag', [3, 3, 1], 1));
    expect(fix!.floor).toBeNull();
    expect(fix!.room).toBeNull();
    expect(fix!.coordinates![0]).toBeCloseTo(3, 3);
  });
});
