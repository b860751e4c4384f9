/** The normalised, validated content of a floorplan.yaml. All lengths are metres. */

export type Vec2 = [number, number];
export type Vec3 = [number, number, number];

export interface FloorConfig {
  id: string;
  /** Ceiling height above ground. The floor spans from the next-lower ceiling (or 0) up to this. */
  height: number;
}

export interface RoomConfig {
  id: string;
  /** Display name: `name`, else `area`, else the id. */
  name: string;
  floor: string;
  /** Home Assistant area id, or null. */
  area: string | null;
  boundaries: Vec2[];
}

export interface StaticEntityConfig {
  entityId: string;
  /** z is absolute above ground. */
  coordinates: Vec3;
}

export interface RssiModel {
  /** Expected RSSI at 1 m, dBm. */
  refPower: number;
  /** Path-loss exponent. */
  attenuation: number;
}

export interface BeaconNodeConfig {
  /** The key exactly as written in the file. */
  id: string;
  /** The key after normalisation (see node-id.ts): lower-case colon MAC, or the trimmed name. */
  key: string;
  coordinates: Vec3;
  name: string | null;
  /** Explicit floor id; otherwise derived from z. */
  floor: string | null;
  /** Per-node overrides of the global model; null when not set. */
  refPower: number | null;
  attenuation: number | null;
  /** Correction of reported distances: the engine uses distanceScale × reported; null when not set. */
  distanceScale: number | null;
  /** This node's proximity thresholds as written (either may be missing); absent when not set. */
  proximity?: Partial<ProximityThresholds>;
}

/** An explicit choice of the entity id a tracked device is reported under. */
export interface MovingEntityConfig {
  entityId: string;
  /** Bermuda's device address, or the device's Home Assistant name, as written. */
  device: string;
}

export interface FloorplanConfig {
  /** In file order. */
  floors: FloorConfig[];
  rooms: RoomConfig[];
  staticEntities: StaticEntityConfig[];
  beaconNodes: BeaconNodeConfig[];
  movingEntities: MovingEntityConfig[];
  rssiModel: RssiModel;
  /** Standard deviation of RSSI around the path-loss curve, dB (default 4). */
  rssiNoiseDb: number;
  /** The share of that noise's variance that stays while the device stays, 0 to 1 (default 0.5). */
  shadowingShare: number;
  /** Device height above its floor, metres (default 1.0). */
  deviceHeight: number;
  /** Readings older than this many seconds are dropped (default 30). */
  maxReadingAge: number;
  /** `moving_entities.proximity` as written (either threshold may be missing); absent when not set. */
  proximity?: Partial<ProximityThresholds>;
  /** `presence` as written (any key may be missing); absent when not set. */
  presence?: Partial<PresenceSettings>;
  /** In file order; absent when the file has none. */
  zones?: ZoneConfig[];
}

/** The state strings and the delay of the presence entities (docs/PRESENCE.md). */
export interface PresenceSettings {
  homeState: string;
  awayState: string;
  /** Seconds without evidence (a node hearing it, a BLE tracker saying home) before an entity is away. */
  considerHome: number;
  occupiedState: string;
  vacantState: string;
}

/** A place with identity (a bed, a desk) on one floor: an outline or a circle. */
export interface ZoneConfig {
  id: string;
  /** Display name: `name`, else the id. */
  name: string;
  floor: string;
  /** The outline without a repeated closing corner; null for a circle. */
  boundaries: Vec2[] | null;
  /** The circle; null for an outline. The checks leave exactly one of the two. */
  circle: { center: Vec2; radius: number } | null;
  /** People up to this many metres outside the shape count as in the zone. */
  distance: number;
  /** The entity (an mmWave radar's binary_sensor) that says whether the zone is occupied; null when none. */
  occupancySensor: string | null;
}

/** The proximity windows of a node, metres: near up to `near`, medium up to `medium`, far beyond. */
export interface ProximityThresholds {
  near: number;
  medium: number;
}

export const DEFAULT_RSSI_MODEL: RssiModel = { refPower: -55, attenuation: 3 };
/** Indoor BLE RSSI scatters 3 to 6 dB around the curve (body shadowing, orientation, fading). */
export const DEFAULT_RSSI_NOISE_DB = 4;
/**
 * Without a calibration that measures it, the persistent share of the noise is taken as even:
 * as likely shadowing (walls, furniture) as fading that changes from advert to advert.
 */
export const DEFAULT_SHADOWING_SHARE = 0.5;
export const DEFAULT_DEVICE_HEIGHT = 1.0;
export const DEFAULT_MAX_READING_AGE = 30;
/** Near: within reach of the node (the same desk or sofa); medium: about the same room. */
export const DEFAULT_PROXIMITY: ProximityThresholds = { near: 1.5, medium: 4 };
/** Home Assistant's own states for people, and the strings presence trackers commonly use for a house. */
export const DEFAULT_PRESENCE: PresenceSettings = {
  homeState: 'home',
  awayState: 'not_home',
  considerHome: 180,
  occupiedState: 'somebody',
  vacantState: 'nobody',
};

export type Severity = 'error' | 'warning';

/** One problem found in a file, with the position a user needs to fix it. */
export interface Problem {
  severity: Severity;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Key path such as `rooms.kitchen.boundaries[2]`; empty for the document itself. */
  path: string;
  message: string;
}

export interface LoadResult {
  /** Null when there is any error. */
  config: FloorplanConfig | null;
  problems: Problem[];
}
