/** Types shared by the engine's stages and by the providers and sinks around it. */
import type { Vec3 } from '../config/types.ts';

/**
 * One reading as a provider delivers it. Values are raw: the tracker decides what is usable
 * (a Home Assistant state can be "unknown"), so that every rejection is counted in one place.
 * Exactly one of `distance` (metres) or `rssi` (dBm) is expected.
 */
export interface RawReading {
  /** Seconds; the engine's clock. */
  t: number;
  device: string;
  /** Scanner id as the source names it (MAC with colons or hyphens, or a node name). */
  scanner: string;
  distance?: unknown;
  rssi?: unknown;
}

export const REJECT_REASONS = [
  'unknown',
  'unavailable',
  'non_numeric',
  'nan',
  'infinite',
  'negative',
  'out_of_range',
  'unknown_scanner',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** How a position was obtained; degenerate inputs fall back explicitly. */
export type SolveMethod =
  | 'least_squares' // >= 3 nodes, well-posed
  | 'collinear' // >= 3 nodes on one line: position along it, mirror ambiguity in accuracy
  | 'two_nodes' // point between the two nodes by distance ratio
  | 'single_node' // the node's position, accuracy = its distance
  | 'none'; // no usable reading

/** How a fix was obtained: solved from the ranges alone, or a filter update of an existing track. */
export type FixMethod = SolveMethod | 'tracked';

export interface Fix {
  t: number;
  device: string;
  /** Null when the device has no usable reading. */
  coordinates: Vec3 | null;
  /** 1-sigma horizontal radius, metres. */
  accuracy: number | null;
  /** In [0, 1]; see solver.ts for the mapping from accuracy. */
  confidence: number;
  floor: string | null;
  room: string | null;
  method: FixMethod;
  /** Node keys whose readings entered the fix. */
  nodesUsed: string[];
  residualRms: number | null;
  iterations: number;
}
