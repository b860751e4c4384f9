/**
 * From tracked devices to the moving entities users see (person.alice, device_tracker.keys…): a
 * person may carry several devices, and an entity without a position says why it has none.
 */
import type { Vec3 } from '../config/types.ts';
import type { Fix } from '../engine/types.ts';
import type { Proximity } from './proximity.ts';

/** The minimum number of nodes for a position that is not a guess along a line or circle. */
export const MIN_NODES_FOR_POSITION = 3;

/** Everything known of one tracked device that decides whether and why it has a position. */
export interface DeviceEvidence {
  /** The engine's device id (Bermuda's device key). */
  key: string;
  entityId: string;
  name: string;
  /** All of its BLE trackers say not_home. */
  away: boolean;
  /** Its distance sensors that are enabled, and of those how many hold a number now. */
  sensorsEnabled: number;
  sensorsWithValue: number;
  /** Scanners that hear it but match no beacon node. */
  unmatchedScanners: readonly string[];
  /** Nodes whose range is current in the engine. */
  nodesHearing: number;
  fix: Fix | null;
  /** Its nearest node and window (proximity.ts); null when no node hears it. */
  proximity: Proximity | null;
}

export interface MovingEntityState {
  entityId: string;
  /** The engine's id of the device whose position (or reason) this is. */
  device: string;
  name: string;
  present: boolean;
  coordinates: Vec3 | null;
  accuracy: number | null;
  confidence: number;
  floor: string | null;
  room: string | null;
  /** The room's display name from floorplan.yaml. */
  roomName: string | null;
  /** Seconds since the epoch of the position's readings; null without a position. */
  updatedAt: number | null;
  /** Why there is no position; null when there is one. */
  reason: string | null;
  /** Node keys whose readings entered the position; empty without one. */
  nodesUsed: readonly string[];
  /** The nearest node of any of its devices, with or without a position; null when away or unheard. */
  proximity: Proximity | null;
}

export const REASONS = {
  notTracked: 'Device not tracked by Bermuda',
  away: 'Device is away',
  sensorsDisabled: 'Distance sensors disabled (run floorplan enable-sensors)',
  sensorUnknown: 'Distance sensor unknown',
  needThree: 'Need 3+ beacons',
  unmatchedScanner: (mac: string) => `No beacon node matches scanner ${mac}`,
} as const;

/** Why a device has no position, or null when it has one. The first cause a user must fix wins. */
export function noPositionReason(device: DeviceEvidence): string | null {
  if (device.away) return REASONS.away;
  if (device.nodesHearing >= MIN_NODES_FOR_POSITION && device.fix?.coordinates) return null;
  if (device.sensorsEnabled === 0) return REASONS.sensorsDisabled;
  if (device.sensorsWithValue === 0) return REASONS.sensorUnknown;
  const unmatched = device.unmatchedScanners[0];
  // Unmatched scanners only explain the gap when the matched ones are too few.
  if (unmatched !== undefined) return REASONS.unmatchedScanner(unmatched);
  return REASONS.needThree;
}

type RoomNames = (roomId: string) => string | null;

function stateOf(device: DeviceEvidence, roomName: RoomNames): MovingEntityState {
  const reason = noPositionReason(device);
  const fix = reason === null ? device.fix : null;
  return {
    entityId: device.entityId,
    device: device.key,
    name: device.name,
    present: !device.away,
    coordinates: fix?.coordinates ?? null,
    accuracy: fix?.accuracy ?? null,
    confidence: fix?.confidence ?? 0,
    floor: fix?.floor ?? null,
    room: fix?.room ?? null,
    roomName: fix?.room ? roomName(fix.room) : null,
    updatedAt: fix?.t ?? null,
    reason,
    nodesUsed: fix?.nodesUsed ?? [],
    proximity: device.away ? null : device.proximity,
  };
}

/** Of two proximities, the one whose node is nearer. */
function nearer(a: Proximity | null, b: Proximity | null): Proximity | null {
  if (a === null || b === null) return a ?? b;
  return b.distance < a.distance ? b : a;
}

/**
 * One state per moving entity. Of several devices behind one entity, the one with a position wins
 * (the most recent, then the most accurate); without any, the reason of the first device present.
 * The proximity is the nearest node's of any device, whichever gives the position. A person is away
 * only when all of their devices are.
 */
export function movingEntityStates(devices: readonly DeviceEvidence[], roomName: RoomNames): Map<string, MovingEntityState> {
  const states = new Map<string, MovingEntityState>();
  for (const device of devices) {
    const candidate = stateOf(device, roomName);
    const held = states.get(device.entityId);
    if (!held) {
      states.set(device.entityId, candidate);
      continue;
    }
    const present = held.present || candidate.present;
    const better =
      candidate.coordinates !== null
        ? held.coordinates === null ||
          candidate.updatedAt! > held.updatedAt! ||
          (candidate.updatedAt === held.updatedAt && candidate.accuracy! < held.accuracy!)
        : held.coordinates === null && !held.present && candidate.present;
    states.set(device.entityId, { ...(better ? candidate : held), present, proximity: nearer(held.proximity, candidate.proximity) });
  }
  return states;
}
