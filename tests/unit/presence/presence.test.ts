import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../server/config/load.ts';
import type { FloorplanConfig, Vec3 } from '../../../server/config/types.ts';
import type { MovingEntityState } from '../../../server/presence/moving-entities.ts';
import { PresenceStage } from '../../../server/presence/presence.ts';

const PLAN = `
floors: {ground: {height: 2.6}, first: {height: 5.4}}
rooms:
  living: {name: Living room, floor: ground, boundaries: [[0, 0], [5, 0], [5, 8], [0, 8]]}
  kitchen: {floor: ground, boundaries: [[5, 0], [10, 0], [10, 8], [5, 8]]}
  bedroom: {floor: first, boundaries: [[0, 0], [10, 0], [10, 8], [0, 8]]}
`;

function plan(extra = ''): FloorplanConfig {
  const { config, problems } = loadConfigText(PLAN + extra, 'test.yaml');
  expect(problems).toEqual([]);
  return config!;
}

/** A moving entity as the engine reports it: heard with a position in `room`, heard without one (`nearby`), or unheard. */
function entity(entityId: string, name: string, where: { room: string; at?: Vec3 } | 'nearby' | 'unheard'): MovingEntityState {
  const located = typeof where === 'object';
  return {
    entityId,
    device: `${entityId}-phone`,
    name,
    present: true,
    coordinates: located ? (where.at ?? [2, 2, 1]) : null,
    accuracy: located ? 0.5 : null,
    confidence: located ? 0.8 : 0,
    floor: located ? (where.room === 'bedroom' ? 'first' : 'ground') : null,
    room: located ? where.room : null,
    roomName: null,
    updatedAt: located ? 1 : null,
    reason: located ? null : 'Need 3+ beacons',
    nodesUsed: [],
    proximity: where === 'unheard' ? null : { node: 'n1', nodeId: 'N1', nodeName: null, distance: 2, window: 'medium' },
  };
}

