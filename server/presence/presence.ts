/**
 * The presence stage: from the moving entities (where they are), their BLE trackers and the zones'
 * occupancy sensors, who is home, who is in which room and who is in each zone (PresenceSnapshot).
 *
 * Home and away change on evidence only. An entity is home as soon as a node hears it or one of its
 * BLE trackers says home, and away once `consider_home` seconds passed without either: a Bermuda
 * cycle that misses a phone, or a tracker that blinks to not_home, never makes anyone leave.
 */
import { DEFAULT_PRESENCE, type FloorplanConfig, type PresenceSettings } from '../config/types.ts';
import type { MovingEntityState } from './moving-entities.ts';
import type { DevicePresence, PresenceSnapshot, RoomOccupancy } from './types.ts';
import { zoneOccupancy } from './zones.ts';

/** The presence settings of the plan, with the defaults for what it does not say. */
export function presenceSettings(config: FloorplanConfig): PresenceSettings {
  return { ...DEFAULT_PRESENCE, ...config.presence };
}

export interface PresenceInputs {
  /** Seconds since the epoch. */
  now: number;
  /** Every moving entity, as the sinks are sent them. */
  entities: Iterable<MovingEntityState>;
  /** The moving entities one of whose BLE trackers says home. */
  trackerHome: ReadonlySet<string>;
  /** An occupancy sensor's state (zones.ts sensorState); null when it says nothing. */
  sensor(entityId: string): boolean | null;
}

interface Held {
  home: boolean;
  lastSeen: number | null;
  since: number | null;
}

/**
 * A node hears the entity now: it has a position or a nearest node. Both need a range younger than
 * `max_reading_age`, and both are cleared while all of its trackers say not_home.
 */
function heard(entity: MovingEntityState): boolean {
  return entity.coordinates !== null || entity.proximity !== null;
}

/** By name, then entity id: the order occupants are listed and zone states spelled in. */
function byName(a: MovingEntityState, b: MovingEntityState): number {
  return a.name.localeCompare(b.name) || (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0);
}

/** Holds each moving entity's home/away between updates; everything else is recomputed each time. */
export class PresenceStage {
  private readonly held = new Map<string, Held>();

  update(config: FloorplanConfig, inputs: PresenceInputs): PresenceSnapshot {
    const settings = presenceSettings(config);
    const { now } = inputs;
    const entities = [...inputs.entities].sort(byName);
    const devices: DevicePresence[] = entities.map((entity) => {
      const evidence = heard(entity) || inputs.trackerHome.has(entity.entityId);
      const { home, lastSeen, since } = this.decide(entity.entityId, evidence, now, settings.considerHome);
      return {
        entityId: entity.entityId,
        name: entity.name,
        home,
        state: home ? settings.homeState : settings.awayState,
        lastSeen,
        since,
        room: entity.room,
        floor: entity.floor,
      };
    });
    const listed = new Set(entities.map((e) => e.entityId));
    for (const id of this.held.keys()) if (!listed.has(id)) this.held.delete(id);

    const home = entities.filter((_, i) => devices[i]!.home);
    const rooms: RoomOccupancy[] = config.rooms.map((room) => {
      const inside = home.filter((e) => e.room === room.id);
      return { id: room.id, name: room.name, floor: room.floor, entityIds: inside.map((e) => e.entityId), occupants: inside.map((e) => e.name) };
    });
    return {
      t: now,
      devices,
      house: {
        state: home.length > 0 ? settings.occupiedState : settings.vacantState,
        occupied: home.length > 0,
        entityIds: home.map((e) => e.entityId),
        people: home.map((e) => e.name),
      },
      rooms,
      zones: zoneOccupancy(config.zones ?? [], home, inputs.sensor),
    };
  }

  /** One entity's home/away after this update. First seen, it is what the evidence says, with no `since` yet. */
  private decide(entityId: string, evidence: boolean, now: number, considerHome: number): Held {
    const held = this.held.get(entityId);
    if (held === undefined) {
      const first = { home: evidence, lastSeen: evidence ? now : null, since: null };
      this.held.set(entityId, first);
      return first;
    }
    if (evidence) {
      if (!held.home) {
        held.home = true;
        held.since = now;
      }
      held.lastSeen = now;
    } else if (held.home && now - (held.lastSeen ?? -Infinity) >= considerHome) {
      held.home = false;
      held.since = now;
    }
    return held;
  }
}
