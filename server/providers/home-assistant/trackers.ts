/**
 * Who is who, and who is away: which moving entity each Bermuda-tracked device is reported under,
 * and whether a device's BLE trackers all say it left. Pure: states and registries come in.
 */
import type { HassEntities, HassEntity } from 'home-assistant-js-websocket';
import { domainOf, normaliseDeviceKey, type TrackedDevice } from './registry.ts';
import { deviceDisplayName, type DeviceRegistryEntry, type EntityRegistryEntry } from './types.ts';

/** A `device_tracker` fed by Bluetooth LE: Bermuda's, private_ble_device's, bluetooth_le_tracker's. */
export interface BleTracker {
  entityId: string;
  /** `home`, `not_home`, `unavailable`, … */
  state: string;
  /** Null for trackers outside the entity registry (e.g. set up in YAML). */
  deviceId: string | null;
}

/** The `device_tracker.*` states whose `source_type` attribute is `bluetooth_le`, sorted by entity id. */
export function bleTrackers(states: HassEntities, entities: readonly EntityRegistryEntry[]): BleTracker[] {
  const deviceIds = new Map(entities.map((e) => [e.entity_id, e.device_id]));
  return Object.values(states)
    .filter((s) => domainOf(s.entity_id) === 'device_tracker' && s.attributes['source_type'] === 'bluetooth_le')
    .map((s) => ({ entityId: s.entity_id, state: s.state, deviceId: deviceIds.get(s.entity_id) ?? null }))
    .sort((a, b) => compare(a.entityId, b.entityId));
}

/**
 * True when the device has at least one BLE tracker and every one of them is `not_home`. A
 * tracker that is `unavailable` or `unknown` does not count as away: it says nothing.
 */
export function isAway(deviceId: string | null, trackers: readonly BleTracker[]): boolean {
  if (deviceId === null) return false;
  const own = trackers.filter((t) => t.deviceId === deviceId);
  return own.length > 0 && own.every((t) => t.state === 'not_home');
}

/** True when one of the device's BLE trackers says `home`: Bermuda (or the BLE integration) hears it now. */
export function isHome(deviceId: string | null, trackers: readonly BleTracker[]): boolean {
  return deviceId !== null && trackers.some((t) => t.deviceId === deviceId && t.state === 'home');
}

/** One line of `moving_entities.entities` in floorplan.yaml, in file order. */
export interface MovingEntityMapping {
  entityId: string;
  /** A Bermuda device key (any case; MACs in any spelling) or the device's HA name. */
  device: string;
}

/** Where a device's moving entity id came from, in order of precedence. */
export type MovingEntitySource = 'mapping' | 'person' | 'bermuda_tracker' | 'generated';

export interface MovingEntityAssignment {
  deviceKey: string;
  entityId: string;
  source: MovingEntitySource;
}

export interface MovingEntity {
  entityId: string;
  /** What to show: the person's friendly name, else the (first) device's HA name, else its key. */
  name: string;
  /** Sorted; several when one person carries several devices. */
  deviceKeys: string[];
}

export interface MovingEntities {
  /** Device key → its moving entity. */
  byDevice: Map<string, MovingEntityAssignment>;
  /** Entity id → the entity, sorted by id. */
  entities: Map<string, MovingEntity>;
  /** Mappings that could not be applied and people that could not be told apart, for the user. */
  problems: string[];
}

export interface MovingEntitiesInput {
  /** From discoverBermuda. */
  devices: readonly TrackedDevice[];
  mappings: readonly MovingEntityMapping[];
  states: HassEntities;
  entityRegistry: readonly EntityRegistryEntry[];
  deviceRegistry: readonly DeviceRegistryEntry[];
}

