/**
 * Who is in each zone (a bed, a desk): the tracked people on its floor inside its outline or circle,
 * or within its `distance`, fused with its occupancy sensor. The radar knows whether someone is
 * there but not who; the positions know who, but a BLE fix is a metre or two off and misses people
 * without a phone. So the sensor decides occupied or vacant, and the positions name the occupants.
 */
import type { Vec3, ZoneConfig } from '../config/types.ts';
import { distanceToEdges, pointInPolygon } from '../engine/geometry.ts';
import { ZONE_UNKNOWN, ZONE_VACANT, type ZoneOccupancy } from './types.ts';

/** A moving entity that is home, where the zones need it. */
export interface Occupant {
  entityId: string;
  name: string;
  floor: string | null;
  coordinates: Vec3 | null;
}

/** How far (x, y) lies outside the zone's outline or circle, metres; 0 inside or on the edge. */
export function distanceOutside(zone: ZoneConfig, x: number, y: number): number {
  if (zone.circle !== null) {
    const [cx, cy] = zone.circle.center;
    return Math.max(0, Math.hypot(x - cx, y - cy) - zone.circle.radius);
  }
  const outline = zone.boundaries ?? [];
  return pointInPolygon(x, y, outline) ? 0 : distanceToEdges(x, y, outline);
}

/** An occupancy sensor's state: on → true, off → false; anything else (unknown, unavailable, no state) says nothing. */
export function sensorState(state: string | undefined): boolean | null {
  return state === 'on' ? true : state === 'off' ? false : null;
}

/**
 * The zone's state from the people tracked in or near it and its sensor:
 *
 * | sensor             | tracked there | state          | occupants |
 * | ------------------ | ------------- | -------------- | --------- |
 * | on                 | some          | their names    | them      |
 * | on                 | none          | `unknown`      | none      |
 * | off                | any           | `vacant`       | none      |
 * | none / no value    | some          | their names    | them      |
 * | none / no value    | none          | `vacant`       | none      |
 *
 * Off wins over positions: a radar is more reliable about emptiness than a BLE fix about a metre.
 */
export function fuseZone<T extends { name: string }>(tracked: readonly T[], sensor: boolean | null): { state: string; occupants: readonly T[] } {
  if (sensor === false) return { state: ZONE_VACANT, occupants: [] };
  if (tracked.length > 0) return { state: tracked.map((o) => o.name).join(', '), occupants: tracked };
  return { state: sensor === true ? ZONE_UNKNOWN : ZONE_VACANT, occupants: [] };
}

/** Every zone of the plan in file order; `people` are the entities that are home, in the order to list them. */
export function zoneOccupancy(
  zones: readonly ZoneConfig[],
  people: readonly Occupant[],
  sensor: (entityId: string) => boolean | null,
): ZoneOccupancy[] {
  return zones.map((zone) => {
    const tracked = people.filter(
      (p) => p.floor === zone.floor && p.coordinates !== null && distanceOutside(zone, p.coordinates[0], p.coordinates[1]) <= zone.distance,
    );
    const reading = zone.occupancySensor === null ? null : sensor(zone.occupancySensor);
    const { state, occupants } = fuseZone(tracked, reading);
    return {
      id: zone.id,
      name: zone.name,
      floor: zone.floor,
      state,
      entityIds: occupants.map((o) => o.entityId),
      occupants: occupants.map((o) => o.name),
      sensor: reading,
      sensorEntityId: zone.occupancySensor,
    };
  });
}
