/**
 * What the card draws, as the tests find and measure it: selectors of card.ts's hooks, marker
 * centres on screen, and the map from plan metres to screen pixels read off the drawn rooms.
 */
import type { Locator } from 'playwright-core';
import type { RoomConfig } from '../../../server/config/types.ts';

/** A moving entity's marker on the plan (the chips below the plan carry data-entity-id too). */
export const ENTITY = 'svg.plan g.entity[data-entity-id]';
export const entity = (id: string): string => `svg.plan g.entity[data-entity-id="${id}"]`;
export const ROOM = 'svg.plan polygon.room[data-room-id]';
export const ROOM_LABEL = 'svg.plan text.room-label';
export const TAB = 'button.tab[data-floor]';
export const tab = (floor: string): string => `button.tab[data-floor="${floor}"]`;
/** One per range of the selected entity: the distance circle and its sigma band. */
export const RANGE = 'svg.plan g.range[data-node-id]';
export const rangeOf = (node: string): string => `svg.plan g.range[data-node-id="${node}"]`;
export const DETAILS = '.details section';
export const DISCONNECTED = '.banner.disconnected';
/** The marker's badge is centred on the position (its name label hangs below it). */
const BADGE = 'circle.badge';

export type ScreenPoint = [number, number];

/** Every drawn marker's centre by entity id, in one round trip (100 markers are measured often). */
export function centres(card: Locator): Promise<Record<string, ScreenPoint>> {
  interface Rect {
    x: number;
    y: number;
    width: number;
    height: number;
  }
  interface Marker {
    getAttribute(name: string): string | null;
    querySelector(selector: string): { getBoundingClientRect(): Rect } | null;
  }
  return card.locator(ENTITY).evaluateAll(
    (markers: Marker[], badge) =>
      Object.fromEntries(
        markers.flatMap((m) => {
          const r = m.querySelector(badge)?.getBoundingClientRect();
          return r ? [[m.getAttribute('data-entity-id')!, [r.x + r.width / 2, r.y + r.height / 2]]] : [];
        }),
      ),
    BADGE,
  );
}

/** Plan metres → screen pixels for the floor shown (no rotation), from where its rooms (`roomSelector`) are drawn. */
export async function planToScreen(card: Locator, rooms: readonly RoomConfig[], roomSelector = ROOM): Promise<PlanToScreen> {
  const boxes = await Promise.all(rooms.map((room) => card.locator(`${roomSelector}[data-room-id="${room.id}"]`).boundingBox()));
  const drawn = boxes.filter((b) => b !== null);
  if (drawn.length !== rooms.length) throw new Error(`only ${drawn.length} of ${rooms.length} rooms are drawn`);
  const xs = rooms.flatMap((r) => r.boundaries.map((p) => p[0]));
  const ys = rooms.flatMap((r) => r.boundaries.map((p) => p[1]));
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const left = Math.min(...drawn.map((b) => b.x));
  const top = Math.min(...drawn.map((b) => b.y));
  const right = Math.max(...drawn.map((b) => b.x + b.width));
  const bottom = Math.max(...drawn.map((b) => b.y + b.height));
  // Plan y points away from the viewer: up on screen.
  return (x, y) => [left + ((x - minX) / (maxX - minX)) * (right - left), top + ((maxY - y) / (maxY - minY)) * (bottom - top)];
}

export type PlanToScreen = (x: number, y: number) => ScreenPoint;

/** Pixels per plan metre along x for that map. */
export function pixelsPerMetre(map: PlanToScreen): number {
  return map(1, 0)[0] - map(0, 0)[0];
}

/** How far, in plan metres, a point on screen is from where plan point [x, y] is drawn. */
export function offsetMetres(map: PlanToScreen, at: ScreenPoint, [x, y]: readonly number[]): number {
  const [sx, sy] = map(x!, y!);
  return Math.hypot(at[0] - sx, at[1] - sy) / pixelsPerMetre(map);
}

export function boxCentre(box: { x: number; y: number; width: number; height: number }): ScreenPoint {
  return [box.x + box.width / 2, box.y + box.height / 2];
}
