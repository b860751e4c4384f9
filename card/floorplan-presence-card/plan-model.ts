/**
 * The plan editor's changes to its working copy, as pure functions of immutable plans, so that
 * every state can be kept for undo and each rule is testable without a browser.
 */
import type { CardNode, CardRoom, Point2 } from '../../server/sinks/card/messages.ts';
import { sameNode, sameRoom, type Plan } from '../shared/plan-diff.ts';

/** A room outline needs this many corners (the sidecar refuses fewer). */
export const MIN_CORNERS = 3;

function upsert<T extends { id: string }>(items: readonly T[], item: T, id = item.id): T[] {
  const index = items.findIndex((i) => i.id === id);
  return index < 0 ? [...items, item] : items.map((i, k) => (k === index ? item : i));
}

/** Adds the node or replaces the one with its id. */
export function withNode(plan: Plan, node: CardNode): Plan {
  return { ...plan, nodes: upsert(plan.nodes, node) };
}

export function withoutNode(plan: Plan, id: string): Plan {
  return { ...plan, nodes: plan.nodes.filter((n) => n.id !== id) };
}

/** Adds the room or replaces the one with id `previousId` (a new room may be renamed) in place. */
export function withRoom(plan: Plan, room: CardRoom, previousId = room.id): Plan {
  return { ...plan, rooms: upsert(plan.rooms, room, previousId) };
}

export function withoutRoom(plan: Plan, id: string): Plan {
  return { ...plan, rooms: plan.rooms.filter((r) => r.id !== id) };
}

export function moveVertex(room: CardRoom, index: number, point: Point2): CardRoom {
  return { ...room, boundaries: room.boundaries.map((p, i) => (i === index ? point : p)) };
}

/** The middle of each edge; edge `i` runs from corner `i` to the next (the last one closes the outline). */
export function edgeMidpoints(boundaries: readonly Point2[]): Point2[] {
  return boundaries.map(([x0, y0], i) => {
    const [x1, y1] = boundaries[(i + 1) % boundaries.length]!;
    return [(x0 + x1) / 2, (y0 + y1) / 2];
  });
}

/** Splits edge `edge` at `point` (its middle by default); the new corner's index is `edge + 1`. */
export function insertVertex(room: CardRoom, edge: number, point: Point2 = edgeMidpoints(room.boundaries)[edge]!): CardRoom {
  const boundaries = [...room.boundaries];
  boundaries.splice(edge + 1, 0, point);
  return { ...room, boundaries };
}

/** The room without corner `index`, or null when that would leave fewer than three corners. */
export function deleteVertex(room: CardRoom, index: number): CardRoom | null {
  if (room.boundaries.length <= MIN_CORNERS) return null;
  return { ...room, boundaries: room.boundaries.filter((_, i) => i !== index) };
}

/** The first free `room_<n>`, offered as a new room's id. */
export function nextRoomId(rooms: readonly CardRoom[]): string {
  const taken = new Set(rooms.map((r) => r.id));
  let n = 1;
  while (taken.has(`room_${n}`)) n++;
  return `room_${n}`;
}

/** Why `id` cannot name the room now called `currentId`, or null when it can. */
export function roomIdProblem(rooms: readonly CardRoom[], id: string, currentId: string): string | null {
  if (id.trim() === '') return 'A room id cannot be blank.';
  if (id !== id.trim()) return 'A room id cannot start or end with a space.';
  if (id !== currentId && rooms.some((r) => r.id === id)) return `There is already a room \`${id}\`.`;
  return null;
}

/** `theirs` with every item `mine` changed, added or removed since `base` changed the same way. */
function merge<T extends { id: string }>(base: readonly T[], mine: readonly T[], theirs: readonly T[], same: (a: T, b: T) => boolean): T[] {
  const before = new Map(base.map((i) => [i.id, i]));
  const kept = new Set(mine.map((i) => i.id));
  let result = theirs.filter((i) => kept.has(i.id) || !before.has(i.id));
  for (const item of mine) {
    const old = before.get(item.id);
    if (!old || !same(old, item)) result = upsert(result, item);
  }
  return result;
}

/**
 * The working copy moved onto a newer layout: the user's changes win item by item, and what changed
 * in the file meanwhile and the user did not touch is taken from the new layout.
 */
export function rebase(base: Plan, working: Plan, newer: Plan): Plan {
  return {
    nodes: merge(base.nodes, working.nodes, newer.nodes, sameNode),
    rooms: merge(base.rooms, working.rooms, newer.rooms, sameRoom),
  };
}
