/**
 * The card's requests: `card_layout`, `card_positions` and `card_edit`. The card sends them with
 * `floorplan/call` and they reach callService like the services, but they are not Home Assistant
 * services: SERVICE_NAMES, the list the integration registers, leaves them out.
 *
 * `card_edit` turns the plan editor's edits into one change of floorplan.yaml through the
 * comment-keeping editor: only the fields that differ are written, a changed outline keeps its
 * block or flow style when it keeps its number of corners, and the whole edit is written at once
 * or not at all.
 */
import type { CalibrationManager } from '../calibration/manager.ts';
import type { ConfigChange } from '../config/edit.ts';
import { parseConfigDocument } from '../config/load.ts';
import { normaliseNodeId } from '../config/node-id.ts';
import type { ConfigStore } from '../config/store.ts';
import type { FloorplanConfig, RoomConfig } from '../config/types.ts';
import { cardLayout, configRevision } from '../sinks/card/layout.ts';
import type { CardPositions, CardRequest, PlanEdit, Point2, Point3, UnplacedScanner } from '../sinks/card/messages.ts';
import { invalid } from './errors.ts';
import { clearableText, optionalText, requiredCoordinates, requiredOutline, requiredText, type ServiceData } from './input.ts';
import { applyChanges, existingNode, findNode, NODES } from './node-edits.ts';
import { oneAtATime } from './one-at-a-time.ts';
import { round } from './queries.ts';

/** What the card's requests act on; the sidecar and the demo provide it. */
export interface CardHost {
  readonly store: ConfigStore;
  /** The configuration in use changed (an edit or a reload): rebuild what depends on it. */
  configChanged(config: FloorplanConfig): void;
  cardPositions(): CardPositions;
  /** Scanners that report distances but match no beacon node. */
  unplacedScanners(): UnplacedScanner[];
  /** Answers the calibration requests (calibration-requests.ts). */
  readonly calibration: CalibrationManager;
}

export const STALE_REVISION = 'floorplan.yaml changed since the editor loaded it; reload the editor';

export const CARD_REQUEST_HANDLERS: Record<CardRequest, (host: CardHost, data: ServiceData) => object | Promise<object>> = {
  card_layout: (host) => cardLayout(host.store.config, host.unplacedScanners()),
  card_positions: (host) => host.cardPositions(),
  card_edit: editPlan,
};

export function isCardRequest(name: string): name is CardRequest {
  return Object.hasOwn(CARD_REQUEST_HANDLERS, name);
}

/** Edits run one at a time, each checked against the plan the last one left. */
function editPlan(host: CardHost, data: ServiceData): Promise<object> {
  return oneAtATime(host.store, () => editPlanNow(host, data));
}

/** Applies the edits and answers the new layout; an edit of an older plan is refused. */
async function editPlanNow(host: CardHost, data: ServiceData): Promise<object> {
  const { store } = host;
  if (requiredText(data, 'revision') !== configRevision(store.config)) throw invalid(STALE_REVISION);
  const edits = planEdits(data);
  const changes = configChanges(store.config, edits, writtenRooms(await store.source.read()));
  if (changes.length > 0) host.configChanged(await applyChanges(store, changes));
  return cardLayout(store.config, host.unplacedScanners());
}

const OPS: readonly PlanEdit['op'][] = ['set_node', 'remove_node', 'set_room', 'remove_room'];

/** The request's edits, checked field by field; each node or room may be edited once. */
function planEdits(data: ServiceData): PlanEdit[] {
  const list = data['edits'];
  if (!Array.isArray(list) || list.length === 0) throw invalid(`\`edits\` must be a non-empty list of plan edits, got ${JSON.stringify(list)}`);
  const targets = new Map<string, string>();
  return list.map((item: unknown, i) => {
    const label = `edits[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalid(`\`${label}\` must be a mapping with \`op\` and \`id\``);
    const fields = item as ServiceData;
    const edit = planEdit(fields, label);
    const kind = edit.op.endsWith('_node') ? 'node' : 'room';
    const target = `${kind} ${kind === 'node' ? normaliseNodeId(edit.id) : edit.id}`;
    const earlier = targets.get(target);
    if (earlier !== undefined) throw invalid(`\`${label}\` edits ${kind} \`${edit.id}\` again (after \`${earlier}\`); send one edit per ${kind}`);
    targets.set(target, label);
    return edit;
  });
}

function planEdit(fields: ServiceData, label: string): PlanEdit {
  const op = fields['op'];
  const id = requiredText(fields, 'id', `${label}.id`);
  const at = (field: string): string => `${label}.${field}`;
  switch (op) {
    case 'set_node': {
      const name = optionalText(fields, 'name', at('name'));
      const coordinates = requiredCoordinates(fields, 'coordinates', at('coordinates'));
      return name === undefined ? { op, id, coordinates } : { op, id, coordinates, name };
    }
    case 'set_room':
      return {
        op,
        id,
        floor: requiredText(fields, 'floor', at('floor')),
        boundaries: requiredOutline(fields, 'boundaries', at('boundaries')),
        area: clearableText(fields, 'area', at('area')),
        name: clearableText(fields, 'name', at('name')),
      };
    case 'remove_node':
    case 'remove_room':
      return { op, id };
    default:
      throw invalid(`\`${at('op')}\` must be one of ${OPS.join(', ')}, got ${JSON.stringify(op)}`);
  }
}

