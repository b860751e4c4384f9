/** Presence snapshots for the MQTT sink's tests: a house with a kitchen and a bedroom, people walking through it. */
import type { Vec3 } from '../../server/config/types.ts';
import type { DevicePresence, PresenceSnapshot, ZoneOccupancy } from '../../server/presence/types.ts';

export const ROOMS = [
  { id: 'kitchen', name: 'Kitchen', floor: 'ground' },
  { id: 'bedroom', name: 'Bedroom', floor: 'first' },
] as const;

export interface Person {
  entityId: string;
  name: string;
  /** Where the person is; null: away. */
  room: (typeof ROOMS)[number]['id'] | null;
  at?: Vec3;
  /** When `home` last changed. */
  since?: number;
}

/** The kitchen's desk corner, a zone with an occupancy sensor: `occupied` is what the sensor says. */
export function deskZone(people: readonly Person[], occupied: boolean | null): ZoneOccupancy {
  const inside = people.filter((p) => p.room === 'kitchen');
  return {
    id: 'desk',
    name: 'Desk',
    floor: 'ground',
    state: inside.length > 0 ? inside.map((p) => p.name).join(', ') : occupied ? 'unknown' : 'vacant',
    entityIds: inside.map((p) => p.entityId),
    occupants: inside.map((p) => p.name),
    sensor: occupied,
    sensorEntityId: 'binary_sensor.desk_motion',
  };
}

/** The snapshot at time t with these people, as the presence stage would give it. */
export function snapshotOf(t: number, people: readonly Person[], zones: ZoneOccupancy[] = []): PresenceSnapshot {
  const devices: DevicePresence[] = people.map((p) => ({
    entityId: p.entityId,
    name: p.name,
    home: p.room !== null,
    state: p.room !== null ? 'home' : 'not_home',
    lastSeen: p.room !== null ? t : (p.since ?? null),
    since: p.since ?? null,
    room: p.room,
    floor: ROOMS.find((r) => r.id === p.room)?.floor ?? null,
  }));
  const home = people.filter((p) => p.room !== null);
  return {
    t,
    devices,
    house: { state: home.length > 0 ? 'somebody' : 'nobody', occupied: home.length > 0, entityIds: home.map((p) => p.entityId), people: home.map((p) => p.name) },
    rooms: ROOMS.map((r) => {
      const inside = people.filter((p) => p.room === r.id);
      return { ...r, entityIds: inside.map((p) => p.entityId), occupants: inside.map((p) => p.name) };
    }),
    zones,
  };
}

/** The positions of these people, as the sidecar's moving entities give them to the sink. */
export const positionsOf =
  (people: readonly Person[]) =>
  (entityId: string): Vec3 | null =>
    people.find((p) => p.entityId === entityId)?.at ?? null;
