/**
 * The plan editor's working copy against the layout it started from → the `card_edit` edits that
 * turn one into the other. Coordinates are compared and sent rounded to the millimetre, so pointer
 * noise below that is no change.
 */
import type { CardLayout, CardNode, CardRoom, PlanEdit, Point2, Point3 } from '../../server/sinks/card/messages.ts';

/** The part of the layout the editor changes. */
export type Plan = Pick<CardLayout, 'nodes' | 'rooms'>;

export function roundMm(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function roundPoint<P extends Point2 | Point3>(point: P): P {
  return point.map(roundMm) as P;
}

function samePoints(a: readonly number[][], b: readonly number[][]): boolean {
  return a.length === b.length && a.every((p, i) => p.length === b[i]!.length && p.every((v, j) => roundMm(v) === roundMm(b[i]![j]!)));
}

/** Blank text is no value: the key is removed from the file. */
function text(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value.trim();
}

export function sameNode(a: CardNode, b: CardNode): boolean {
  return samePoints([a.coordinates], [b.coordinates]) && text(a.name) === text(b.name);
}

export function sameRoom(a: CardRoom, b: CardRoom): boolean {
  return a.floor === b.floor && text(a.area) === text(b.area) && text(a.name) === text(b.name) && samePoints(a.boundaries, b.boundaries);
}

function nodeEdit(node: CardNode, saved: CardNode | undefined): PlanEdit {
  const name = text(node.name);
  // A name is only ever written, never removed: `set_node` has no way to say "remove".
  const withName = name !== null && name !== text(saved?.name ?? null);
  return { op: 'set_node', id: node.id, coordinates: roundPoint(node.coordinates), ...(withName ? { name } : {}) };
}

function roomEdit(room: CardRoom, saved: CardRoom | undefined): PlanEdit {
  const edit: PlanEdit = { op: 'set_room', id: room.id, floor: room.floor, boundaries: room.boundaries.map(roundPoint) };
  // Unchanged name and area are left out so that the file keeps them as written: the layout's
  // name is the display name, which may only be the area or id it defaults to.
  const area = text(room.area);
  const name = text(room.name);
  if (saved ? area !== text(saved.area) : area !== null) edit.area = area;
  if (saved ? name !== text(saved.name) : name !== null) edit.name = name;
  return edit;
}

/** Removals, then nodes, then rooms; at most one edit per node and per room, as `card_edit` requires. */
export function planDiff(saved: Plan, working: Plan): PlanEdit[] {
  const savedNodes = new Map(saved.nodes.map((n) => [n.id, n]));
  const savedRooms = new Map(saved.rooms.map((r) => [r.id, r]));
  const workingNodes = new Set(working.nodes.map((n) => n.id));
  const workingRooms = new Set(working.rooms.map((r) => r.id));
  const edits: PlanEdit[] = [];
  for (const room of saved.rooms) if (!workingRooms.has(room.id)) edits.push({ op: 'remove_room', id: room.id });
  for (const node of saved.nodes) if (!workingNodes.has(node.id)) edits.push({ op: 'remove_node', id: node.id });
  for (const node of working.nodes) {
    const before = savedNodes.get(node.id);
    if (!before || !sameNode(before, node)) edits.push(nodeEdit(node, before));
  }
  for (const room of working.rooms) {
    const before = savedRooms.get(room.id);
    if (!before || !sameRoom(before, room)) edits.push(roomEdit(room, before));
  }
  return edits;
}
