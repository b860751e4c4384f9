import { describe, expect, it } from 'vitest';
import type { CardNode, CardRoom } from '../../../server/sinks/card/messages.ts';
import { planDiff, type Plan } from '../../../card/shared/plan-diff.ts';

const node = (id: string, coordinates: [number, number, number], name: string | null = null): CardNode => ({ id, name, coordinates, floor: 'ground' });
const room = (id: string, overrides: Partial<CardRoom> = {}): CardRoom => ({
  id,
  name: id,
  floor: 'ground',
  area: null,
  boundaries: [[0, 0], [4, 0], [4, 3], [0, 3]],
  ...overrides,
});

const saved: Plan = {
  nodes: [node('AA:BB:CC:00:00:01', [0.3, 0.3, 1]), node('hall', [5, 5, 2.2], 'Hall proxy')],
  rooms: [room('kitchen', { name: 'Kitchen', area: 'kitchen' }), room('study', { boundaries: [[4, 0], [8, 0], [8, 3]] })],
};

describe('plan diff', () => {
  it('sends nothing for an unchanged plan, or for changes below a millimetre', () => {
    expect(planDiff(saved, saved)).toEqual([]);
    const jittered: Plan = {
      nodes: saved.nodes.map((n) => ({ ...n, coordinates: [n.coordinates[0] + 0.0004, n.coordinates[1], n.coordinates[2]] })),
      rooms: saved.rooms.map((r) => ({ ...r, boundaries: r.boundaries.map(([x, y]) => [x - 0.0003, y]) })),
    };
    expect(planDiff(saved, jittered)).toEqual([]);
  });

  it('writes a moved node with coordinates rounded to the millimetre, without touching its name', () => {
    const working: Plan = { ...saved, nodes: [node('AA:BB:CC:00:00:01', [1.23456, 2.0001, 1]), saved.nodes[1]!] };
    expect(planDiff(saved, working)).toEqual([{ op: 'set_node', id: 'AA:BB:CC:00:00:01', coordinates: [1.235, 2, 1] }]);
  });

  it('writes an added node with its scanner name, and removes a removed one', () => {
    const working: Plan = { ...saved, nodes: [saved.nodes[1]!, node('AA:BB:CC:00:00:09', [2, 2, 1], 'Garage proxy')] };
    expect(planDiff(saved, working)).toEqual([
      { op: 'remove_node', id: 'AA:BB:CC:00:00:01' },
      { op: 'set_node', id: 'AA:BB:CC:00:00:09', coordinates: [2, 2, 1], name: 'Garage proxy' },
    ]);
  });

  it('replaces a changed room with its whole outline, leaving out an unchanged name and area', () => {
    const boundaries: CardRoom['boundaries'] = [[0, 0], [4, 0], [4, 3.2], [2, 3.5], [0, 3]];
    const working: Plan = { ...saved, rooms: [{ ...saved.rooms[0]!, boundaries }, saved.rooms[1]!] };
    expect(planDiff(saved, working)).toEqual([{ op: 'set_room', id: 'kitchen', floor: 'ground', boundaries }]);
  });

  it('sends a changed name and area, and blank ones as null so the file drops them', () => {
    const renamed: Plan = { ...saved, rooms: [{ ...saved.rooms[0]!, name: 'Cuisine', area: ' ' }, { ...saved.rooms[1]!, floor: 'first' }] };
    expect(planDiff(saved, renamed)).toEqual([
      { op: 'set_room', id: 'kitchen', floor: 'ground', boundaries: saved.rooms[0]!.boundaries, area: null, name: 'Cuisine' },
      { op: 'set_room', id: 'study', floor: 'first', boundaries: saved.rooms[1]!.boundaries },
    ]);
  });

  it('adds a new room with only the name and area it has, and removes a removed one', () => {
    const drawn = room('room_1', { name: '', boundaries: [[1.00004, 1], [2, 1], [2, 2.99999]] });
    const named = room('pantry', { name: 'Pantry', area: 'pantry' });
    const working: Plan = { ...saved, rooms: [saved.rooms[0]!, drawn, named] };
    expect(planDiff(saved, working)).toEqual([
      { op: 'remove_room', id: 'study' },
      { op: 'set_room', id: 'room_1', floor: 'ground', boundaries: [[1, 1], [2, 1], [2, 3]] },
      { op: 'set_room', id: 'pantry', floor: 'ground', boundaries: named.boundaries, area: 'pantry', name: 'Pantry' },
    ]);
  });
});
