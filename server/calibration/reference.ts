/**
 * Reference beacons: static entities of floorplan.yaml that are also tracked devices (a fixed tag,
 * a smart plug). Where they are is known, so their readings are permanent calibration samples.
 * Per beacon and node a window of the most recent readings is kept; from it each node's drift with
 * the values in use is reported, and the windows join the session's spots in the fit.
 */
import { normaliseNodeId } from '../config/node-id.ts';
import type { FloorplanConfig, StaticEntityConfig } from '../config/types.ts';
import type { FloorplanModel } from '../engine/model.ts';
import { distanceToRssi } from '../engine/rssi-model.ts';
import { MIN_RANGE } from '../engine/solver.ts';
import type { Fix, RawReading } from '../engine/types.ts';
import { findNode } from '../services/node-edits.ts';
import { point, round } from '../services/queries.ts';
import type { ReferenceBeacon } from '../sinks/card/messages.ts';
import { onNodeFloor, type CalibrationSample } from './calibrate.ts';
import { median } from './median.ts';
import { byNode, distanceFrom, recordedReading, sampleAt, type RecordedReading } from './recorded.ts';

/** A static entity the host matched with a tracked device, and the device's fix now. */
export interface ReferenceLink {
  entityId: string;
  device: string;
  fix: Fix | null;
}

/** Readings kept per beacon and node: minutes of a device advertising every second or two. */
export const REFERENCE_WINDOW = 120;

export class ReferenceWindows {
  /** Device → node key → its latest readings, oldest first. */
  private readonly windows = new Map<string, Map<string, RecordedReading[]>>();

  /** Keeps the linked devices' readings; a device no longer linked is forgotten. */
  record(batch: readonly RawReading[], links: readonly ReferenceLink[]): void {
    const linked = new Set(links.map((link) => link.device));
    for (const device of this.windows.keys()) if (!linked.has(device)) this.windows.delete(device);
    for (const reading of batch) {
      if (!linked.has(reading.device)) continue;
      const kept = recordedReading(reading);
      if (kept === null) continue;
      const nodes = this.windows.get(reading.device) ?? new Map<string, RecordedReading[]>();
      this.windows.set(reading.device, nodes);
      const key = normaliseNodeId(reading.scanner);
      const window = nodes.get(key) ?? [];
      nodes.set(key, window);
      window.push(kept);
      if (window.length > REFERENCE_WINDOW) window.shift();
    }
  }

  /** Every window's readings, with the beacon's position as the truth. */
  samples(config: FloorplanConfig, links: readonly ReferenceLink[]): CalibrationSample[] {
    return links.flatMap((link) => {
      const entity = staticEntity(config, link);
      return entity ? this.readings(link.device).map((r) => sampleAt(r, entity.coordinates)) : [];
    });
  }

  /** Each linked beacon that is still in the plan, with its drift per node (config order). */
  beacons(config: FloorplanConfig, model: FloorplanModel, links: readonly ReferenceLink[]): ReferenceBeacon[] {
    return links.flatMap((link) => {
      const entity = staticEntity(config, link);
      if (!entity) return [];
      const at = entity.coordinates;
      const fix = link.fix?.coordinates ?? null;
      // Only nodes on the beacon's floor: through a slab the drift would be the slab's loss.
      const drift = byNode(model, this.readings(link.device)).filter(({ node }) => onNodeFloor(model, node, at)).map(({ node, kind, values }) => {
        const truth = Math.hypot(distanceFrom(node, at), MIN_RANGE);
        const off =
          kind === 'distance'
            ? median(values.map((v) => (node.distanceScale * v) / truth)) - 1
            : median(values.map((v) => v - distanceToRssi(truth, node.model)));
        return { node: findNode(config, node.key)!.id, kind, samples: values.length, drift: round(off) };
      });
      return [
        {
          entity_id: entity.entityId,
          device: link.device,
          coordinates: point(at),
          floor: model.floorAt(at[2]),
          position_error: fix && round(Math.hypot(fix[0] - at[0], fix[1] - at[1])),
          drift,
        },
      ];
    });
  }

  private readings(device: string): RecordedReading[] {
    return [...(this.windows.get(device)?.values() ?? [])].flat();
  }
}

function staticEntity(config: FloorplanConfig, link: ReferenceLink): StaticEntityConfig | undefined {
  return config.staticEntities.find((e) => e.entityId === link.entityId);
}
