/**
 * The MQTT sink's topics and payloads (docs/PRESENCE.md#mqtt), built from a presence snapshot with
 * no network: `<root>/<location>/<device>` per device, `…/occupancy` for the house, `…/rooms/<room>`
 * per room and `…/status` for availability.
 */
import type { Vec3 } from '../../config/types.ts';
import type { DevicePresence, PresenceSnapshot, RoomOccupancy, ZoneOccupancy } from '../../presence/types.ts';
import { isoTime, point } from '../../services/queries.ts';

/** Where this sidecar publishes: `<root>/<location>`. */
export interface TopicBase {
  /** One or more topic levels, e.g. `floorplan` or `site/floorplan`. */
  root: string;
  /** One topic level naming the home this sidecar speaks for. */
  location: string;
}

export const ONLINE = 'online';
export const OFFLINE = 'offline';

/** Levels of `<root>/<location>/…` that are not devices: a device whose slug is one of them is skipped. */
export const RESERVED_LEVELS: ReadonlySet<string> = new Set(['status', 'occupancy', 'rooms', 'zones']);

/**
 * A topic level (and Home Assistant discovery object id) for an entity or room id: lower case, every
 * run of characters other than a–z, 0–9, `_` and `-` becomes one `_`, with none at either end.
 * `person.alice` → `person_alice`, `AA:BB:CC:DD:EE:FF` → `aa_bb_cc_dd_ee_ff`.
 */
export function topicSlug(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * What is wrong with a topic prefix the user gave, or null: MQTT forbids the wildcards `+` and `#`
 * in published topics, and an empty level (`a//b`, a leading or trailing `/`) is almost always a typo.
 */
export function topicPrefixProblem(value: string, singleLevel: boolean): string | null {
  if (value === '') return 'must not be empty';
  if (/[+#\0]/.test(value)) return 'must not contain the MQTT wildcards + and #';
  if (singleLevel && value.includes('/')) return 'must be one topic level (no /)';
  if (value.split('/').some((level) => level === '')) return 'must not have an empty level (a leading, trailing or double /)';
  return null;
}

const prefix = ({ root, location }: TopicBase): string => `${root}/${location}`;
export const statusTopic = (base: TopicBase): string => `${prefix(base)}/status`;
export const occupancyTopic = (base: TopicBase): string => `${prefix(base)}/occupancy`;
export const deviceTopic = (base: TopicBase, slug: string): string => `${prefix(base)}/${slug}`;
export const roomTopic = (base: TopicBase, room: string): string => `${prefix(base)}/rooms/${topicSlug(room)}`;
export const zoneTopic = (base: TopicBase, zone: string): string => `${prefix(base)}/zones/${topicSlug(zone)}`;

export interface DevicePayload {
  /** The configured home or away string (`presence.home_state` / `away_state`). */
  state: string;
  home: boolean;
  entity_id: string;
  name: string;
  room: string | null;
  room_name: string | null;
  floor: string | null;
  /** Metres on the plan; null without a position. */
  x: number | null;
  y: number | null;
  z: number | null;
  /** ISO times: the last evidence of being home, and when `home` last changed. */
  last_seen: string | null;
  since: string | null;
}

export function devicePayload(device: DevicePresence, roomName: string | null, coordinates: Vec3 | null): DevicePayload {
  const [x, y, z] = coordinates ? point(coordinates) : [null, null, null];
  return {
    state: device.state,
    home: device.home,
    entity_id: device.entityId,
    name: device.name,
    room: device.room,
    room_name: device.room === null ? null : roomName,
    floor: device.floor,
    x,
    y,
    z,
    last_seen: device.lastSeen === null ? null : isoTime(device.lastSeen),
    since: device.since === null ? null : isoTime(device.since),
  };
}

export function occupancyPayload(house: PresenceSnapshot['house']) {
  return { state: house.state, occupied: house.occupied, people: house.people, entity_ids: house.entityIds, count: house.people.length };
}

export function roomPayload(room: RoomOccupancy) {
  return { name: room.name, floor: room.floor, occupied: room.occupants.length > 0, count: room.occupants.length, people: room.occupants, entity_ids: room.entityIds };
}

/**
 * A zone: who is in it as its state (the names, `unknown` or `vacant`), and its occupancy sensor as
 * on / off (null without one), as the floorplan integration's zone sensor has them.
 */
export function zonePayload(zone: ZoneOccupancy) {
  return {
    name: zone.name,
    floor: zone.floor,
    state: zone.state,
    people: zone.occupants,
    entity_ids: zone.entityIds,
    sensor: zone.sensor === null ? null : zone.sensor ? 'on' : 'off',
    sensor_entity_id: zone.sensorEntityId,
  };
}
