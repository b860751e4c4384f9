/**
 * Semantic checks that JSON Schema cannot express, run on a config that already passed the schema.
 * Findings carry key paths; load.ts turns them into file positions.
 */
import { collinear, floorOfZ, floorRanges, polygonSelfIntersections } from '../engine/geometry.ts';
import { proximityThresholds } from '../presence/proximity.ts';
import { DEFAULT_PRESENCE, type BeaconNodeConfig, type FloorplanConfig, type PresenceSettings, type Severity, type Vec2 } from './types.ts';

/** Keys and sequence indices from the document root, e.g. ['rooms', 'kitchen', 'boundaries', 2]. */
export type KeyPath = readonly (string | number)[];

export interface Finding {
  severity: Severity;
  path: KeyPath;
  message: string;
  /** Point at the key itself (e.g. a duplicate) rather than at its value. */
  at: 'key' | 'value';
}

const NODES = ['moving_entities', 'beacon_nodes'] as const;
/** Home Assistant's entity id: `domain.object_id`, lower case. */
const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
/** States Home Assistant gives entities without a value: an automation could not tell them apart. */
const RESERVED_STATES = new Set(['unknown', 'unavailable']);
const PROXIMITY = ['moving_entities', 'proximity'] as const;

/** `lineOf` gives the line of a path's key, so a finding can name where the other half of a clash is. */
export function validateConfig(config: FloorplanConfig, lineOf: (path: KeyPath) => number): Finding[] {
  const findings: Finding[] = [];
  const error = (path: KeyPath, message: string, at: Finding['at'] = 'value'): void => {
    findings.push({ severity: 'error', path, message, at });
  };

  const floorIds = new Set(config.floors.map((f) => f.id));
  const unknownFloor = (id: string): string =>
    floorIds.size === 0
      ? `unknown floor \`${id}\`: no floors are defined`
      : `unknown floor \`${id}\` (floors: ${[...floorIds].join(', ')})`;

  const byCeiling = new Map<number, string>();
  for (const floor of config.floors) {
    const other = byCeiling.get(floor.height);
    if (other === undefined) byCeiling.set(floor.height, floor.id);
    else {
      error(
        ['floors', floor.id, 'height'],
        `same ceiling height ${floor.height} as floor \`${other}\` (line ${lineOf(['floors', other])}); every floor needs its own ceiling`,
      );
    }
  }

  for (const room of config.rooms) {
    if (!floorIds.has(room.floor)) error(['rooms', room.id, 'floor'], unknownFloor(room.floor));
    const problem = polygonProblem(room.boundaries);
    if (problem) error(['rooms', room.id, 'boundaries', ...problem.index], problem.message);
  }

  for (const zone of config.zones ?? []) {
    const path = ['zones', zone.id];
    if (!floorIds.has(zone.floor)) error([...path, 'floor'], unknownFloor(zone.floor));
    if (zone.boundaries !== null && zone.circle !== null) {
      error([...path, 'center'], 'a zone is an outline (`boundaries`) or a circle (`center` and `radius`), not both', 'key');
    } else if (zone.boundaries === null && zone.circle === null) {
      error(path, 'missing `boundaries`, or `center` and `radius`', 'key');
    }
    const problem = zone.boundaries && polygonProblem(zone.boundaries);
    if (problem) error([...path, 'boundaries', ...problem.index], problem.message);
    if (zone.occupancySensor !== null && !ENTITY_ID.test(zone.occupancySensor)) {
      error([...path, 'occupancy_sensor'], `expected an entity id such as binary_sensor.bed_occupancy, got ${JSON.stringify(zone.occupancySensor)}`);
    }
  }
  if (config.presence) presenceProblems(config.presence, error);

  proximityProblem(config, null, lineOf, error);

  const ranges = floorRanges(config.floors);
  const top = ranges[ranges.length - 1];
  const byKey = new Map<string, string>();
  for (const node of config.beaconNodes) {
    const path = [...NODES, node.id];
    if (node.floor !== null && !floorIds.has(node.floor)) error([...path, 'floor'], unknownFloor(node.floor));
    const z = node.coordinates[2];
    if (top !== undefined && floorOfZ(ranges, z) === null) {
      findings.push({
        severity: 'warning',
        path: [...path, 'coordinates', 2],
        message: `height ${z} is outside every floor (0 to ${top.ceiling} m); z is measured from the ground`,
        at: 'value',
      });
    }
    proximityProblem(config, node, lineOf, error);
    const other = byKey.get(node.key);
    if (other === undefined) byKey.set(node.key, node.id);
    else {
      error(
        path,
        `same scanner as "${other}" (line ${lineOf([...NODES, other])}): both are ${node.key}`,
        'key',
      );
    }
  }
  return findings;
}

