import { describe, expect, it } from 'vitest';
import type { ZoneConfig } from '../../../server/config/types.ts';
import { distanceOutside, fuseZone, sensorState, zoneOccupancy, type Occupant } from '../../../server/presence/zones.ts';

const BED: ZoneConfig = {
  id: 'bed',
  name: 'Bed',
  floor: 'first',
  boundaries: [[1, 1], [3, 1], [3, 3], [1, 3]],
  circle: null,
  distance: 0,
  occupancySensor: 'binary_sensor.bed_radar',
};
const SOFA: ZoneConfig = { ...BED, id: 'sofa', name: 'Sofa', floor: 'ground', boundaries: null, circle: { center: [6, 2], radius: 1 }, occupancySensor: null };

const person = (entityId: string, name: string, at: [number, number] | null, floor: string | null = 'first'): Occupant => ({
  entityId,
  name,
  floor,
  coordinates: at && [at[0], at[1], 1],
});
const ALICE = person('person.alice', 'Alice', [2, 2]);
const BOB = person('person.bob', 'Bob', [2.5, 1.5]);

describe('zone fusion: the occupancy sensor decides occupied or vacant, the positions name who', () => {
  const TRACKED = new Map([ALICE, BOB].map((p) => [p.name, p]));
  // The sensor's state ("none": the zone has no sensor), who is tracked in the zone → the zone's state and occupants.
  it.each([
    ['on', ['Alice', 'Bob'], 'Alice, Bob', ['Alice', 'Bob']],
    ['on', ['Alice'], 'Alice', ['Alice']],
    ['on', [], 'unknown', []],
    ['off', ['Alice'], 'vacant', []],
    ['off', [], 'vacant', []],
    ['unknown', ['Alice'], 'Alice', ['Alice']],
    ['unknown', [], 'vacant', []],
    ['unavailable', ['Alice'], 'Alice', ['Alice']],
    ['unavailable', [], 'vacant', []],
    ['none', ['Bob'], 'Bob', ['Bob']],
    ['none', [], 'vacant', []],
  ])('sensor %s, tracked %j → %s', (sensor, tracked, state, occupants) => {
    const reading = sensor === 'none' ? null : sensorState(sensor);
    const fused = fuseZone(tracked.map((name) => TRACKED.get(name)!), reading);
    expect(fused.state).toBe(state);
    expect(fused.occupants.map((o) => o.name)).toEqual(occupants);
  });

  it('reads a sensor that has no state as saying nothing', () => {
    expect(sensorState(undefined)).toBeNull();
  });
});

describe('who is in or near a zone', () => {
  it('measures the distance outside an outline and a circle, 0 inside or on the edge', () => {
    expect(distanceOutside(BED, 2, 2)).toBe(0);
    expect(distanceOutside(BED, 3, 2)).toBe(0);
    expect(distanceOutside(BED, 4, 2)).toBeCloseTo(1);
    expect(distanceOutside(BED, 4, 4)).toBeCloseTo(Math.SQRT2);
    expect(distanceOutside(SOFA, 6.5, 2)).toBe(0);
    expect(distanceOutside(SOFA, 6, 4)).toBeCloseTo(1);
  });

  it('counts people on the zone\'s floor inside it or within its distance', () => {
    const zones = [BED, { ...BED, id: 'bed_near', distance: 0.6 }, SOFA];
    const people = [
      ALICE,
      person('person.bob', 'Bob', [3.5, 2]),
      // Below the bed, on the ground floor.
      person('person.carol', 'Carol', [2, 2], 'ground'),
      // Home, heard, no position.
      person('person.dan', 'Dan', null, null),
      person('person.eve', 'Eve', [6.2, 2.4], 'ground'),
    ];
    const byZone = zoneOccupancy(zones, people, () => null).map((z) => [z.id, z.occupants, z.entityIds]);
    expect(byZone).toEqual([
      ['bed', ['Alice'], ['person.alice']],
      ['bed_near', ['Alice', 'Bob'], ['person.alice', 'person.bob']],
      ['sofa', ['Eve'], ['person.eve']],
    ]);
  });

  it('asks only the zone\'s own sensor, and reports it with the zone', () => {
    const asked: string[] = [];
    const [bed, sofa] = zoneOccupancy([BED, SOFA], [], (id) => {
      asked.push(id);
      return true;
    });
    expect(asked).toEqual(['binary_sensor.bed_radar']);
    expect(bed).toEqual({ id: 'bed', name: 'Bed', floor: 'first', state: 'unknown', entityIds: [], occupants: [], sensor: true, sensorEntityId: 'binary_sensor.bed_radar' });
    expect(sofa).toMatchObject({ state: 'vacant', sensor: null, sensorEntityId: null });
  });

  it('says vacant while the radar is off though someone is tracked on the bed', () => {
    const [bed] = zoneOccupancy([BED], [ALICE], () => false);
    expect(bed).toMatchObject({ state: 'vacant', occupants: [], entityIds: [], sensor: false });
  });
});
