/**
 * `card_layout`: everything static the card draws, from the configuration in use. Floors of nodes
 * and static entities come from the engine's model, so the card puts a node on the floor whose
 * devices it helps to locate.
 */
import { createHash } from 'node:crypto';
import type { FloorplanConfig } from '../../config/types.ts';
import { floorRanges } from '../../engine/geometry.ts';
import { FloorplanModel } from '../../engine/model.ts';
import { point, round } from '../../services/queries.ts';
import type { CardLayout, Point2, UnplacedScanner } from './messages.ts';

/** Identifies the configuration in use: `card_edit` compares it to refuse edits of an older plan. */
export function configRevision(config: FloorplanConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
}

export function cardLayout(config: FloorplanConfig, unplacedScanners: readonly UnplacedScanner[]): CardLayout {
  const model = new FloorplanModel(config);
  const ranges = new Map(floorRanges(config.floors).map((r) => [r.id, r]));
  return {
    revision: configRevision(config),
    floors: config.floors.map((f) => ({ id: f.id, min_height: ranges.get(f.id)!.base, height: f.height })),
    rooms: config.rooms.map((r) => ({
      id: r.id,
      name: r.name,
      floor: r.floor,
      area: r.area,
      boundaries: r.boundaries.map(([x, y]): Point2 => [round(x), round(y)]),
    })),
    nodes: config.beaconNodes.map((n) => ({
      id: n.id,
      name: n.name,
      coordinates: point(n.coordinates),
      floor: model.nodes.get(n.key)!.floor,
    })),
    static_entities: config.staticEntities.map((e) => ({
      entity_id: e.entityId,
      coordinates: point(e.coordinates),
      floor: model.floorAt(e.coordinates[2]),
    })),
    unplaced_scanners: [...unplacedScanners],
  };
}
