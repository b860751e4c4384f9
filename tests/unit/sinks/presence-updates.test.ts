import { describe, expect, it } from 'vitest';
import type { DevicePresence, PresenceSnapshot } from '../../../server/presence/types.ts';
import { LAST_SEEN_REFRESH_S, PresenceUpdates } from '../../../server/sinks/home-assistant/presence-updates.ts';

const T0 = 1_800_000_000;

function alice(overrides: Partial<DevicePresence> = {}): DevicePresence {
  return { entityId: 'person.alice', name: 'Alice', home: true, state: 'home', lastSeen: T0, since: null, room: 'kitchen', floor: 'ground', ...overrides };
}

function snapshot(devices: DevicePresence[], zoneSensor: boolean | null = null): PresenceSnapshot {
  const home = devices.filter((d) => d.home);
  return {
    t: T0,
    devices,
    house: { state: home.length > 0 ? 'somebody' : 'nobody', occupied: home.length > 0, entityIds: home.map((d) => d.entityId), people: home.map((d) => d.name) },
    rooms: ['kitchen', 'hall'].map((id) => {
      const inside = home.filter((d) => d.room === id);
      return { id, name: id === 'kitchen' ? 'Kitchen' : 'Hall', floor: 'ground', entityIds: inside.map((d) => d.entityId), occupants: inside.map((d) => d.name) };
    }),
    zones: [{ id: 'desk', name: 'Desk', floor: 'ground', state: zoneSensor ? 'unknown' : 'vacant', entityIds: [], occupants: [], sensor: zoneSensor, sensorEntityId: 'binary_sensor.desk' }],
  };
}

describe('presence messages for Home Assistant', () => {
  it('lists everything first, in the integration\'s field names', () => {
    const message = new PresenceUpdates().next(snapshot([alice({ since: T0 - 60 })]));
    expect(message).toEqual({
      full: true,
      devices: {
        'person.alice': {
          name: 'Alice',
          home: true,
          state: 'home',
          last_seen: '2027-01-15T08:00:00.000Z',
          since: '2027-01-15T07:59:00.000Z',
          room: 'kitchen',
          room_name: 'Kitchen',
          floor: 'ground',
        },
      },
      house: { state: 'somebody', occupied: true, people: ['Alice'], entity_ids: ['person.alice'] },
      rooms: {
        kitchen: { name: 'Kitchen', floor: 'ground', occupants: ['Alice'], entity_ids: ['person.alice'] },
        hall: { name: 'Hall', floor: 'ground', occupants: [], entity_ids: [] },
      },
      zones: {
        desk: { name: 'Desk', floor: 'ground', state: 'vacant', occupants: [], entity_ids: [], sensor: null, sensor_entity_id: 'binary_sensor.desk' },
      },
    });
  });

  it('then sends only what changed, and nothing when nothing did', () => {
    const updates = new PresenceUpdates();
    updates.next(snapshot([alice()]));
    expect(updates.next(snapshot([alice()]))).toBeNull();

    const moved = updates.next(snapshot([alice({ room: 'hall' })]));
    expect(moved).toMatchObject({ full: false, devices: { 'person.alice': { room: 'hall', room_name: 'Hall' } } });
    expect(Object.keys(moved!.rooms)).toEqual(['kitchen', 'hall']);
    expect(moved!.house).toBeUndefined();
    expect(moved!.zones).toEqual({});

    const radar = updates.next(snapshot([alice({ room: 'hall' })], true));
    expect(radar).toEqual({ full: false, devices: {}, rooms: {}, zones: { desk: expect.objectContaining({ state: 'unknown', sensor: true }) } });

    const left = updates.next(snapshot([alice({ home: false, state: 'not_home', room: null, floor: null, since: T0 + 200 })], true));
    expect(left!.house).toEqual({ state: 'nobody', occupied: false, people: [], entity_ids: [] });
    expect(left!.devices['person.alice']).toMatchObject({ home: false, state: 'not_home' });
  });

  it('sends a last_seen that moved, alone, at most once a minute', () => {
    const updates = new PresenceUpdates();
    updates.next(snapshot([alice()]));
    expect(updates.next(snapshot([alice({ lastSeen: T0 + LAST_SEEN_REFRESH_S - 1 })]))).toBeNull();
    const refreshed = updates.next(snapshot([alice({ lastSeen: T0 + LAST_SEEN_REFRESH_S })]));
    expect(refreshed).toEqual({ full: false, devices: { 'person.alice': expect.objectContaining({ last_seen: '2027-01-15T08:01:00.000Z' }) }, rooms: {}, zones: {} });
    // With another change it goes along at once.
    const moved = updates.next(snapshot([alice({ lastSeen: T0 + LAST_SEEN_REFRESH_S + 5, room: 'hall' })]));
    expect(moved!.devices['person.alice']).toMatchObject({ last_seen: '2027-01-15T08:01:05.000Z', room: 'hall' });
  });

  it('sends everything again when something left the snapshot, and after a reset', () => {
    const updates = new PresenceUpdates();
    const bob = alice({ entityId: 'person.bob', name: 'Bob', room: 'hall' });
    updates.next(snapshot([alice(), bob]));
    const gone = updates.next(snapshot([alice()]));
    expect(gone).toMatchObject({ full: true, devices: { 'person.alice': expect.anything() } });
    expect(Object.keys(gone!.devices)).toEqual(['person.alice']);
    expect(gone!.house).toBeDefined();

    updates.reset();
    expect(updates.next(snapshot([alice()]))).toMatchObject({ full: true, rooms: { kitchen: expect.anything(), hall: expect.anything() } });
  });
});