/**
 * `near` must be below `medium` once merged (the node's own, then the global, then the default),
 * for the global thresholds (`node` null) or one node's. Reported at a threshold written there,
 * saying where the other one comes from; a node that sets neither only repeats the global's problem.
 */
function proximityProblem(
  config: FloorplanConfig,
  node: BeaconNodeConfig | null,
  lineOf: (path: KeyPath) => number,
  error: (path: KeyPath, message: string) => void,
): void {
  const own = node ? node.proximity : config.proximity;
  const { near, medium } = proximityThresholds(config, node?.proximity);
  if (near < medium || (own?.near === undefined && own?.medium === undefined)) return;
  const from = (key: 'near' | 'medium'): string => {
    if (own?.[key] !== undefined) return '';
    if (node && config.proximity?.[key] !== undefined) return `, from moving_entities.proximity on line ${lineOf([...PROXIMITY, key])}`;
    return ', the default';
  };
  const path = node ? [...NODES, node.id, 'proximity'] : PROXIMITY;
  error([...path, own?.near !== undefined ? 'near' : 'medium'], `near (${near} m${from('near')}) must be less than medium (${medium} m${from('medium')})`);
}

type StateKey = 'homeState' | 'awayState' | 'occupiedState' | 'vacantState';
const yamlKey = (key: StateKey): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Each state as written must be Home Assistant's to give, and differ from its opposite (written or default). */
function presenceProblems(written: Partial<PresenceSettings>, error: (path: KeyPath, message: string) => void): void {
  const settings = { ...DEFAULT_PRESENCE, ...written };
  const pairs: [StateKey, StateKey][] = [
    ['homeState', 'awayState'],
    ['occupiedState', 'vacantState'],
  ];
  for (const [one, other] of pairs) {
    for (const key of [one, other]) {
      const state = written[key];
      if (state !== undefined && RESERVED_STATES.has(state)) {
        error(['presence', yamlKey(key)], `"${state}" is what Home Assistant shows for an entity without a value; choose another state`);
      }
    }
    const at = written[other] !== undefined ? other : written[one] !== undefined ? one : null;
    if (at !== null && settings[one] === settings[other]) {
      error(['presence', yamlKey(at)], `\`${yamlKey(one)}\` and \`${yamlKey(other)}\` must differ (both "${settings[one]}")`);
    }
  }
}

const pt = (p: Vec2): string => `[${p[0]}, ${p[1]}]`;

/**
 * The first thing wrong with a room outline, checked in the order that avoids follow-on noise:
 * repeated points make zero-length edges, and a flat outline overlaps itself everywhere.
 */
function polygonProblem(poly: readonly Vec2[]): { index: number[]; message: string } | null {
  const n = poly.length;
  if (n < 3) {
    return { index: [], message: 'expected at least 3 distinct points (a repeated closing point does not count)' };
  }
  for (let i = 0; i < n; i++) {
    const p = poly[i] as Vec2;
    const q = poly[(i + 1) % n] as Vec2;
    if (p[0] === q[0] && p[1] === q[1]) {
      return i + 1 < n
        ? { index: [i + 1], message: `point ${pt(q)} repeats the previous point` }
        : { index: [i], message: `point ${pt(p)} repeats the first point (only one closing point is allowed)` };
    }
  }
  if (collinear(poly)) return { index: [], message: 'outline encloses no area (all points are on one line)' };
  const crossings = polygonSelfIntersections(poly);
  const first = crossings[0];
  if (first) {
    const [i, j] = first;
    const edge = (k: number): string => `edge ${k} ${pt(poly[k] as Vec2)} → ${pt(poly[(k + 1) % n] as Vec2)}`;
    const more = crossings.length > 1 ? ` (and ${crossings.length - 1} more)` : '';
    return { index: [i], message: `outline crosses itself: ${edge(i)} meets ${edge(j)}${more}` };
  }
  return null;
}
