import { describe, expect, it } from 'vitest';
import { Engine, START_WAIT } from '../../../server/engine/engine.ts';
import { FloorplanModel } from '../../../server/engine/model.ts';
import { distanceToRssi } from '../../../server/engine/rssi-model.ts';
import type { BeaconNodeConfig, Vec3 } from '../../../server/config/types.ts';
import { house, readingsAt } from '../../support/house.ts';
import type { RawReading } from '../../../server/engine/types.ts';

describe('engine', () => {
  it('locates a device from exact ranges and attaches its floor and room', () => {
    const config = house();
    const engine = new Engine(config);
    const [down] = engine.processBatch(readingsAt(config, 'phone', [7, 3, 1], 100));
    expect(down!.device).toBe('phone');
    expect(down!.t).toBe(100);
    expect(down!.method).toBe('least_squares');
    // A lone fix reports its posterior's centre (solver.ts), which the ranges' assumed noise skews
    // by millimetres from the point exact ranges meet at.
    expect(down!.coordinates![0]).toBeCloseTo(7, 2);
    expect(down!.coordinates![1]).toBeCloseTo(3, 2);
    expect(down!.floor).toBe('ground');
    expect(down!.room).toBe('kitchen');
    expect(down!.nodesUsed).toHaveLength(8);
    const [up] = engine.processBatch(readingsAt(config, 'tablet', [2, 6, 3.6], 101));
    expect(up!.floor).toBe('first');
    expect(up!.room).toBe('bedroom');
    expect(up!.coordinates![0]).toBeCloseTo(2, 2);
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
    const batch = readingsAt(config, 'tag', at, 1).map((r, i) => {
      const n = config.beaconNodes[i]!;
      const model = { refPower: n.refPower ?? -55, attenuation: n.attenuation ?? 3 };
      return { t: r.t, device: r.device, scanner: r.scanner, rssi: distanceToRssi(r.distance as number, model) };
    });
    const [fix] = engine.processBatch(batch);
    expect(fix!.coordinates![0]).toBeCloseTo(4, 2);
    expect(fix!.coordinates![1]).toBeCloseTo(5, 2);
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
    // Numeric strings, as Home Assistant states are, are readings (placed once the wait for a
    // third node is over).
    engine.processBatch([{ t: 2, device: 'd', scanner, distance: ' 3.5 ' }]);
    const [fix] = engine.processBatch([{ t: 2 + START_WAIT, device: 'd', scanner, distance: ' 3.5 ' }]);
    expect(fix!.method).toBe('single_node');
    expect(fix!.accuracy).toBeCloseTo(3.5, 9);
  });

  it('places a device just heard only once a third node hears it, or after START_WAIT with fewer', () => {
    const config = house();
    const engine = new Engine(config);
    // In the living room downstairs; the first two readings to arrive are from upstairs nodes,
    // which alone would put it on the first floor.
    const all = readingsAt(config, 'phone', [2.5, 6, 1], 0);
    const upstairs = all.filter((r) => r.scanner.startsWith('bb')).slice(0, 2);
    const [waiting] = engine.processBatch(upstairs);
    expect(waiting!.coordinates).toBeNull();
    expect(waiting!.room).toBeNull();
    // Within the wait, the rest of the cycle arrives: the first fix is on the right floor and room.
    const [first] = engine.processBatch(all.map((r) => ({ ...r, t: 0.8 })));
    expect([first!.floor, first!.room]).toEqual(['ground', 'living']);

    // Heard by one node only, it still gets a position, once the wait is over.
    const lone = all[0]!;
    const one = new Engine(config);
    expect(one.processBatch([lone])[0]!.coordinates).toBeNull();
    expect(one.processBatch([{ ...lone, t: START_WAIT - 0.1 }])[0]!.coordinates).toBeNull();
    const [late] = one.processBatch([{ ...lone, t: START_WAIT }]);
    expect(late!.method).toBe('single_node');
    expect(late!.coordinates).not.toBeNull();
  });

  it('forgets a node\'s range when its sensor turns unknown', () => {
    const config = house();
    const engine = new Engine(config);
    engine.processBatch(readingsAt(config, 'tag', [3, 3, 1], 1));
    const [first, ...others] = config.beaconNodes;
    const unknown = (n: BeaconNodeConfig) => ({ t: 2, device: 'tag', scanner: n.id, distance: 'unknown' });
    // One node left: still placed; that one gone too: no position, not the last one frozen.
    expect(engine.processBatch(others.map(unknown))[0]!.coordinates).not.toBeNull();
    expect(engine.processBatch([unknown(first!)])[0]).toMatchObject({ coordinates: null, method: 'none' });
  });

  it('tells, per device, which nodes hear it and which of its readings were rejected', () => {
    const config = house({ maxReadingAge: 10 });
    const engine = new Engine(config);
    const [a, b] = config.beaconNodes;
    engine.processBatch([
      { t: 1, device: 'tag', scanner: a!.id, distance: 2.5 },
      { t: 1, device: 'tag', scanner: 'cc:00:00:00:00:00', distance: 2 },
      { t: 1, device: 'other', scanner: a!.id, distance: 'abc' },
    ]);
    engine.processBatch([{ t: 4, device: 'tag', scanner: b!.id, distance: 'unknown' }]);
    expect(engine.deviceStatus('tag', 5)).toEqual({
      heardBy: [{ node: a!.key, distance: 2.5, age: 4 }],
      rejected: { unknown_scanner: 1, unknown: 1 },
    });
    expect(engine.deviceStatus('other', 5)).toEqual({ heardBy: [], rejected: { non_numeric: 1 } });
    expect(engine.deviceStatus('never-heard', 5)).toBeNull();
    // Once every reading has aged out, the device is forgotten.
    engine.expire(20);
    expect(engine.deviceStatus('tag', 20)).toBeNull();
  });

  it('drops readings older than max_reading_age, and a device with none left has no position', () => {
    const config = house({ maxReadingAge: 10 });
    const engine = new Engine(config);
    const [n0, n1, n2] = config.beaconNodes;
    const at: Vec3 = [3, 3, 1];
    engine.processBatch(readingsAt(config, 'tag', at, 0));
    // At t = 8 only three nodes report again; at t = 12 the others are 12 s old and gone.
    engine.processBatch(readingsAt(config, 'tag', at, 8).filter((r) => [n0!.id, n1!.id, n2!.id].includes(r.scanner)));
    expect(engine.expire(12)).toEqual([]);
    // At t = 18.5 the last three are gone too: the tag is reported once without a position, then forgotten.
    const lost = engine.expire(18.5);
    expect(lost).toEqual([expect.objectContaining({ device: 'tag', t: 18.5, coordinates: null, accuracy: null, floor: null, room: null, method: 'none' })]);
    expect(engine.expire(19)).toEqual([]);
    // A batch whose only reading voids the device's last range also leaves it without a position.
    engine.processBatch([{ t: 30, device: 'other', scanner: n0!.id, distance: 1 }]);
    const [gone] = engine.processBatch([{ t: 30, device: 'other', scanner: n0!.id, distance: 'unavailable' }]);
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
    expect(fix!.coordinates![0]).toBeCloseTo(3, 1);
  });

  it('expects a device in the plan\'s rooms, not in their bounding box', () => {
    // The upper floor holds only the bedroom (x 0..5): its other half is open to the hall below.
    const config = house({ rooms: house().rooms.filter((r) => r.id !== 'bathroom') });
    const interior = new FloorplanModel(config).interiorOf('first')!;
    expect(interior.outside!(2, 4)).toBe(0);
    expect(interior.outside!(7, 4)).toBeCloseTo(2, 9);
    // The ground floor's two rooms cover its box: nowhere inside is outside.
    const ground = new FloorplanModel(config).interiorOf('ground')!;
    expect(ground.outside!(7, 4)).toBe(0);
    expect(ground.outside!(10.5, 4)).toBeCloseTo(0.5, 9);
  });
});
