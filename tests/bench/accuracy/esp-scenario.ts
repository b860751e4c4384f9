/**
 * ESPresense's accuracy-harness scenario, rebuilt from its published description: two tracks
 * through a two-room flat (esp.yaml), and an RSSI model of Gaussian noise plus multipath dips.
 * The floor plan, nodes and path-loss model come from the config; the noise is the scenario's own.
 */
import { fileURLToPath } from 'node:url';
import type { FloorplanConfig, RssiModel, Vec2 } from '../../../server/config/types.ts';
import { distanceToRssi, rssiToDistance } from '../../../server/engine/rssi-model.ts';
import { Prng } from '../../../server/providers/prng.ts';
import type { Observation } from './locate.ts';

export const ESP_CONFIG_FILE = fileURLToPath(new URL('./esp.yaml', import.meta.url));

export interface EspTrack {
  id: string;
  /** The track's name in ESPresense's harness. */
  name: string;
  waypoints: Vec2[];
}

export const ESP_TRACKS: readonly EspTrack[] = [
  { id: 'diagonal', name: 'diagonal_walk', waypoints: [[0.5, 0.5], [3, 2], [5.5, 3.5]] },
  { id: 'crossing', name: 'living_to_bedroom', waypoints: [[1, 2], [3, 2], [3.9, 2], [4.1, 2], [5, 2]] },
];

/** ESPresense's published single-shot figures for one seed. */
export const ESP_PUBLISHED: Readonly<Record<string, { median: number; p95: number; wrongRoom: number }>> = {
  diagonal: { median: 0.6, p95: 1.33, wrongRoom: 0.066 },
  crossing: { median: 0.6, p95: 1.61, wrongRoom: 0.223 },
};

export const SAMPLES_PER_SEGMENT = 30;
/** Tracked mode: the device advertises ten times a second. */
export const TRACKED_INTERVAL = 0.1;
export const NOISE_DB = 2.5;
export const MULTIPATH_CHANCE = 0.1;
export const MULTIPATH_DB = 6;
/** The harness floors reported distances at 10 cm. */
const MIN_DISTANCE = 0.1;

/** Evenly spaced points along the waypoints, SAMPLES_PER_SEGMENT per leg, and the last waypoint. */
export function trackPoints(waypoints: readonly Vec2[]): Vec2[] {
  const points: Vec2[] = [];
  for (let leg = 0; leg + 1 < waypoints.length; leg++) {
    const [x0, y0] = waypoints[leg]!;
    const [x1, y1] = waypoints[leg + 1]!;
    for (let s = 0; s < SAMPLES_PER_SEGMENT; s++) {
      const f = s / SAMPLES_PER_SEGMENT;
      points.push([x0 + (x1 - x0) * f, y0 + (y1 - y0) * f]);
    }
  }
  const last = waypoints[waypoints.length - 1];
  if (last) points.push([last[0], last[1]]);
  return points;
}

export interface Measurement {
  rssi: number;
  multipath: boolean;
  /** Metres, as the node reports it. */
  distance: number;
}

/** What a node reports of a device `range` metres away (horizontal: the harness ignores height). */
export function measure(range: number, model: RssiModel, prng: Prng): Measurement {
  const multipath = prng.chance(MULTIPATH_CHANCE);
  const rssi = distanceToRssi(range, model) + prng.normal(0, NOISE_DB) - (multipath ? MULTIPATH_DB : 0);
  return { rssi, multipath, distance: Math.max(MIN_DISTANCE, rssiToDistance(rssi, model)) };
}

export interface EspSample extends Observation {
  truth: Vec2;
}

/** One pass over a track: every node measures every point once, at TRACKED_INTERVAL spacing. */
export function espSamples(config: FloorplanConfig, track: EspTrack, seed: number): EspSample[] {
  const prng = new Prng(seed);
  return trackPoints(track.waypoints).map((truth, i) => ({
    t: i * TRACKED_INTERVAL,
    truth,
    readings: config.beaconNodes.map((node) => {
      const range = Math.hypot(truth[0] - node.coordinates[0], truth[1] - node.coordinates[1]);
      return { scanner: node.id, distance: measure(range, config.rssiModel, prng).distance };
    }),
  }));
}
