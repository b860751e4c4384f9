/**
 * The radio model: the RSSI one node measures of one advert. Log-distance path loss with each
 * node's true parameters, plus the loss of the walls and floor slabs in the way, shadowing that
 * persists at a spot, multipath bursts and Gaussian noise in dB; adverts are lost at random and
 * beyond a hearing range.
 */
import type { FloorplanConfig, RssiModel, Vec3 } from '../../config/types.ts';
import { normaliseNodeId } from '../../config/node-id.ts';
import { FloorplanModel } from '../../engine/model.ts';
import { distanceToRssi } from '../../engine/rssi-model.ts';
import { MIN_RANGE } from '../../engine/solver.ts';
import type { Prng } from '../prng.ts';
import type { MultipathLink } from './multipath.ts';
import { ShadowingField, type ShadowingOptions } from './shadowing.ts';
import { distance } from './walker.ts';
import { wallsByFloor, wallsCrossed, type Wall } from './walls.ts';

export interface RadioOptions {
  /** Standard deviation of the Gaussian RSSI noise, dB. */
  sigmaDb: number;
  /** Probability that a node misses an advert. */
  packetLoss: number;
  /** Nodes farther than this (metres, 3D) never hear the device. */
  maxRange: number;
  /** Loss per wall between device and node, dB (absent: 0). */
  wallLossDb?: number;
  /** Loss per floor slab between device and node, dB (absent: 0). */
  floorLossDb?: number;
  /** Shadowing that persists at a spot, one field per node (absent: none). */
  shadowing?: ShadowingOptions;
  /**
   * The nodes' true path-loss parameters where they differ from floorplan.yaml's, by node id (any
   * spelling). Distances are still computed with the floor plan's: a mis-calibrated node.
   */
  nodeModels?: Record<string, Partial<RssiModel>>;
}

/** A beacon node as the radio model sees it. */
export interface RadioNode {
  /** Scanner id, as written in the config. */
  id: string;
  coordinates: Vec3;
  /** The path-loss model the node's distances are computed with: floorplan.yaml's. */
  model: RssiModel;
  /** How the node really receives: `model` unless the scenario overrides it. */
  trueModel: RssiModel;
  /** Position of the node's floor from the bottom; null without floors. */
  floorIndex: number | null;
  /** Its shadowing over the plan; null without. */
  shadowing: ShadowingField | null;
}

export class Radio {
  readonly nodes: RadioNode[];
  private readonly plan: FloorplanModel;
  private readonly walls: Map<string, Wall[]>;

  /** `prng` draws the shadowing fields, when there are any. */
  constructor(
    config: FloorplanConfig,
    private readonly options: RadioOptions,
    prng: Prng,
  ) {
    const shadowing = options.shadowing && options.shadowing.sigmaDb > 0 ? options.shadowing : null;
    this.plan = new FloorplanModel(config);
    this.walls = wallsByFloor(config);
    const overrides = new Map(Object.entries(options.nodeModels ?? {}).map(([id, model]) => [normaliseNodeId(id), { id, model }]));
    this.nodes = config.beaconNodes.map((node) => {
      const engineNode = this.plan.node(node.id)!;
      const override = overrides.get(node.key);
      overrides.delete(node.key);
      return {
        id: node.id,
        coordinates: node.coordinates,
        model: engineNode.model,
        trueModel: { ...engineNode.model, ...override?.model },
        floorIndex: this.floorIndex(engineNode.floor),
        shadowing: shadowing === null ? null : new ShadowingField(shadowing, prng),
      };
    });
    const unknown = [...overrides.values()].map((o) => `"${o.id}"`);
    if (unknown.length > 0) throw new Error(`node models for nodes not in the floor plan: ${unknown.join(', ')}`);
  }

  /**
   * Loss in dB beyond open-space path loss between a device and a node: each wall of the
   * device's floor that the horizontal path crosses, and each floor slab between their floors.
   */
  obstructionDb(node: RadioNode, position: Vec3): number {
    const floor = this.plan.floorAt(position[2]);
    const walls = floor === null ? undefined : this.walls.get(floor);
    const crossed = walls ? wallsCrossed(walls, [position[0], position[1]], [node.coordinates[0], node.coordinates[1]]) : 0;
    const deviceFloor = this.floorIndex(floor);
    const slabs = deviceFloor === null || node.floorIndex === null ? 0 : Math.abs(deviceFloor - node.floorIndex);
    return crossed * (this.options.wallLossDb ?? 0) + slabs * (this.options.floorLossDb ?? 0);
  }

  /** The RSSI a node measures of an advert sent at t from `position`, or null when it does not hear it. */
  hear(node: RadioNode, position: Vec3, t: number, multipath: MultipathLink, prng: Prng): number | null {
    const d = distance(node.coordinates, position);
    if (d > this.options.maxRange || prng.chance(this.options.packetLoss)) return null;
    const shadowing = node.shadowing?.lossDb(position[0], position[1]) ?? 0;
    const loss = this.obstructionDb(node, position) + shadowing + multipath.lossDb(t, prng);
    return distanceToRssi(Math.max(d, MIN_RANGE), node.trueModel) - loss + prng.normal(0, this.options.sigmaDb);
  }

  private floorIndex(floor: string | null): number | null {
    const i = this.plan.floors.findIndex((f) => f.id === floor);
    return i < 0 ? null : i;
  }
}
