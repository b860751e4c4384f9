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
