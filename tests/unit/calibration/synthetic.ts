/**
 * Synthetic calibration samples from a known radio model: Gaussian noise plus one-sided outliers
 * (a body in the way), drawn from a seeded generator so each test is reproducible.
 */
import type { CalibrationSample } from '../../../server/calibration/calibrate.ts';
import type { FloorplanConfig, Vec3 } from '../../../server/config/types.ts';
import { FloorplanModel } from '../../../server/engine/model.ts';
import { TestPrng } from '../../support/prng.ts';

export interface Box {
  min: Vec3;
  max: Vec3;
}

/** The example house: 10 × 8 m, two floors. */
export const HOUSE: Box = { min: [0, 0, 0.3], max: [10, 8, 5.2] };

/** HOUSE on the floor a node serves, 0.3 m clear of slabs: calibration uses only samples from there. */
export function floorOf(config: FloorplanConfig, nodeKey: string): Box {
  const model = new FloorplanModel(config);
  const floor = model.floors.find((f) => f.id === model.nodes.get(nodeKey)!.floor)!;
  return { min: [HOUSE.min[0], HOUSE.min[1], floor.base + 0.3], max: [HOUSE.max[0], HOUSE.max[1], floor.ceiling - 0.3] };
}

export interface Noise {
  /** Standard deviation: dB for RSSI, of ln(distance) for distances. */
  sigma: number;
  /** Fraction of samples that are outliers. */
  outliers: number;
}

export class SampleMaker {
  readonly prng: TestPrng;

  constructor(seed: number) {
    this.prng = new TestPrng(seed);
  }

  point(box: Box = HOUSE): Vec3 {
    return [0, 1, 2].map((i) => this.prng.uniform(box.min[i] as number, box.max[i] as number)) as Vec3;
  }

  /** A point at a distance in [rMin, rMax] from `centre`, in a random direction. */
  pointAround(centre: Vec3, rMin: number, rMax: number): Vec3 {
    const r = this.prng.uniform(rMin, rMax);
    const z = this.prng.uniform(-1, 1);
    const phi = this.prng.uniform(0, 2 * Math.PI);
    const h = Math.sqrt(1 - z * z);
    return [centre[0] + r * h * Math.cos(phi), centre[1] + r * h * Math.sin(phi), centre[2] + r * z];
  }

  /** RSSI outliers are 10 to 25 dB too weak. */
  rssi(scanner: string, node: Vec3, truth: Vec3, model: { refPower: number; attenuation: number }, noise: Noise): CalibrationSample {
    const d = distance(node, truth);
    let rssi = model.refPower - 10 * model.attenuation * Math.log10(d) + this.prng.normal(0, noise.sigma);
    if (this.prng.chance(noise.outliers)) rssi -= this.prng.uniform(10, 25);
    return { scanner, truth, rssi: Math.round(rssi) };
  }

  /** Reports distances that `scale` corrects; outliers are 1.5 to 2.5 times too long. */
  distance(scanner: string, node: Vec3, truth: Vec3, scale: number, noise: Noise): CalibrationSample {
    let reported = (distance(node, truth) / scale) * Math.exp(this.prng.normal(0, noise.sigma));
    if (this.prng.chance(noise.outliers)) reported *= this.prng.uniform(1.5, 2.5);
    return { scanner, truth, distance: reported };
  }
}

export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** The samples as a JSON Lines file, as a user would record them. */
export function toJsonLines(samples: readonly CalibrationSample[]): string {
  return samples.map((s, i) => `${JSON.stringify({ t: i * 0.5, device: 'tag', ...s })}\n`).join('');
}
