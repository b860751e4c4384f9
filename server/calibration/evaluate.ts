/**
 * How well a configuration locates the device at a recorded spot: per node the median of its
 * readings there, sent as one batch at one time to a fresh engine, and the horizontal distance of
 * the fix from where the user stood. Medians, because a spot's readings scatter and the question
 * is what the node's calibration does, not what one unlucky reading does.
 */
import type { FloorplanConfig, Vec3 } from '../config/types.ts';
import { Engine } from '../engine/engine.ts';
import type { RawReading } from '../engine/types.ts';
import { median } from './median.ts';
import { byNode, type RecordedReading } from './recorded.ts';

/** Fewer nodes than this do not fix a position: no error to report. */
const MIN_SPOT_NODES = 3;

/** Horizontal error in metres; null when fewer than MIN_SPOT_NODES nodes heard the spot or no fix came out. */
export function spotError(config: FloorplanConfig, readings: readonly RecordedReading[], truth: Vec3): number | null {
  const engine = new Engine(config);
  const batch: RawReading[] = byNode(engine.model, readings).map(({ node, kind, values }) => ({
    t: 0,
    device: 'calibration',
    scanner: node.key,
    [kind]: median(values),
  }));
  if (batch.length < MIN_SPOT_NODES) return null;
  const coordinates = engine.processBatch(batch)[0]?.coordinates;
  return coordinates ? Math.hypot(coordinates[0] - truth[0], coordinates[1] - truth[1]) : null;
}
