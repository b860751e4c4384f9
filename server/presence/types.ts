/**
 * Who is home and who is where, as the presence stage (presence.ts) computes it from the moving
 * entities, Bluetooth trackers and occupancy sensors; the sinks (Home Assistant, MQTT, history)
 * consume it. Times are seconds since the epoch. States are the strings users configured.
 */

export interface DevicePresence {
  /** The moving entity (person.alice, device_tracker.keys…). */
  entityId: string;
  name: string;
  home: boolean;
  /** `presence.home_state` or `presence.away_state`. */
  state: string;
  /** The last evidence of being home (a reading, or a tracker saying home); null when never. */
  lastSeen: number | null;
  /** When `home` last changed; null before the first change seen. */
  since: number | null;
  room: string | null;
  floor: string | null;
}

export interface RoomOccupancy {
  id: string;
  name: string;
  floor: string;
  /** Moving entities in the room, and their names, in the same order. */
  entityIds: string[];
  occupants: string[];
}

/** `zoneState` values besides the occupants' names. */
export const ZONE_UNKNOWN = 'unknown';
export const ZONE_VACANT = 'vacant';

export interface ZoneOccupancy {
  id: string;
  name: string;
  floor: string;
  /** The occupants' names joined with ", "; `unknown` when the sensor says occupied and no tracked person is there; `vacant` otherwise. */
  state: string;
  entityIds: string[];
  occupants: string[];
  /** The zone's occupancy sensor: true/false, or null without one (or while it is unknown/unavailable). */
  sensor: boolean | null;
  /** The sensor's entity id (`occupancy_sensor`); null without one. */
  sensorEntityId: string | null;
}

export interface PresenceSnapshot {
  t: number;
  devices: DevicePresence[];
  house: {
    /** `presence.occupied_state` or `presence.vacant_state`. */
    state: string;
    occupied: boolean;
    entityIds: string[];
    people: string[];
  };
  rooms: RoomOccupancy[];
  zones: ZoneOccupancy[];
}
