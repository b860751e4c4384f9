/**
 * Proximity windows: per device, its nearest beacon node and whether it is near, at medium range or
 * far from it. Unlike a position this needs only one node, so it is the room-level signal for
 * automations where fewer than three nodes hear a device.
 *
 * BLE distances scatter, so both answers are held until the evidence is clear: automations must not
 * flap between two nodes or two windows while a device stands still.
 */
import { DEFAULT_PROXIMITY, type BeaconNodeConfig, type FloorplanConfig, type ProximityThresholds } from '../config/types.ts';

export type ProximityWindow = 'near' | 'medium' | 'far';

export interface Proximity {
  /** The node's key (normalised id). */
  node: string;
  /** The node's id as written in floorplan.yaml. */
  nodeId: string;
  nodeName: string | null;
  /** Metres, as the engine holds it (distance_scale applied). */
  distance: number;
  window: ProximityWindow;
}

/** A node's current range to a device, as Engine.deviceStatus reports it. */
export interface NodeRange {
  node: string;
  distance: number;
}

/**
 * The nearest node changes only to a node closer by this fraction of the held node's distance:
 * about the spread of a still device's distance estimates (a few dB of RSSI fading, after Bermuda's
 * smoothing), so two nodes at about the same distance do not take turns.
 */
export const NODE_SWITCH_MARGIN = 0.2;
/**
 * A window is left only when the distance is past its edge by this fraction of the edge. Half the
 * spread: one estimate against a fixed edge, not two noisy estimates against each other. A device
 * standing at 1.5 m stays near, and a step past 1.65 m (or past 4.4 m at the medium edge) counts.
 */
export const WINDOW_BAND = 0.1;

const WINDOWS: readonly ProximityWindow[] = ['near', 'medium', 'far'];

/** A node's thresholds from its own (`own`), else `moving_entities.proximity`, else the defaults. */
export function proximityThresholds(config: FloorplanConfig, own?: Partial<ProximityThresholds>): ProximityThresholds {
  return {
    near: own?.near ?? config.proximity?.near ?? DEFAULT_PROXIMITY.near,
    medium: own?.medium ?? config.proximity?.medium ?? DEFAULT_PROXIMITY.medium,
  };
}

/** The window a distance falls in, without hysteresis. */
export function windowAt(distance: number, thresholds: ProximityThresholds): ProximityWindow {
  return distance <= thresholds.near ? 'near' : distance <= thresholds.medium ? 'medium' : 'far';
}

/**
 * The window of `distance`, staying in `held` while the distance is past its edge by less than the
 * band. Held only against a neighbouring window: a jump across a whole window is no jitter.
 */
function windowWithHysteresis(distance: number, thresholds: ProximityThresholds, held: ProximityWindow | undefined): ProximityWindow {
  const plain = windowAt(distance, thresholds);
  if (held === undefined || Math.abs(WINDOWS.indexOf(plain) - WINDOWS.indexOf(held)) !== 1) return plain;
  const lower = held === 'near' ? 0 : held === 'medium' ? thresholds.near : thresholds.medium;
  const upper = held === 'near' ? thresholds.near : held === 'medium' ? thresholds.medium : Infinity;
  return distance > lower * (1 - WINDOW_BAND) && distance <= upper * (1 + WINDOW_BAND) ? held : plain;
}

interface NodeInfo {
  config: BeaconNodeConfig;
  thresholds: ProximityThresholds;
}

/**
 * The held nearest node and window of each device. `update` is called on every publish, so it is
 * idempotent: the same ranges again give the same answer (what it switches to, it would keep).
 */
export class ProximityTracker {
  private readonly held = new Map<string, { node: string; window: ProximityWindow }>();
  private nodes = new Map<string, NodeInfo>();
  private nodesOf: FloorplanConfig | null = null;

  /** `config` is read on each update, so a changed floorplan.yaml applies at once. */
  constructor(private readonly config: () => FloorplanConfig) {}

  /** The device's proximity from its current ranges; null (and forgotten) when no node hears it. */
  update(device: string, ranges: readonly NodeRange[]): Proximity | null {
    const nodes = this.nodeTable();
    const heard = ranges.filter((r) => nodes.has(r.node));
    const nearest = heard.reduce<NodeRange | undefined>((best, r) => (best === undefined || r.distance < best.distance ? r : best), undefined);
    if (nearest === undefined) {
      this.held.delete(device);
      return null;
    }
    const before = this.held.get(device);
    const kept = heard.find((r) => r.node === before?.node);
    const chosen = kept && nearest.distance >= kept.distance * (1 - NODE_SWITCH_MARGIN) ? kept : nearest;
    const node = nodes.get(chosen.node)!;
    const window = windowWithHysteresis(chosen.distance, node.thresholds, before?.window);
    this.held.set(device, { node: chosen.node, window });
    return { node: chosen.node, nodeId: node.config.id, nodeName: node.config.name, distance: chosen.distance, window };
  }

  private nodeTable(): Map<string, NodeInfo> {
    const config = this.config();
    if (config !== this.nodesOf) {
      this.nodes = new Map(config.beaconNodes.map((n) => [n.key, { config: n, thresholds: proximityThresholds(config, n.proximity) }]));
      this.nodesOf = config;
    }
    return this.nodes;
  }
}
