/** The layout as drawn: its frame, and which floor a thing is shown on. */
import type { CardLayout } from '../../server/sinks/card/messages.ts';
import { type Affine, type Box, boundingBox, type Point } from './geometry.ts';

/**
 * The view box around every room, node and static entity of every floor, so switching floors
 * keeps the same frame. The margin leaves room for markers and labels at the edge.
 */
export function layoutViewBox(layout: CardLayout, transform: Affine): Box {
  const points: Point[] = [
    ...layout.rooms.flatMap((room) => room.boundaries),
    ...layout.nodes.map((node): Point => [node.coordinates[0], node.coordinates[1]]),
    ...layout.static_entities.map((entity): Point => [entity.coordinates[0], entity.coordinates[1]]),
  ];
  const tight = boundingBox(points, transform, 0);
  const margin = 0.4 + 0.03 * Math.max(tight.width, tight.height);
  return { x: tight.x - margin, y: tight.y - margin, width: tight.width + 2 * margin, height: tight.height + 2 * margin };
}

/**
 * The floor a thing is drawn on. The layout says null for a point above every floor (a node in
 * the attic); it is shown on the highest floor rather than nowhere.
 */
export function drawnFloor(layout: CardLayout, floor: string | null): string | undefined {
  if (floor !== null) return floor;
  let top: CardLayout['floors'][number] | undefined;
  for (const f of layout.floors) if (!top || f.height > top.height) top = f;
  return top?.id;
}
