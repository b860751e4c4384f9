/**
 * A calibration manager over a temporary, commented floorplan.yaml, with a clock the test moves and
 * readings synthesised from each node's true radio (deliberately unlike what the file says).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalibrationManager, type CalibrationEnvironment, type ReferenceLink } from '../../../server/calibration/manager.ts';
import { ConfigStore, fileSource } from '../../../server/config/store.ts';
import type { FloorplanConfig, Vec3 } from '../../../server/config/types.ts';
import { distanceToRssi } from '../../../server/engine/rssi-model.ts';
import type { RawReading } from '../../../server/engine/types.ts';
import type { CalibrationDevice } from '../../../server/sinks/card/messages.ts';
import { TestPrng } from '../../support/prng.ts';

/** One floor, 10 × 8 m; four RSSI scanners at different heights and one that reports distances. */
export const PLAN = `# Test flat
floors:
  ground: {height: 3}   # the only floor

rooms:
  living: {floor: ground, boundaries: [[0, 0], [6, 0], [6, 8], [0, 8]]}   # west
  kitchen: {floor: ground, boundaries: [[6, 0], [10, 0], [10, 8], [6, 8]]}

static_entities:
  switch.plug: {coordinates: [5, 4, 0.3]}   # a smart plug that is also a BLE device

moving_entities:
  beacon_nodes:
    "AA:00:00:00:00:01": {coordinates: [0.3, 0.3, 2.4]}   # south-west, ceiling
    "AA:00:00:00:00:02": {coordinates: [9.7, 0.3, 1.0]}   # south-east, in a cupboard
    "AA:00:00:00:00:03": {coordinates: [9.7, 7.7, 2.4]}   # north-east, ceiling
    "AA:00:00:00:00:04":
      name: North-west
      coordinates: [0.3, 7.7, 1.0]   # behind the sofa
    hall-proxy: {coordinates: [5, 0.2, 2.0]}   # a Raspberry Pi: Bermuda's distances
`;

/** How each node really receives: RSSI nodes by their true curve, the proxy's distances by the scale that corrects them. */
export type TrueRadio = { refPower: number; attenuation: number } | { distanceScale: number };

/** 02 reads 10 dB weak, 04 fades fast, the proxy reports 25 % short; 01 and 03 are as the file says. */
export const MISCALIBRATED: Record<string, TrueRadio> = {
  'AA:00:00:00:00:01': { refPower: -55, attenuation: 3 },
  'AA:00:00:00:00:02': { refPower: -65, attenuation: 3 },
  'AA:00:00:00:00:03': { refPower: -55, attenuation: 3 },
  'AA:00:00:00:00:04': { refPower: -58, attenuation: 2.2 },
  'hall-proxy': { distanceScale: 4 / 3 },
};

export const PHONE: CalibrationDevice = { device: 'aa:bb:cc:00:00:01', entity_id: 'device_tracker.phone', name: 'Phone', nodes_hearing: 5 };
export const T0 = 1_800_000_000;

export class TestEnvironment implements CalibrationEnvironment {
  clock = T0;
  devicesNow: CalibrationDevice[] = [PHONE];
  links: ReferenceLink[] = [];
  readonly logs: string[] = [];
  readonly changes: FloorplanConfig[] = [];

  constructor(
    readonly store: ConfigStore,
    readonly stateFile: string | null,
  ) {}

  now(): number {
    return this.clock;
  }
  devices(): CalibrationDevice[] {
    return this.devicesNow;
  }
  references(): ReferenceLink[] {
    return this.links;
  }
  configChanged(config: FloorplanConfig): void {
    this.changes.push(config);
  }
  log(message: string): void {
    this.logs.push(message);
  }
}

export interface Fixture {
  dir: string;
  file: string;
  stateFile: string;
  env: TestEnvironment;
  manager: CalibrationManager;
  /** A new manager over the same file and state file, as after a restart (not loaded yet). */
  restart(): CalibrationManager;
  /** Once the manager's saves are done. */
  remove(): Promise<void>;
}

export async function fixture(plan = PLAN): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'floorplan-calibration-'));
  const file = join(dir, 'floorplan.yaml');
  const stateFile = join(dir, 'calibration.json');
  await writeFile(file, plan);
  const store = new ConfigStore(fileSource(file));
  await store.load();
  const env = new TestEnvironment(store, stateFile);
  const fx: Fixture = {
    dir,
    file,
    stateFile,
    env,
    manager: new CalibrationManager(env),
    restart: () => new CalibrationManager(env),
    async remove() {
      await this.manager.saved();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return fx;
}

/** What every node hears of a device at `at` at time t: RSSI rounded to whole dB with 3 dB noise, distances with 10 % noise. */
export function readingsFrom(
  config: FloorplanConfig,
  radio: Record<string, TrueRadio>,
  prng: TestPrng,
  device: string,
  at: Vec3,
  t: number,
): RawReading[] {
  return config.beaconNodes.map((node) => {
    const truth = radio[node.id]!;
    const d = Math.hypot(at[0] - node.coordinates[0], at[1] - node.coordinates[1], at[2] - node.coordinates[2]);
    return 'distanceScale' in truth
      ? { t, device, scanner: node.id, distance: (d / truth.distanceScale) * Math.exp(prng.normal(0, 0.1)) }
      : { t, device, scanner: node.id, rssi: Math.round(distanceToRssi(d, truth) + prng.normal(0, 3)) };
  });
}

/**
 * Stands at (x, y) for `duration` seconds: starts the spot, feeds a batch every second (from
 * `readings`) while the clock moves on, and lets the recording end.
 */
export async function stand(fx: Fixture, x: number, y: number, duration: number, readings: (t: number, at: Vec3) => RawReading[]): Promise<void> {
  const view = await fx.manager.spot({ x, y, duration });
  const at = view.session!.recording!.coordinates;
  const end = fx.env.clock + duration;
  for (let t = fx.env.clock + 0.5; t < end; t += 1) {
    fx.env.clock = t;
    fx.manager.record(readings(t, at));
  }
  fx.env.clock = end;
  fx.manager.tick();
}

/** The phone at the spots below, as the miscalibrated nodes hear it. */
export const SPOTS: [number, number][] = [
  [2, 2],
  [5, 4],
  [8, 2],
  [8, 6],
  [2, 6],
  [5, 7],
];