describe('the presence stage', () => {
  let stage: PresenceStage;
  let config: FloorplanConfig;
  beforeEach(() => {
    stage = new PresenceStage();
    config = plan();
  });
  const update = (now: number, entities: MovingEntityState[], trackerHome: string[] = []) =>
    stage.update(config, { now, entities, trackerHome: new Set(trackerHome), sensor: () => null });
  const alice = (now: number, where: Parameters<typeof entity>[2], trackerHome: string[] = []) =>
    update(now, [entity('person.alice', 'Alice', where)], trackerHome).devices[0]!;

  describe('home and away, with consider_home (180 s by default)', () => {
    it('is home as soon as a node hears the entity, with or without a position', () => {
      expect(alice(1000, { room: 'kitchen' })).toMatchObject({ home: true, state: 'home', lastSeen: 1000, since: null, room: 'kitchen', floor: 'ground' });
      expect(alice(1001, 'nearby')).toMatchObject({ home: true, lastSeen: 1001, room: null, floor: null });
    });

    it('stays home through a gap shorter than consider_home, and goes away only after it', () => {
      alice(1000, { room: 'kitchen' });
      for (const t of [1001, 1060, 1179.9]) expect(alice(t, 'unheard')).toMatchObject({ home: true, lastSeen: 1000, since: null });
      expect(alice(1180, 'unheard')).toMatchObject({ home: false, state: 'not_home', lastSeen: 1000, since: 1180 });
      // Heard again: home at once, since then.
      expect(alice(1500, 'nearby')).toMatchObject({ home: true, lastSeen: 1500, since: 1500 });
    });

    it('counts the gap from the last evidence: being heard now and then keeps an entity home', () => {
      alice(1000, { room: 'kitchen' });
      alice(1150, 'nearby');
      expect(alice(1300, 'unheard').home).toBe(true);
      expect(alice(1330, 'unheard').home).toBe(false);
    });

    it('takes a BLE tracker saying home as evidence, without any node hearing the entity', () => {
      expect(alice(1000, 'unheard', ['person.alice'])).toMatchObject({ home: true, lastSeen: 1000 });
      expect(alice(1500, 'unheard', ['person.alice'])).toMatchObject({ home: true, lastSeen: 1500 });
      expect(alice(1600, 'unheard').home).toBe(true);
      expect(alice(1680, 'unheard').home).toBe(false);
    });

    it('follows the configured states and delay', () => {
      config = plan('presence: {home_state: Home, away_state: Away, consider_home: 30}\n');
      alice(1000, 'nearby');
      expect(alice(1029, 'unheard')).toMatchObject({ home: true, state: 'Home' });
      expect(alice(1030, 'unheard')).toMatchObject({ home: false, state: 'Away' });
    });

    it('starts away an entity first seen without evidence, with no change to report', () => {
      expect(alice(1000, 'unheard')).toMatchObject({ home: false, state: 'not_home', lastSeen: null, since: null });
    });

    it('keeps each entity\'s own history and forgets one no longer listed', () => {
      update(1000, [entity('person.alice', 'Alice', 'nearby'), entity('person.bob', 'Bob', 'nearby')]);
      update(1100, [entity('person.alice', 'Alice', 'nearby')]);
      // Bob listed again is new: no memory of being heard at 1000.
      const bob = update(1200, [entity('person.bob', 'Bob', 'unheard')]).devices[0]!;
      expect(bob).toMatchObject({ entityId: 'person.bob', home: false, lastSeen: null });
      expect(alice(1250, 'unheard')).toMatchObject({ home: false, lastSeen: null });
    });
  });

  it('occupies the house while anybody is home, listing who by name', () => {
    const snapshot = update(1000, [entity('person.zoe', 'Zoe', 'nearby'), entity('person.bob', 'Bob', 'unheard'), entity('person.alice', 'Alice', { room: 'kitchen' })]);
    expect(snapshot.house).toEqual({ state: 'somebody', occupied: true, entityIds: ['person.alice', 'person.zoe'], people: ['Alice', 'Zoe'] });
    expect(snapshot.devices.map((d) => d.name)).toEqual(['Alice', 'Bob', 'Zoe']);
    expect(update(1180, [entity('person.zoe', 'Zoe', 'unheard'), entity('person.alice', 'Alice', 'unheard')]).house).toEqual({
      state: 'nobody',
      occupied: false,
      entityIds: [],
      people: [],
    });

    config = plan('presence: {occupied_state: occupied, vacant_state: empty}\n');
    expect(update(1181, [entity('person.alice', 'Alice', 'nearby')]).house.state).toBe('occupied');
    expect(update(1400, []).house.state).toBe('empty');
  });

  it('lists every room of the plan with the entities in it, empty rooms too', () => {
    const snapshot = update(1000, [
      entity('person.bob', 'Bob', { room: 'kitchen' }),
      entity('person.alice', 'Alice', { room: 'kitchen' }),
      entity('device_tracker.keys', 'Keys', { room: 'bedroom' }),
      entity('person.carol', 'Carol', 'nearby'),
    ]);
    expect(snapshot.rooms).toEqual([
      { id: 'living', name: 'Living room', floor: 'ground', entityIds: [], occupants: [] },
      { id: 'kitchen', name: 'kitchen', floor: 'ground', entityIds: ['person.alice', 'person.bob'], occupants: ['Alice', 'Bob'] },
      { id: 'bedroom', name: 'bedroom', floor: 'first', entityIds: ['device_tracker.keys'], occupants: ['Keys'] },
    ]);
  });

  it('moves an occupant from room to room with the entity', () => {
    update(1000, [entity('person.alice', 'Alice', { room: 'kitchen' })]);
    const rooms = update(1001, [entity('person.alice', 'Alice', { room: 'living' })]).rooms;
    expect(rooms.map((r) => [r.id, r.occupants])).toEqual([
      ['living', ['Alice']],
      ['kitchen', []],
      ['bedroom', []],
    ]);
  });

  it('places home entities in zones and reports the snapshot time', () => {
    config = plan('zones:\n  desk: {floor: ground, center: [8, 2], radius: 0.5, distance: 0.5}\n');
    const snapshot = update(1000, [entity('person.alice', 'Alice', { room: 'kitchen', at: [8.8, 2, 1] })]);
    expect(snapshot.t).toBe(1000);
    expect(snapshot.zones).toEqual([
      { id: 'desk', name: 'desk', floor: 'ground', state: 'Alice', entityIds: ['person.alice'], occupants: ['Alice'], sensor: null, sensorEntityId: null },
    ]);
  });
});
