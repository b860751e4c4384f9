/** A small two-floor house and exact readings in it, shared by the engine's tests. */
import type { BeaconNodeConfig, FloorplanConfig, Vec3 } from '../../server/config/types.ts';
import { SLAB_LOSS_DB } from '../../server/engine/rssi-model.ts';
import { FloorplanModel } from '../../server/engine/model.ts';
import type { RawReading } from '../../server/engine/types.ts';

export function node(key: string, coordinates: Vec3, extra: Partial<BeaconNodeConfig> = {}): BeaconNodeConfig {
  return { id: key, key, coordinates, name: null, floor: null, refPower: null, attenuation: null, distanceScale: null, ...extra };
}

/** Two floors of 10 x 8 m, split into two rooms each, four ceiling nodes per floor. */
export function house(overrides: Partial<FloorplanConfig> = {}): FloorplanConfig {
  const corners = (z: number, prefix: string) =>
    [
      [0.2, 0.2],
      [9.8, 0.2],
      [9.8, 7.8],
      [0.2, 7.8],
    ].map(([x, y], i) => node(`${prefix}:00:00:00:00:0${i}`, [x!, y!, z]));
  return {
    floors: [
      { id: 'ground', height: 2.6 },
      { id: 'first', height: 5.4 },
    ],
    rooms: [
      { id: 'living', name: 'Living', floor: 'ground', area: null, boundaries: [[0, 0], [5, 0], [5, 8], [0, 8]] },
      { id: 'kitchen', name: 'Kitchen', floor: 'ground', area: null, boundaries: [[5, 0], [10, 0], [10, 8], [5, 8]] },
      { id: 'bedroom', name: 'Bedroom', floor: 'first', area: null, boundaries: [[0, 0], [5, 0], [5, 8], [0, 8]] },
      { id: 'bathroom', name: 'Bathroom', floor: 'first', area: null, boundaries: [[5, 0], [10, 0], [10, 8], [5, 8]] },
    ],
    staticEntities: [],
    beaconNodes: [...corners(2.4, 'aa'), ...corners(5.2, 'bb')],
    movingEntities: [],
    rssiModel: { refPower: -55, attenuation: 3 },
    rssiNoiseDb: 4,
    // Readings drawn here carry independent noise; a test of persistent noise says so.
    shadowingShare: 0,
    deviceHeight: 1,
    maxReadingAge: 30,
    ...overrides,
  };
}

/**
 * Exact ranges from every node of the config to `at`, as one batch at time t: the true distance,
 * read long through each floor slab between device and node as the engine's radio model expects.
 */
export function readingsAt(config: FloorplanConfig, device: string, at: Vec3, t: number): RawReading[] {
  const model = new FloorplanModel(config);
  const here = model.floorIndex(model.floorAt(at[2]));
  return config.beaconNodes.map((n) => {
    const slabs = Math.abs(here - model.floorIndex(model.node(n.id)!.floor));
    const attenuation = n.attenuation ?? config.rssiModel.attenuation;
    return {
      t,
      device,
      scanner: n.id,
      distance: Math.hypot(at[0] - n.coordinates[0], at[1] - n.coordinates[1], at[2] - n.coordinates[2]) * 10 ** ((slabs * SLAB_LOSS_DB) / (10 * attenuation)),
    };
  });
}
