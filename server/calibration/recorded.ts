/**
 * Readings kept for calibration: the value as the provider gave it (no distance_scale, no radio
 * model applied, since the fit corrects exactly those), grouped by the node that took them.
 */
import type { Vec3 } from '../config/types.ts';
import type { EngineNode, FloorplanModel } from '../engine/model.ts';
import { parseDistance } from '../engine/readings.ts';
import type { RawReading } from '../engine/types.ts';
import type { CalibrationSample } from './calibrate.ts';

export interface RecordedReading {
  t: number;
  /** As the provider names it. */
  scanner: string;
  rssi?: number;
  distance?: number;
}

type ReadingKind = 'rssi' | 'distance';

/** A reading's numeric value as given; null when it is not one the engine would use. */
export function recordedReading(reading: RawReading): RecordedReading | null {
  const { t, scanner } = reading;
  if (reading.distance !== undefined) {
    const distance = parseDistance(reading.distance);
    return typeof distance === 'number' ? { t, scanner, distance } : null;
  }
  return typeof reading.rssi === 'number' && Number.isFinite(reading.rssi) ? { t, scanner, rssi: reading.rssi } : null;
}

export function sampleAt(reading: RecordedReading, truth: Vec3): CalibrationSample {
  const { scanner, rssi, distance } = reading;
  return rssi !== undefined ? { scanner, truth, rssi } : { scanner, truth, distance: distance as number };
}

type Valued = Pick<RecordedReading, 'scanner' | 'rssi' | 'distance'>;

export interface NodeReadings<T extends Valued> {
  node: EngineNode;
  /** The kind the node reported more of (rssi on a tie), as the fit decides. */
  kind: ReadingKind;
  /** The items of that kind, and their values. */
  items: T[];
  values: number[];
}

/** Items by the node (key) that took them, in the model's node order; unknown scanners left out. */
export function byNode<T extends Valued>(model: FloorplanModel, items: readonly T[]): NodeReadings<T>[] {
  const bins = new Map<string, { rssi: T[]; distance: T[] }>();
  for (const item of items) {
    const node = model.node(item.scanner);
    if (node === undefined) continue;
    const bin = bins.get(node.key) ?? { rssi: [], distance: [] };
    (item.rssi !== undefined ? bin.rssi : bin.distance).push(item);
    bins.set(node.key, bin);
  }
  return [...model.nodes.values()].flatMap((node) => {
    const bin = bins.get(node.key);
    if (bin === undefined) return [];
    const kind: ReadingKind = bin.rssi.length >= bin.distance.length ? 'rssi' : 'distance';
    const kept = bin[kind];
    return [{ node, kind, items: kept, values: kept.map((item) => (kind === 'rssi' ? item.rssi! : item.distance!)) }];
  });
}

/** The true distance between a node and a point, metres. */
export function distanceFrom(node: EngineNode, at: Vec3): number {
  return Math.hypot(node.x - at[0], node.y - at[1], node.z - at[2]);
}
