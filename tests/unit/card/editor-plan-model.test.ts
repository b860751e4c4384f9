import { describe, expect, it } from 'vitest';
import type { CardNode, CardRoom } from '../../../server/sinks/card/messages.ts';
import type { Plan } from '../../../card/shared/plan-diff.ts';
import {
  deleteVertex,
  edgeMidpoints,
  insertVertex,
  moveVertex,
  nextRoomId,
  rebase,
  roomIdProblem,
  withNode,
  withoutNode,
  withoutRoom,
  withRoom,
} from '../../../card/floorplan-presence-card/plan-model.ts';

const square: CardRoom = { id: 'kitchen', name: 'Kitchen', floor: 'ground', area: null, boundaries: [[0, 0], [4, 0], [4, 4], [0, 4]] };
const triangle: CardRoom = { ...square, id: 'wc', boundaries: [[0, 0], [1, 0], [0, 1]] };
const node = (id: string, x: number): CardNode => ({ id, name: null, coordinates: [x, 0, 1], floor: 'ground' });

describe('room outline editing', () => {
  it('offers the middle of every edge, the closing one included', () => {
    expect(edgeMidpoints(square.boundaries)).toEqual([[2, 0], [4, 2], [2, 4], [0, 2]]);
  });

  it('inserts a corner in the middle of an edge, after the edge start', () => {
    expect(insertVertex(square, 1).boundaries).toEqual([[0, 0], [4, 0], [4, 2], [4, 4], [0, 4]]);
    expect(insertVertex(square, 3).boundaries).toEqual([[0, 0], [4, 0], [4, 4], [0, 4], [0, 2]]);
  });

  it('moves and deletes a corner', () => {
    expect(moveVertex(square, 2, [5, 5]).boundaries).toEqual([[0, 0], [4, 0], [5, 5], [0, 4]]);
    expect(deleteVertex(square, 0)?.boundaries).toEqual([[4, 0], [4, 4], [0, 4]]);
  });

  it('refuses to leave fewer than three corners', () => {
    expect(deleteVertex(triangle, 1)).toBeNull();
  });

  it('leaves the original room unchanged', () => {
    insertVertex(square, 0);
    moveVertex(square, 0, [9, 9]);
    expect(square.boundaries).toEqual([[0, 0], [4, 0], [4, 4], [0, 4]]);
  });
});

describe('plan items', () => {
  const plan: Plan = { nodes: [node('a', 1), node('b', 2)], rooms: [square, triangle] };

  it('moves a node in place and adds a new one at the end', () => {
    expect(withNode(plan, node('a', 5)).nodes.map((n) => [n.id, n.coordinates[0]])).toEqual([['a', 5], ['b', 2]]);
    expect(withNode(plan, node('c', 3)).nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(withoutNode(plan, 'a').nodes.map((n) => n.id)).toEqual(['b']);
  });

  it('renames a new room in place, and removes rooms', () => {
    expect(withRoom(plan, { ...triangle, id: 'pantry' }, 'wc').rooms.map((r) => r.id)).toEqual(['kitchen', 'pantry']);
    expect(withoutRoom(plan, 'kitchen').rooms.map((r) => r.id)).toEqual(['wc']);
  });

  it('offers the first free room id', () => {
    expect(nextRoomId([square])).toBe('room_1');
    expect(nextRoomId([{ ...square, id: 'room_1' }, { ...square, id: 'room_3' }])).toBe('room_2');
  });

  it('explains why a room id cannot be used', () => {
    expect(roomIdProblem(plan.rooms, 'pantry', 'room_1')).toBeNull();
    expect(roomIdProblem(plan.rooms, 'wc', 'wc')).toBeNull();
    expect(roomIdProblem(plan.rooms, 'kitchen', 'room_1')).toBe('There is already a room `kitchen`.');
    expect(roomIdProblem(plan.rooms, '  ', 'room_1')).toBe('A room id cannot be blank.');
    expect(roomIdProblem(plan.rooms, 'pantry ', 'room_1')).toBe('A room id cannot start or end with a space.');
  });
});

describe('rebasing unsaved changes on a newer layout', () => {
  const base: Plan = { nodes: [node('a', 1), node('b', 2), node('c', 3)], rooms: [square, triangle] };

  it('keeps what the user changed, added and removed, and takes the rest from the file', () => {
    const working: Plan = { nodes: [node('a', 1.5), node('b', 2), node('d', 4)], rooms: [square] };
    const newer: Plan = { nodes: [node('a', 1), node('b', 2.7), node('c', 3), node('e', 6)], rooms: [{ ...square, name: 'Cuisine' }, triangle] };
    const result = rebase(base, working, newer);
    expect(result.nodes.map((n) => [n.id, n.coordinates[0]])).toEqual([['a', 1.5], ['b', 2.7], ['e', 6], ['d', 4]]);
    expect(result.rooms).toEqual([{ ...square, name: 'Cuisine' }]);
  });

  it('is the newer layout itself when nothing was changed', () => {
    const newer: Plan = { nodes: [node('a', 9)], rooms: [triangle] };
    expect(rebase(base, base, newer)).toEqual(newer);
  });
});