/** What the configuration does not tell of a room as written: its own `name`, and a closed outline. */
interface WrittenRoom {
  name: string | null;
  closed: boolean;
}

function writtenRooms(text: string | null): (id: string) => WrittenRoom {
  type RawRooms = Record<string, { name?: unknown; boundaries?: unknown } | null>;
  const rooms = (parseConfigDocument(text ?? '').toJS() as { rooms?: RawRooms | null } | null)?.rooms ?? {};
  return (id) => {
    const room = rooms[id];
    const outline = Array.isArray(room?.boundaries) ? (room.boundaries as unknown[]) : [];
    const closed = outline.length > 1 && JSON.stringify(outline[0]) === JSON.stringify(outline[outline.length - 1]);
    return { name: typeof room?.name === 'string' ? room.name : null, closed };
  };
}

function configChanges(config: FloorplanConfig, edits: readonly PlanEdit[], written: (id: string) => WrittenRoom): ConfigChange[] {
  return edits.flatMap((edit): ConfigChange[] => {
    switch (edit.op) {
      case 'set_node':
        return setNode(config, edit);
      case 'remove_node':
        return [{ path: [...NODES, existingNode(config, edit.id).id], remove: true }];
      case 'set_room':
        return setRoom(config, edit, written);
      case 'remove_room':
        return [{ path: ['rooms', existingRoom(config, edit.id).id], remove: true }];
    }
  });
}

/** Millimetres, as the services answer; `+ 0` keeps `-0` out of the file. */
const mm = (v: number): number => round(v) + 0;
const samePoints = (a: readonly number[][], b: readonly number[][]): boolean =>
  a.length === b.length && a.every((p, i) => p.length === b[i]!.length && p.every((v, j) => mm(v) === b[i]![j]));
const anyDefined = (fields: object): boolean => Object.values(fields).some((v) => v !== undefined);

function setNode(config: FloorplanConfig, edit: Extract<PlanEdit, { op: 'set_node' }>): ConfigChange[] {
  const coordinates = edit.coordinates.map(mm) as Point3;
  const node = findNode(config, edit.id);
  if (!node) {
    const value = edit.name === undefined ? { coordinates } : { name: edit.name, coordinates };
    return [{ path: [...NODES, edit.id], value, create: true }];
  }
  const fields = {
    coordinates: samePoints([node.coordinates], [coordinates]) ? undefined : coordinates,
    name: edit.name === node.name ? undefined : edit.name,
  };
  return anyDefined(fields) ? [{ path: [...NODES, node.id], value: fields }] : [];
}

function setRoom(config: FloorplanConfig, edit: Extract<PlanEdit, { op: 'set_room' }>, written: (id: string) => WrittenRoom): ConfigChange[] {
  const boundaries = edit.boundaries.map(([x, y]): Point2 => [mm(x), mm(y)]);
  const room = config.rooms.find((r) => r.id === edit.id);
  if (!room) {
    const value = {
      ...(typeof edit.name === 'string' && { name: edit.name }),
      floor: edit.floor,
      ...(typeof edit.area === 'string' && { area: edit.area }),
      boundaries,
    };
    return [{ path: ['rooms', edit.id], value, create: true }];
  }
  const path = ['rooms', room.id];
  const file = written(room.id);
  // Written closed when it was: a block outline of as many corners is then edited point by point.
  const outline = file.closed ? [...boundaries, boundaries[0]!] : boundaries;
  const fields = {
    floor: edit.floor === room.floor ? undefined : edit.floor,
    boundaries: samePoints(room.boundaries, boundaries) ? undefined : outline,
    area: typeof edit.area === 'string' && edit.area !== room.area ? edit.area : undefined,
    // The editor sends back the name it was shown: the room's display name is no change.
    name: typeof edit.name === 'string' && edit.name !== room.name ? edit.name : undefined,
  };
  const changes: ConfigChange[] = anyDefined(fields) ? [{ path, value: fields }] : [];
  if (edit.area === null && room.area !== null) changes.push({ path: [...path, 'area'], remove: true });
  if (edit.name === null && file.name !== null) changes.push({ path: [...path, 'name'], remove: true });
  return changes;
}

function existingRoom(config: FloorplanConfig, id: string): RoomConfig {
  const room = config.rooms.find((r) => r.id === id);
  if (room) return room;
  throw invalid(`unknown room \`${id}\` (rooms: ${config.rooms.map((r) => r.id).join(', ') || 'none'})`);
}