/** Our own id for a device nothing else names: `bermuda.<key, lower case, non-alphanumerics → _>`. */
export function generatedEntityId(deviceKey: string): string {
  return `bermuda.${deviceKey.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

/**
 * Gives each tracked device the entity id it is reported under: an explicit mapping first, else
 * the person whose `device_trackers` include a device_tracker of that HA device, else Bermuda's
 * own device_tracker for it, else generatedEntityId. Several devices may share an entity id — a
 * person with a phone and a watch is one moving entity — so the result maps device key → entity
 * id, and each entity lists its devices.
 */
export function resolveMovingEntities(input: MovingEntitiesInput): MovingEntities {
  const problems: string[] = [];
  const devices = [...input.devices].sort((a, b) => compare(a.key, b.key));
  const deviceById = new Map(input.deviceRegistry.map((d) => [d.id, d]));
  const nameOf = (device: TrackedDevice): string | null => {
    const entry = device.deviceId === null ? undefined : deviceById.get(device.deviceId);
    return entry === undefined ? null : deviceDisplayName(entry);
  };

  const mapped = mappedEntities(input.mappings, devices, nameOf, problems);
  const people = Object.values(input.states).filter((s) => domainOf(s.entity_id) === 'person');

  const byDevice = new Map<string, MovingEntityAssignment>();
  const entities = new Map<string, MovingEntity>();
  for (const device of devices) {
    const assignment = assign(device, mapped.get(device.key), people, input.entityRegistry, problems);
    byDevice.set(device.key, assignment);
    const entity = entities.get(assignment.entityId);
    if (entity !== undefined) {
      entity.deviceKeys.push(device.key);
      continue;
    }
    const personName =
      domainOf(assignment.entityId) === 'person' ? input.states[assignment.entityId]?.attributes.friendly_name : undefined;
    const name = typeof personName === 'string' && personName.trim() !== '' ? personName : (nameOf(device) ?? device.key);
    entities.set(assignment.entityId, { entityId: assignment.entityId, name, deviceKeys: [device.key] });
  }

  return {
    byDevice,
    entities: new Map([...entities].sort(([a], [b]) => compare(a, b))),
    problems,
  };
}

/** One device's moving entity, by the precedence of resolveMovingEntities. */
function assign(
  device: TrackedDevice,
  mapped: string | undefined,
  people: readonly HassEntity[],
  entityRegistry: readonly EntityRegistryEntry[],
  problems: string[],
): MovingEntityAssignment {
  const deviceKey = device.key;
  if (mapped !== undefined) return { deviceKey, entityId: mapped, source: 'mapping' };
  const person = personOf(device, people, entityRegistry, problems);
  if (person !== null) return { deviceKey, entityId: person, source: 'person' };
  const [tracker] = device.trackerEntityIds;
  if (tracker !== undefined) return { deviceKey, entityId: tracker, source: 'bermuda_tracker' };
  return { deviceKey, entityId: generatedEntityId(deviceKey), source: 'generated' };
}

/** Device key → entity id from the explicit mappings; the first mapping of a device wins. */
function mappedEntities(
  mappings: readonly MovingEntityMapping[],
  devices: readonly TrackedDevice[],
  nameOf: (device: TrackedDevice) => string | null,
  problems: string[],
): Map<string, string> {
  const result = new Map<string, string>();
  for (const { entityId, device: written } of mappings) {
    const key = normaliseDeviceKey(written);
    let found = devices.filter((d) => d.key === key);
    if (found.length === 0) {
      const wanted = written.trim().toLowerCase();
      found = devices.filter((d) => nameOf(d)?.trim().toLowerCase() === wanted);
    }
    const where = `moving_entities.entities: ${entityId}`;
    if (found.length === 0) {
      const known = devices.map((d) => (nameOf(d) === null ? d.key : `${d.key} ("${nameOf(d)}")`)).join(', ');
      problems.push(
        `${where}: "${written}" is neither the key nor the Home Assistant name of a device Bermuda tracks (${known === '' ? 'Bermuda tracks no devices' : `tracked: ${known}`})`,
      );
      continue;
    }
    const [only] = found;
    if (found.length > 1 || only === undefined) {
      problems.push(
        `${where}: "${written}" is the name of several devices Bermuda tracks (${found.map((d) => d.key).join(', ')}); write the device key instead`,
      );
      continue;
    }
    const earlier = result.get(only.key);
    if (earlier !== undefined && earlier !== entityId) {
      problems.push(`${where}: device ${only.key} is already mapped to ${earlier}; keeping ${earlier}`);
      continue;
    }
    result.set(only.key, entityId);
  }
  return result;
}

/** The one person whose device_trackers include a tracker on the device's HA device, else null. */
function personOf(
  device: TrackedDevice,
  people: readonly HassEntity[],
  entityRegistry: readonly EntityRegistryEntry[],
  problems: string[],
): string | null {
  if (device.deviceId === null) return null;
  const trackers = new Set(
    entityRegistry
      .filter((e) => e.device_id === device.deviceId && domainOf(e.entity_id) === 'device_tracker')
      .map((e) => e.entity_id),
  );
  if (trackers.size === 0) return null;
  const owners = people
    .filter((p) => {
      const listed: unknown = p.attributes['device_trackers'];
      return Array.isArray(listed) && listed.some((id) => typeof id === 'string' && trackers.has(id));
    })
    .map((p) => p.entity_id)
    .sort(compare);
  if (owners.length > 1) {
    problems.push(
      `device ${device.key} is tracked by ${owners.join(' and ')} (their device_trackers share ${[...trackers].sort(compare).join(', ')}); not guessed: map it in moving_entities.entities`,
    );
    return null;
  }
  return owners[0] ?? null;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
