import { describe, expect, it } from 'vitest';
import type { CardLayout } from '../../../server/sinks/card/messages.ts';
import { floorLabel, initials, relativeTime } from '../../../card/shared/format.ts';
import { apply, planToView } from '../../../card/shared/geometry.ts';
import { drawnFloor, layoutViewBox } from '../../../card/shared/plan.ts';

const LAYOUT: CardLayout = {
  revision: 'r',
  floors: [
    { id: 'ground', min_height: 0, height: 2.6 },
    { id: 'attic', min_height: 5.4, height: 8 },
    { id: 'first', min_height: 2.6, height: 5.4 },
  ],
  rooms: [
    { id: 'hall', name: 'Hall', floor: 'ground', area: null, boundaries: [[0, 0], [10, 0], [10, 8], [0, 8]] },
    { id: 'loft', name: 'Loft', floor: 'first', area: null, boundaries: [[2, 2], [14, 2], [14, 6], [2, 6]] },
  ],
  nodes: [{ id: 'garden', name: 'Garden', coordinates: [-3, 4, 1], floor: 'ground' }],
  static_entities: [],
  unplaced_scanners: [],
};

describe('plan frame', () => {
  it('frames every floor at once, so switching floors keeps the same frame', () => {
    for (const rotation of [0, 90, 45]) {
      const view = planToView(rotation);
      const box = layoutViewBox(LAYOUT, view);
      const corners = [...LAYOUT.rooms.flatMap((r) => r.boundaries), [-3, 4] as [number, number]].map((p) => apply(view, p));
      for (const [x, y] of corners) {
        expect(x).toBeGreaterThan(box.x);
        expect(x).toBeLessThan(box.x + box.width);
        expect(y).toBeGreaterThan(box.y);
        expect(y).toBeLessThan(box.y + box.height);
      }
    }
  });

  it('shows a thing above every floor on the highest floor', () => {
    expect(drawnFloor(LAYOUT, 'first')).toBe('first');
    expect(drawnFloor(LAYOUT, null)).toBe('attic');
  });
});

describe('words on the card', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');
  it('says how long ago an entity was seen', () => {
    expect(relativeTime('2025-01-01T11:59:57Z', now, 'en')).toBe(new Intl.RelativeTimeFormat('en', { style: 'narrow' }).format(-3, 'second'));
    expect(relativeTime('2025-01-01T11:55:00Z', now, 'en')).toBe(new Intl.RelativeTimeFormat('en', { style: 'narrow' }).format(-5, 'minute'));
    expect(relativeTime('2025-01-01T09:00:00Z', now, 'de')).toBe(new Intl.RelativeTimeFormat('de', { style: 'narrow' }).format(-3, 'hour'));
    // A clock slightly ahead of the browser's is "0 s ago", not "in 2 s".
    expect(relativeTime('2025-01-01T12:00:02Z', now, 'en')).toBe(new Intl.RelativeTimeFormat('en', { style: 'narrow' }).format(-0, 'second'));
  });

  it('labels markers and floor tabs', () => {
    expect(initials('Alice Smith')).toBe('AS');
    expect(initials('phone')).toBe('P');
    expect(initials('bob_phone')).toBe('BP');
    expect(floorLabel('first_floor')).toBe('First floor');
  });
});
