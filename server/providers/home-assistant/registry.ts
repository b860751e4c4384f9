/**
 * Finds Bermuda's per-scanner distance sensors in the entity registry. Pure: the caller fetches
 * `config/entity_registry/list` and passes the entries in.
 *
 * Bermuda names each sensor's unique id `<device key>_<scanner MAC>_range` (filtered distance) or
 * `…_range_raw` (unfiltered), where the device key is its own id for the tracked device (a MAC, an
 * IRK, or an iBeacon `uuid_major_minor`, which contains underscores) and the scanner MAC is the
 * proxy's WiFi MAC when known, else its Bluetooth address. Discovery reads only that unique id and
 * the platform: entity ids are user-editable slugs, and other integrations (mmWave radars, for one)
 * also make `sensor.*_distance_to_*` entities.
 */
import { normaliseNodeId } from '../../config/node-id.ts';
import type { EntityRegistryEntry, RegistryDisabler } from './types.ts';

export const BERMUDA_PLATFORM = 'bermuda';

/** `filtered`: `_range`, smoothed by Bermuda. `raw`: `_range_raw`, the latest advertisement's distance. */
export type DistanceKind = 'filtered' | 'raw';

// `_range` is not a suffix of `_range_raw`, so the order only matters for reading.
const SUFFIXES: readonly (readonly [string, DistanceKind])[] = [
  ['_range_raw', 'raw'],
  ['_range', 'filtered'],
];

/** A MAC exactly as it can appear inside a unique id: 17 characters, one separator throughout. */
const MAC_17 = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i;

/** A Bermuda device key in the form used for comparisons: MACs normalised, then lower case. */
export function normaliseDeviceKey(key: string): string {
  return normaliseNodeId(key).toLowerCase();
}

export interface ParsedDistanceId {
  /** Normalised (see normaliseDeviceKey). */
  deviceKey: string;
  /** Lower-case colon form. */
  scannerMac: string;
  kind: DistanceKind;
}

/**
 * Splits a Bermuda per-scanner distance unique id; null for anything else. The MAC is taken as
 * the 17 characters before the suffix, counting from the right, because device keys may contain
 * underscores; what precedes `_<MAC>` is the device key and must not be empty, which also rejects
 * Bermuda's per-device "Distance" sensor (`<MAC>_range`).
 */
export function parseDistanceUniqueId(uniqueId: string): ParsedDistanceId | null {
  for (const [suffix, kind] of SUFFIXES) {
    if (!uniqueId.endsWith(suffix)) continue;
    const body = uniqueId.slice(0, -suffix.length);
    const mac = body.slice(-17);
    const keyEnd = body.length - 18;
    if (keyEnd < 1 || body[keyEnd] !== '_' || !MAC_17.test(mac)) return null;
    return { deviceKey: normaliseDeviceKey(body.slice(0, keyEnd)), scannerMac: normaliseNodeId(mac), kind };
  }
  return null;
}

export interface DistanceSensor {
  entityId: string;
  uniqueId: string;
  kind: DistanceKind;
  /** Null when enabled. */
  disabledBy: RegistryDisabler | null;
}

/** One tracked device as seen by one scanner. */
export interface DistancePair {
  deviceKey: string;
  scannerMac: string;
  /** The HA device the sensors belong to (Bermuda's device for the tracked device). */
  deviceId: string | null;
  filtered: DistanceSensor | null;
  raw: DistanceSensor | null;
  /**
   * The sensor to read: the raw one when enabled (the engine does its own filtering, and a
   * pre-smoothed value would lag and be filtered twice), else the filtered one when enabled.
   * Null when neither is enabled: the pair is disabled and gives no distances.
   */
  read: DistanceSensor | null;
}

export interface DisabledDistanceSensor {
  entityId: string;
  disabledBy: RegistryDisabler;
  deviceKey: string;
  scannerMac: string;
  kind: DistanceKind;
}

export interface TrackedDevice {
  /** Normalised Bermuda device key. */
  key: string;
  deviceId: string | null;
  /** Bermuda's own `device_tracker.*` entities on the same HA device, sorted. */
  trackerEntityIds: string[];
}

