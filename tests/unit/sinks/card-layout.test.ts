import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../server/config/load.ts';
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { cardLayout } from '../../../server/sinks/card/layout.ts';

const EXAMPLE = await readFile(new URL('../../../floorplan/example.yaml', import.meta.url), 'utf8');
const load = (text: string): FloorplanConfig => loadConfigText(text, 'floorplan.yaml').config!;

describe('card layout', () => {
  const layout = cardLayout(load(EXAMPLE), [{ id: 'AA:BB:CC:00:00:09', name: 'Garage proxy' }]);

  it('lists floors in file order with the height range each spans', () => {
    const reversed = load('floors:\n  first: {height: 5.4}\n  ground: {height: 2.6}\n');
    expect(cardLayout(reversed, []).floors).toEqual([
      { id: 'first', min_height: 2.6, height: 5.4 },
      { id: 'ground', min_height: 0, height: 2.6 },
    ]);
    expect(layout.floors).toEqual([
      { id: 'ground', min_height: 0, height: 2.6 },
      { id: 'first', min_height: 2.6, height: 5.4 },
    ]);
  });

  it('gives rooms with their display name and area, outlines without the repeated closing corner', () => {
    expect(layout.rooms.find((r) => r.id === 'kitchen')).toEqual({
      id: 'kitchen',
      name: 'Kitchen',
      floor: 'ground',
      area: 'kitchen',
      boundaries: [[7, 3.5], [8.5, 3.5], [8.5, 5], [10, 5], [10, 8], [7, 8]],
    });
    expect(layout.rooms.find((r) => r.id === 'study')).toMatchObject({ name: 'study', area: 'study' });
  });

  it('puts each node on the floor it serves: the one written, else the one its height is in', () => {
    const floorOf = (id: string) => layout.nodes.find((n) => n.id === id)?.floor;
    expect(layout.nodes.find((n) => n.id === 'd4-8a-fc-10-00-03')).toEqual({ id: 'd4-8a-fc-10-00-03', name: 'Front door', coordinates: [6, 0.2, 2.2], floor: 'ground' });
    // On the ground floor's ceiling, which is the first floor's base, but written as ground.
    expect(floorOf('D4:8A:FC:10:00:06')).toBe('ground');
    expect(floorOf('e8:31:cd:20:00:02')).toBe('first');
    // At the top ceiling: still the top floor.
    expect(floorOf('E8:31:CD:20:00:04')).toBe('first');
  });

  it('places static entities on floors by height and passes the unplaced scanners through', () => {
    expect(layout.static_entities).toContainEqual({ entity_id: 'sensor.main_bedroom_temperature', coordinates: [0.1, 2, 4.1], floor: 'first' });
    expect(layout.static_entities).toContainEqual({ entity_id: 'light.kitchen', coordinates: [8.5, 6.5, 2.55], floor: 'ground' });
    expect(layout.unplaced_scanners).toEqual([{ id: 'AA:BB:CC:00:00:09', name: 'Garage proxy' }]);
  });

  it('has a short revision that changes exactly when the configuration does', () => {
    expect(layout.revision).toMatch(/^[0-9a-f]{16}$/);
    // Comments and layout of the file are not configuration.
    expect(cardLayout(load(`# a comment\n${EXAMPLE}`), []).revision).toBe(layout.revision);
    const moved = EXAMPLE.replace('coordinates: [6.0, 0.2, 2.2]', 'coordinates: [6.1, 0.2, 2.2]');
    expect(cardLayout(load(moved), []).revision).not.toBe(layout.revision);
  });
});
