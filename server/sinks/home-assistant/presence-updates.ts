/**
 * Presence snapshots as `floorplan/sidecar/presence` messages (docs/HOME-ASSISTANT.md): everything
 * after an attach or when something left the snapshot, otherwise only what changed. A home entity's
 * last_seen moves with every reading; alone it is sent at most once a minute, so that the recorder
 * does not store a row per person per second.
 */
import type { DevicePresence, PresenceSnapshot, RoomOccupancy, ZoneOccupancy } from '../../presence/types.ts';
import { isoTime } from '../../services/queries.ts';

/** How often a last_seen that moved, and nothing else, is sent (seconds). */
export const LAST_SEEN_REFRESH_S = 60;

export interface PresenceMessage {
  /** Lists everything: the integration marks what is not listed unavailable. */
  full: boolean;
  devices: Record<string, ReturnType<typeof deviceFields>>;
  /** Absent when unchanged. */
  house?: ReturnType<typeof houseFields>;
  rooms: Record<string, ReturnType<typeof roomFields>>;
  zones: Record<string, ReturnType<typeof zoneFields>>;
}

const time = (t: number | null): string | null => (t === null ? null : isoTime(t));

function deviceFields(device: DevicePresence, roomName: (id: string) => string | null) {
  return {
    name: device.name,
    home: device.home,
    state: device.state,
    last_seen: time(device.lastSeen),
    since: time(device.since),
    room: device.room,
    room_name: device.room === null ? null : roomName(device.room),
    floor: device.floor,
  };
}

function houseFields(house: PresenceSnapshot['house']) {
  return { state: house.state, occupied: house.occupied, people: house.people, entity_ids: house.entityIds };
}

function roomFields(room: RoomOccupancy) {
  return { name: room.name, floor: room.floor, occupants: room.occupants, entity_ids: room.entityIds };
}

function zoneFields(zone: ZoneOccupancy) {
  return {
    name: zone.name,
    floor: zone.floor,
    state: zone.state,
    occupants: zone.occupants,
    entity_ids: zone.entityIds,
    sensor: zone.sensor,
    sensor_entity_id: zone.sensorEntityId,
  };
}

interface Sent {
  /** Per entity id, its fields but last_seen as JSON, and the last_seen sent. */
  devices: Map<string, { fields: string; lastSeen: number | null }>;
  house: string;
  rooms: Map<string, string>;
  zones: Map<string, string>;
}

/** The entries whose JSON differs from what was sent; all of them when `all`. Updates `sent`. */
function changedEntries<T>(entries: Map<string, T>, sent: Map<string, string>, all: boolean): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [id, fields] of entries) {
    const json = JSON.stringify(fields);
    if (!all && sent.get(id) === json) continue;
    sent.set(id, json);
    out[id] = fields;
  }
  return out;
}

const gone = (sent: ReadonlyMap<string, unknown>, now: ReadonlyMap<string, unknown>): boolean => [...sent.keys()].some((id) => !now.has(id));

export class PresenceUpdates {
  private sent: Sent | null = null;

  /** After a (re)attach: the next message lists everything. */
  reset(): void {
    this.sent = null;
  }

  /** The message for this snapshot, remembered as sent; null when nothing changed. */
  next(snapshot: PresenceSnapshot): PresenceMessage | null {
    const roomNames = new Map(snapshot.rooms.map((r) => [r.id, r.name]));
    const devices = new Map(snapshot.devices.map((d) => [d.entityId, d]));
    const rooms = new Map(snapshot.rooms.map((r) => [r.id, roomFields(r)]));
    const zones = new Map(snapshot.zones.map((z) => [z.id, zoneFields(z)]));
    const house = houseFields(snapshot.house);
    const previous = this.sent;
    // Something left (a room deleted, a device no longer tracked): a full message says so.
    const full = previous === null || gone(previous.devices, devices) || gone(previous.rooms, rooms) || gone(previous.zones, zones);
    const sent: Sent = full ? { devices: new Map(), house: '', rooms: new Map(), zones: new Map() } : previous;

    const deviceUpdates: PresenceMessage['devices'] = {};
    for (const [id, device] of devices) {
      const fields = deviceFields(device, (room) => roomNames.get(room) ?? null);
      const { last_seen: _, ...rest } = fields;
      const json = JSON.stringify(rest);
      const last = sent.devices.get(id);
      const due =
        last === undefined ||
        last.fields !== json ||
        (device.lastSeen !== null && (last.lastSeen === null || device.lastSeen - last.lastSeen >= LAST_SEEN_REFRESH_S));
      if (!due) continue;
      sent.devices.set(id, { fields: json, lastSeen: device.lastSeen });
      deviceUpdates[id] = fields;
    }
    const houseJson = JSON.stringify(house);
    const houseChanged = sent.house !== houseJson;
    sent.house = houseJson;
    const message: PresenceMessage = {
      full,
      devices: deviceUpdates,
      ...(houseChanged && { house }),
      rooms: changedEntries(rooms, sent.rooms, full),
      zones: changedEntries(zones, sent.zones, full),
    };
    this.sent = sent;
    const empty = !houseChanged && [message.devices, message.rooms, message.zones].every((part) => Object.keys(part).length === 0);
    return full || !empty ? message : null;
  }
}
