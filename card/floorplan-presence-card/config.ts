/** The card's Lovelace options (docs/CARD.md lists each with its default). */
import type { Georeference } from '../shared/geometry.ts';
import type { ActionConfig } from '../ha/types.ts';
import { fail, fillDefaults, isNumber, isRecord } from '../shared/options.ts';

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

export const CARD_TYPE = 'custom:floorplan-presence-card';

/** The options that have a default, filled in. */
export type ResolvedCardConfig = FloorplanPresenceCardConfig &
  Required<Pick<FloorplanPresenceCardConfig, 'trail' | 'range_circles' | 'rotation' | 'show_nodes' | 'show_static_entities' | 'node_stale_after'>>;

export const CARD_DEFAULTS = {
  trail: 30,
  range_circles: true,
  rotation: 0,
  show_nodes: true,
  show_static_entities: true,
  node_stale_after: 60,
} as const;

/** The options with defaults for those not given (an option set to undefined counts as not given). */
export function withDefaults(config: FloorplanPresenceCardConfig): ResolvedCardConfig {
  return fillDefaults(config, CARD_DEFAULTS);
}

const ACTIONS: readonly ActionConfig['action'][] = ['more-info', 'toggle', 'navigate', 'url', 'perform-action', 'call-service', 'none'];

const isEntityId = (value: unknown): value is string => typeof value === 'string' && /^[a-z0-9_]+\.[a-z0-9_]+$/.test(value);
const isPoint = (value: unknown): boolean => Array.isArray(value) && value.length === 2 && value.every(isNumber);

function checkGeoreference(option: string, geo: unknown): void {
  if (!isRecord(geo)) fail(option, 'either {points: [two {pixel, metres}]} or {origin, metres_per_pixel}', geo);
  if ('points' in geo) {
    const points = geo.points;
    if (!Array.isArray(points) || points.length !== 2) fail(`${option}.points`, 'a list of two {pixel: [u, v], metres: [x, y]}', points);
    points.forEach((point: unknown, i) => {
      if (!isRecord(point) || !isPoint(point.pixel) || !isPoint(point.metres)) {
        fail(`${option}.points[${i}]`, '{pixel: [u, v], metres: [x, y]} with numbers', point);
      }
    });
    const [a, b] = points as { pixel: [number, number] }[];
    if (a!.pixel[0] === b!.pixel[0] && a!.pixel[1] === b!.pixel[1]) fail(`${option}.points`, 'two different pixels', points);
    return;
  }
  if (!isPoint(geo.origin)) fail(`${option}.origin`, 'the plan metres [x, y] of the image’s top-left corner', geo.origin);
  if (!isNumber(geo.metres_per_pixel) || geo.metres_per_pixel <= 0) fail(`${option}.metres_per_pixel`, 'a number > 0', geo.metres_per_pixel);
  if (geo.rotation !== undefined && !isNumber(geo.rotation)) fail(`${option}.rotation`, 'a number of degrees', geo.rotation);
}

/**
 * Checks the options as typed in YAML or sent by the editor and returns them typed. Throws an
 * Error naming the option, what it must be and what it got; Lovelace shows that message in place
 * of the card. Keys it does not know (Lovelace adds some, e.g. grid_options) are left alone.
 */
export function validateConfig(config: unknown): FloorplanPresenceCardConfig {
  if (!isRecord(config)) fail('the card configuration', 'a mapping of options', config);
  const c = config;
  if (typeof c.type !== 'string') fail('type', `"${CARD_TYPE}"`, c.type);
  for (const key of ['title', 'floor'] as const) {
    if (c[key] !== undefined && (typeof c[key] !== 'string' || c[key] === '')) fail(key, 'a non-empty text', c[key]);
  }
  if (c.follow !== undefined && !isEntityId(c.follow)) fail('follow', 'an entity id such as person.alice', c.follow);
  if (c.entities !== undefined) {
    if (!Array.isArray(c.entities)) fail('entities', 'a list of entity ids', c.entities);
    c.entities.forEach((id: unknown, i) => {
      if (!isEntityId(id)) fail(`entities[${i}]`, 'an entity id such as person.alice', id);
    });
  }
  if (c.trail !== undefined && (!isNumber(c.trail) || c.trail < 0)) fail('trail', 'a number of seconds ≥ 0', c.trail);
  if (c.node_stale_after !== undefined && (!isNumber(c.node_stale_after) || c.node_stale_after <= 0)) {
    fail('node_stale_after', 'a number of seconds > 0', c.node_stale_after);
  }
  if (c.rotation !== undefined && !isNumber(c.rotation)) fail('rotation', 'a number of degrees', c.rotation);
  for (const key of ['range_circles', 'show_nodes', 'show_static_entities'] as const) {
    if (c[key] !== undefined && typeof c[key] !== 'boolean') fail(key, 'true or false', c[key]);
  }
  if (c.images !== undefined) {
    if (!isRecord(c.images)) fail('images', 'a mapping of floor id to {url, georeference}', c.images);
    for (const [floor, image] of Object.entries(c.images)) {
      const option = `images.${floor}`;
      if (!isRecord(image)) fail(option, '{url, georeference, opacity?}', image);
      if (typeof image.url !== 'string' || image.url === '') fail(`${option}.url`, 'the image’s URL, e.g. /local/floorplan/ground.png', image.url);
      checkGeoreference(`${option}.georeference`, image.georeference);
      if (image.opacity !== undefined && (!isNumber(image.opacity) || image.opacity < 0 || image.opacity > 1)) {
        fail(`${option}.opacity`, 'a number from 0 to 1', image.opacity);
      }
    }
  }
  for (const key of ['tap_action', 'hold_action', 'double_tap_action'] as const) {
    const action = c[key];
    if (action === undefined) continue;
    if (!isRecord(action) || !ACTIONS.includes(action.action as ActionConfig['action'])) {
      fail(`${key}.action`, `one of ${ACTIONS.join(', ')}`, isRecord(action) ? action.action : action);
    }
  }
  return c as unknown as FloorplanPresenceCardConfig;
}
