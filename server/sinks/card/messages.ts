/**
 * What the card receives and sends (docs/HOME-ASSISTANT.md, "The card's data"). The card imports
 * these types only (`import type`), so no server code reaches its bundle. Field names are
 * snake_case like the services' responses; times are ISO 8601 UTC.
 */

export type Point2 = [number, number];
export type Point3 = [number, number, number];

/** Requests the card makes with `floorplan/call` besides the services; not Home Assistant services. */
export const CARD_REQUESTS = ['card_layout', 'card_positions', 'card_edit'] as const;
export type CardRequest = (typeof CARD_REQUESTS)[number];

export interface CardFloor {
  id: string;
  /** Base and ceiling above ground, metres. */
  min_height: number;
  height: number;
}

export interface CardRoom {
  id: string;
  name: string;
  floor: string;
  area: string | null;
  /** Corners in order, without the closing repeat. */
  boundaries: Point2[];
}

export interface CardNode {
  /** The key as written in floorplan.yaml. */
  id: string;
  name: string | null;
  coordinates: Point3;
  /** The floor it serves: explicit, else from its height (as the engine decides); null without floors. */
  floor: string | null;
}

export interface CardStaticEntity {
  entity_id: string;
  coordinates: Point3;
  floor: string | null;
}

/** A scanner Bermuda reports that no beacon node matches: the editor offers to place it. */
export interface UnplacedScanner {
  /** The node id to write: the scanner's MAC address. */
  id: string;
  name: string | null;
}

/** `card_layout` → everything static the card draws. */
export interface CardLayout {
  /** Changes whenever the configuration in use changes; `card_edit` refuses a stale one. */
  revision: string;
  floors: CardFloor[];
  rooms: CardRoom[];
  nodes: CardNode[];
  static_entities: CardStaticEntity[];
  unplaced_scanners: UnplacedScanner[];
}

/** One measured range behind a fix: the card draws it as a circle with its uncertainty band. */
export interface CardRange {
  node: string;
  /** Metres. */
  distance: number;
  /** 1-sigma uncertainty of the distance, metres (the radio model's, grows with distance). */
  sigma: number;
  /** Seconds since it was heard. */
  age: number;
}

/** One moving entity as the card shows it. */
export interface CardEntity {
  entity_id: string;
  name: string;
  present: boolean;
  coordinates: Point3 | null;
  /** 1-sigma horizontal radius, metres. */
  accuracy: number | null;
  confidence: number;
  floor: string | null;
  room: string | null;
  room_name: string | null;
  /** When the readings behind the position were taken; null without a position. */
  last_seen: string | null;
  /** Why there is no position; null when there is one. */
  reason: string | null;
  /** Node ids (as written in floorplan.yaml) whose readings entered the fix. */
  nodes_used: string[];
  ranges: CardRange[];
}

/** `card_positions` → the current state of every moving entity and node. */
export interface CardPositions {
  entities: CardEntity[];
  /** Node id → when its scanner last reported any reading; null when never heard. */
  nodes_heard: Record<string, string | null>;
  timestamp: string;
}

/**
 * Events of the live subscription (`floorplan/subscribe`):
 * - `connected`: whether a sidecar is attached; sent first and on every change. While false the
 *   card keeps its last picture and says the sidecar is disconnected.
 * - `positions`: entities that changed since the last event, entity ids gone, and node times.
 * - `layout_changed`: floorplan.yaml changed; fetch `card_layout` again.
 */
export type CardStreamEvent =
  | { type: 'connected'; connected: boolean }
  | { type: 'positions'; entities: CardEntity[]; removed: string[]; nodes_heard: Record<string, string | null> }
  | { type: 'layout_changed'; revision: string };

/** One change of the plan, as the editor sends it in `card_edit`. */
export type PlanEdit =
  /** Adds the node or moves/renames it (`name` absent: kept). */
  | { op: 'set_node'; id: string; coordinates: Point3; name?: string }
  | { op: 'remove_node'; id: string }
  /** Adds the room or replaces its floor, outline, area and name (null: removed from the file). */
  | { op: 'set_room'; id: string; floor: string; boundaries: Point2[]; area?: string | null; name?: string | null }
  | { op: 'remove_room'; id: string };

/** `card_edit` data; the answer is the new CardLayout, or an `invalid` error with the validation message. */
export interface CardEditRequest {
  revision: string;
  edits: PlanEdit[];
}

/** The calibration requests (docs/CALIBRATION.md); each answers the new CalibrationView. */
export const CALIBRATION_REQUESTS = [
  'calibration_status',
  'calibration_start',
  'calibration_spot',
  'calibration_remove_spot',
  'calibration_cancel',
  'calibration_apply',
] as const;
export type CalibrationRequest = (typeof CALIBRATION_REQUESTS)[number];

/** A tracked device the user can calibrate with: the phone or tag they carry. */
export interface CalibrationDevice {
  /** The engine's device id (Bermuda's address). */
  device: string;
  /** The moving entity it is shown as, and its name. */
  entity_id: string;
  name: string;
  /** Nodes that hear it now. */
  nodes_hearing: number;
}

/** `calibration_start` data: who calibrates. */
export interface CalibrationStartRequest {
  /** A CalibrationDevice's `device`. */
  device: string;
}

/** `calibration_spot` data: where the user stands now, and for how long to record. */
export interface CalibrationSpotRequest {
  x: number;
  y: number;
  /** The floor they stand on (absent: the plan's only or lowest floor). */
  floor?: string;
  /** The phone's height above that floor, metres (absent: device_height). */
  height?: number;
  /** Seconds to record (absent: 45; 1 to 600). */
  duration?: number;
}