export interface BermudaDiscovery {
  /** Sorted by device key, then scanner MAC. */
  pairs: DistancePair[];
  /** Every disabled per-scanner distance sensor, sorted by entity id. */
  disabledSensors: DisabledDistanceSensor[];
  /** One per device key that has distance sensors, sorted by key. */
  devices: TrackedDevice[];
  /** Every scanner MAC some device has a distance sensor for, sorted. */
  scannerMacs: string[];
}

export function domainOf(entityId: string): string {
  const dot = entityId.indexOf('.');
  return dot < 0 ? '' : entityId.slice(0, dot);
}

/** For two registry entries of the same pair and kind (an old MAC spelling left behind), the better one. */
function preferred(a: DistanceSensor | null, b: DistanceSensor): DistanceSensor {
  if (a === null) return b;
  if ((a.disabledBy === null) !== (b.disabledBy === null)) return a.disabledBy === null ? a : b;
  return a.entityId <= b.entityId ? a : b;
}

const isEnabled = (s: DistanceSensor | null): s is DistanceSensor => s !== null && s.disabledBy === null;

export function discoverBermuda(entries: readonly EntityRegistryEntry[]): BermudaDiscovery {
  const pairs = new Map<string, DistancePair>();
  const disabledSensors: DisabledDistanceSensor[] = [];

  for (const entry of entries) {
    if (entry.platform !== BERMUDA_PLATFORM || domainOf(entry.entity_id) !== 'sensor') continue;
    const parsed = parseDistanceUniqueId(entry.unique_id);
    if (parsed === null) continue;
    const { deviceKey, scannerMac, kind } = parsed;
    const id = `${deviceKey}\n${scannerMac}`;
    let pair = pairs.get(id);
    if (pair === undefined) {
      pair = { deviceKey, scannerMac, deviceId: null, filtered: null, raw: null, read: null };
      pairs.set(id, pair);
    }
    pair.deviceId ??= entry.device_id;
    const sensor: DistanceSensor = {
      entityId: entry.entity_id,
      uniqueId: entry.unique_id,
      kind,
      disabledBy: entry.disabled_by,
    };
    pair[kind] = preferred(pair[kind], sensor);
    if (entry.disabled_by !== null) {
      disabledSensors.push({ entityId: entry.entity_id, disabledBy: entry.disabled_by, deviceKey, scannerMac, kind });
    }
  }

  const sortedPairs = [...pairs.values()].sort(
    (a, b) => compare(a.deviceKey, b.deviceKey) || compare(a.scannerMac, b.scannerMac),
  );
  for (const pair of sortedPairs) {
    pair.read = isEnabled(pair.raw) ? pair.raw : isEnabled(pair.filtered) ? pair.filtered : null;
  }

  const devices = new Map<string, TrackedDevice>();
  for (const pair of sortedPairs) {
    const device = devices.get(pair.deviceKey);
    if (device === undefined) devices.set(pair.deviceKey, { key: pair.deviceKey, deviceId: pair.deviceId, trackerEntityIds: [] });
    else device.deviceId ??= pair.deviceId;
  }
  for (const device of devices.values()) {
    if (device.deviceId === null) continue;
    device.trackerEntityIds = entries
      .filter(
        (e) =>
          e.platform === BERMUDA_PLATFORM && domainOf(e.entity_id) === 'device_tracker' && e.device_id === device.deviceId,
      )
      .map((e) => e.entity_id)
      .sort(compare);
  }

  return {
    pairs: sortedPairs,
    disabledSensors: disabledSensors.sort((a, b) => compare(a.entityId, b.entityId)),
    devices: [...devices.values()],
    scannerMacs: [...new Set(sortedPairs.map((p) => p.scannerMac))].sort(compare),
  };
}

/**
 * What `enable-sensors` turns on: for each pair with no enabled sensor, its filtered `_range`
 * sensor (the raw one only when the filtered one is missing). Not the raw one, although it is
 * read first when enabled: it changes with every advertisement, several times a second per
 * device and scanner, and the recorder stores each change, which fills the database of a home
 * with a dozen scanners within days. A user who accepts that enables the raw sensors in HA, and
 * they are then preferred. Sorted by entity id.
 */
export function sensorsToEnable(pairs: readonly DistancePair[]): string[] {
  const ids = new Set<string>();
  for (const pair of pairs) {
    if (pair.read !== null) continue;
    const pick = pair.filtered ?? pair.raw;
    if (pick !== null) ids.add(pick.entityId);
  }
  return [...ids].sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
