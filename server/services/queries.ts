/**
 * The read-only floorplan.* services, with the response shapes of the Python floorplan integration
 * so that automations and cards written for it work unchanged.
 */
import type { FloorplanConfig, Vec3 } from '../config/types.ts';
import { floorRanges } from '../engine/geometry.ts';
import { REASONS, type MovingEntityState } from '../presence/moving-entities.ts';
import type { Proximity } from '../presence/proximity.ts';
import { invalid } from './errors.ts';
import { requiredText, type ServiceData } from './input.ts';

/** What every query reads: the configuration in use and the moving entities right now. */
export interface QueryContext {
  config: FloorplanConfig;
  movingEntities: ReadonlyMap<string, MovingEntityState>;
  /** Wall clock, seconds since the epoch. */
  now: number;
}

/** ISO 8601 UTC with a Z, as Home Assistant prints times. */
export const isoTime = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** Three decimals: millimetres are more than BLE can tell, and keep responses short. */
export const round = (v: number): number => Math.round(v * 1000) / 1000;
export const point = (p: Vec3): Vec3 => [round(p[0]), round(p[1]), round(p[2])];

/** The nearest node and its window, all null without one (the update and the services say the same). */
export function proximityFields(p: Proximity | null) {
  return {
    nearest_node: p && (p.nodeName ?? p.nodeId),
    nearest_node_id: p && p.nodeId,
    nearest_distance: p && round(p.distance),
    proximity: p && p.window,
  };
}

function movingEntityFields(state: MovingEntityState) {
  return {
    coordinates: state.coordinates && point(state.coordinates),
    confidence: round(state.confidence),
    accuracy: state.accuracy === null ? null : round(state.accuracy),
    floor: state.floor,
    room: state.room,
    last_updated: state.updatedAt === null ? null : isoTime(state.updatedAt),
    ...proximityFields(state.proximity),
  };
}

export function getMovingEntityCoordinates(ctx: QueryContext, data: ServiceData) {
  const entityId = requiredText(data, 'entity_id');
  const state = ctx.movingEntities.get(entityId);
  if (!state) {
    return { entity_id: entityId, coordinates: null, confidence: 0, accuracy: null, floor: null, room: null, last_updated: null, ...proximityFields(null), reason: REASONS.notTracked };
  }
  const fields = movingEntityFields(state);
  return state.reason === null ? { entity_id: entityId, ...fields } : { entity_id: entityId, ...fields, reason: state.reason };
}

/** Every moving entity known, with `coordinates: null` and its reason when it has no position. */
export function getAllMovingEntityCoordinates(ctx: QueryContext) {
  const moving: Record<string, ReturnType<typeof movingEntityFields> & { reason?: string }> = {};
  for (const [entityId, state] of ctx.movingEntities) {
    moving[entityId] = state.reason === null ? movingEntityFields(state) : { ...movingEntityFields(state), reason: state.reason };
  }
  return { moving_entities: moving, count: Object.keys(moving).length, timestamp: isoTime(ctx.now) };
}

export function getBeaconNodes(ctx: QueryContext) {
  const nodes = Object.fromEntries(ctx.config.beaconNodes.map((n) => [n.id, point(n.coordinates)]));
  return { nodes, count: ctx.config.beaconNodes.length };
}

export function getRoomsByFloor(ctx: QueryContext, data: ServiceData) {
  const floorId = requiredText(data, 'floor_id');
  const range = floorRanges(ctx.config.floors).find((f) => f.id === floorId);
  if (!range) {
    const known = ctx.config.floors.map((f) => f.id).join(', ') || 'none';
    throw invalid(`unknown floor \`${floorId}\` (floors: ${known})`);
  }
  const rooms = ctx.config.rooms
    .filter((r) => r.floor === floorId)
    .map((r) => ({ id: r.id, name: r.name, floor: r.floor, area: r.area, boundaries: r.boundaries }));
  return { rooms, count: rooms.length, floor_height: range.ceiling, floor_min_height: range.base };
}

/** Static entities first; a moving entity's current position otherwise. */
export function getEntityCoordinates(ctx: QueryContext, data: ServiceData) {
  const entityId = requiredText(data, 'entity_id');
  const fixed = ctx.config.staticEntities.find((e) => e.entityId === entityId);
  const moving = ctx.movingEntities.get(entityId)?.coordinates ?? null;
  const coordinates = fixed ? fixed.coordinates : moving;
  return { entity_id: entityId, coordinates: coordinates && point(coordinates) };
}

export function getAllEntityCoordinates(ctx: QueryContext) {
  const entityCoordinates: Record<string, Vec3> = {};
  for (const e of ctx.config.staticEntities) entityCoordinates[e.entityId] = point(e.coordinates);
  const beaconNodes = Object.fromEntries(
    ctx.config.beaconNodes.map((n) => [n.id, n.name === null ? { coordinates: point(n.coordinates) } : { coordinates: point(n.coordinates), name: n.name }]),
  );
  return {
    entity_coordinates: entityCoordinates,
    count: Object.keys(entityCoordinates).length,
    beacon_nodes: beaconNodes,
    beacon_nodes_count: ctx.config.beaconNodes.length,
  };
}
