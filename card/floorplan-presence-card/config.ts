/** The card's Lovelace options (docs/CARD.md lists each with its default). */
import type { Georeference } from '../shared/geometry.ts';
import type { ActionConfig } from '../ha/types.ts';

export interface FloorImageConfig {
  /** PNG, JPEG or SVG, e.g. /local/floorplan/ground.png. */
  url: string;
  georeference: Georeference;
  /** 0 to 1 (default 1). */
  opacity?: number;
}

export interface FloorplanPresenceCardConfig {
  type: string;
  title?: string;
  /** Floor shown first (default: the first floor of floorplan.yaml). */
  floor?: string;
  /** Switch floors with this moving entity (e.g. person.alice). */
  follow?: string;
  /** Moving entities to show (default: all). */
  entities?: string[];
  /** Seconds of trail behind each moving entity; 0 hides trails (default 30). */
  trail?: number;
  /** Show the selected entity's measured ranges (default true). */
  range_circles?: boolean;
  /** Degrees the plan is turned clockwise on screen (default 0). */
  rotation?: number;
  /** Draw beacon nodes (default true) and static entities (default true). */
  show_nodes?: boolean;
  show_static_entities?: boolean;
  /** A node whose scanner has not reported for this many seconds is greyed (default 60). */
  node_stale_after?: number;
  /** Background image per floor id. */
  images?: Record<string, FloorImageConfig>;
  tap_action?: ActionConfig;
  hold_action?: ActionConfig;
  double_tap_action?: ActionConfig;
}