/** One recorded spot of a session. */
export interface CalibrationSpot {
  /** Stable within its session; `calibration_remove_spot` takes it. */
  id: number;
  /** Where the phone was: z above ground (floor base + height). */
  coordinates: Point3;
  floor: string | null;
  height: number;
  started: string;
  /** Seconds recorded. */
  duration: number;
  samples: number;
  /** Node ids (as written) that were heard at the spot. */
  nodes: string[];
  /** Horizontal error (m) of a position solved from the spot's median readings, with the values in use and with the fit; null when fewer than 3 nodes heard it. */
  error_before: number | null;
  error_after: number | null;
}

/** The spot being recorded now. */
export interface CalibrationRecording {
  coordinates: Point3;
  floor: string | null;
  height: number;
  started: string;
  ends: string;
  samples: number;
  /** Node ids heard so far. */
  nodes: string[];
}

export interface CalibrationSession {
  device: string;
  entity_id: string | null;
  name: string;
  started: string;
  spots: CalibrationSpot[];
  recording: CalibrationRecording | null;
}

/** A per-node radio setting; null where the node has none of its own (the global model applies). */
export interface NodeRadioValues {
  ref_power: number | null;
  attenuation: number | null;
  distance_scale: number | null;
}

/** One node's fit, with what the card draws: measured against true distance, and the curves. */
export interface CalibrationNodeFit {
  /** Node id as written in floorplan.yaml. */
  node: string;
  name: string | null;
  /** rssi: points are [true distance m, RSSI dBm]; distance: [true distance m, reported distance m]. */
  kind: 'rssi' | 'distance';
  samples: number;
  /** The effective values in use now (the global model filled in; distance_scale 1 when unset). */
  current: { ref_power: number; attenuation: number; distance_scale: number };
  /** What apply would write; a field is absent when it was not fitted (held, implausible or too few samples). */
  fitted: Partial<{ ref_power: number; attenuation: number; distance_scale: number }>;
  /** Robust spread of the samples around the fitted curve: dB for rssi, % for distance; null without a fit. */
  residual: number | null;
  /**
   * The share (0 to 1) of that spread's variance that stays while the device stays at a spot
   * (shadowing, not fresh noise per advert); null without enough samples repeated at spots.
   */
  persistent_share: number | null;
  warnings: string[];
  /** At most 200 samples, spread over the range (decimated evenly when there are more). */
  points: [number, number][];
}

export interface CalibrationFit {
  /** In config order; only nodes with samples. */
  nodes: CalibrationNodeFit[];
  warnings: string[];
  /** Median horizontal error at the session's spots (m) with the values in use and with the fit; null without spots that 3 nodes heard. */
  error_before: number | null;
  error_after: number | null;
  /** Whether apply would change anything. */
  applicable: boolean;
}

/** A static entity of floorplan.yaml that is also a tracked device: a permanent calibration point. */
export interface ReferenceBeacon {
  entity_id: string;
  device: string;
  coordinates: Point3;
  floor: string | null;
  /** Horizontal distance (m) between its tracked position now and where it is; null without a position. */
  position_error: number | null;
  /** Per node heard, how far its readings drift from the truth with the values in use. */
  drift: ReferenceDrift[];
}

export interface ReferenceDrift {
  node: string;
  kind: 'rssi' | 'distance';
  samples: number;
  /** distance: median ratio of corrected reading to true distance, minus 1 (0.12: reads 12 % long); rssi: median dB above the curve in use. */
  drift: number;
}

/** What every calibration request answers. */
export interface CalibrationView {
  /** Null when no session is under way. */
  session: CalibrationSession | null;
  devices: CalibrationDevice[];
  references: ReferenceBeacon[];
  /** From the session's spots and the reference beacons' recent readings; null without samples. */
  fit: CalibrationFit | null;
}

/** `calibration_apply` → what was written, and the view after it (the session ends). */
export interface CalibrationApplyResult {
  written: ({ node: string } & Partial<{ ref_power: number; attenuation: number; distance_scale: number }>)[];
  view: CalibrationView;
}

/** The stats view's request (docs/PRESENCE.md): `stats_summary` with StatsRequest → StatsSummary. */
export const STATS_REQUESTS = ['stats_summary'] as const;
export type StatsRequest = { range: 'today' | 'week' };

/** A device in the history: its moving entity when still known, else a stable stand-in. */
export interface StatsSubject {
  /** The entity id, or `device:<hash prefix>` for one no longer known (ids are hashed unless names are stored). */
  entity_id: string;
  name: string;
}

export interface StatsSummary {
  /** The range asked for, ISO times; days are the Home Assistant time zone's. */
  from: string;
  to: string;
  time_zone: string;
  now: {
    home: (StatsSubject & { room: string | null; room_name: string | null; since: string | null })[];
    rooms: { room: string; name: string; floor: string; occupants: StatsSubject[] }[];
  };
  /** Seconds per subject per room within the range (room null: home but in no room); most time first. */
  dwell: (StatsSubject & { rooms: { room: string | null; name: string; seconds: number }[] })[];
  /** Per day of the range: distinct devices seen, and seconds per room summed over people. */
  days: { day: string; distinct_devices: number; rooms: { room: string; seconds: number }[] }[];
  /** Per room: visits in the range and the average length of one. */
  average: { room: string; name: string; visits: number; seconds_per_visit: number }[];
  /** Room transitions per subject within the range, oldest first (room null: left every room or went away). */
  timeline: (StatsSubject & { transitions: { t: string; room: string | null }[] })[];
  /** Where positions were, per floor: counts of position samples in square cells, row-major from `origin`. */
  heatmap: { floor: string; origin: Point2; cell: number; columns: number; rows: number; counts: number[] }[];
}
