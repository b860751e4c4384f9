/**
 * A walk through the two-storey example house, simulated (walls, multipath and Bermuda-like output
 * as the scenario file sets them) and located as one tracked device per walker.
 *
 * Scoring: every fix is compared with the walker's exact position at the fix's time (the
 * simulator's own Walker), so the figures include the lag between an advert and its fix, as a
 * user looking at the map would see it. Floor truth exists only while the walker stands at a
 * floor's device height; on the stairs neither the floor nor the room is scored.
 */
import { fileURLToPath } from 'node:url';
import type { FloorplanConfig, Vec3 } from '../../../server/config/types.ts';
import { Engine } from '../../../server/engine/engine.ts';
import { floorRanges } from '../../../server/engine/geometry.ts';
import { batchByTime } from '../../../server/providers/replay.ts';
import { simulationOptions, type Scenario } from '../../../server/providers/scenario.ts';
import { Walker, simulate } from '../../../server/providers/simulator.ts';
import type { ScoredFix } from './metrics.ts';
import { roomAt, scoreFix } from './truth.ts';

export const HOUSE_CONFIG_FILE = fileURLToPath(new URL('../../../floorplan/example.yaml', import.meta.url));
export const HOUSE_SCENARIO_FILE = fileURLToPath(new URL('../../fixtures/scenarios/house-walk.yaml', import.meta.url));

/** A walker is on a floor when its height is within this of the floor's base + device height. */
const ON_FLOOR_TOLERANCE = 0.05;

export interface HouseRun {
  fixes: ScoredFix[];
  /** Times a fix left the true floor for another while the walker stayed on that floor. */
  floorFlips: number;
}

/** The floor whose device height `z` is at, or null (between floors: on the stairs). */
function floorOfWalker(config: FloorplanConfig, z: number): string | null {
  const floor = floorRanges(config.floors).find((f) => Math.abs(f.base + config.deviceHeight - z) <= ON_FLOOR_TOLERANCE);
  return floor?.id ?? null;
}

/**
 * `config` is the house as built: what the radio simulates (with the scenario's true node models)
 * and what the fixes are scored against. The engine is told `engineConfig`, which differs from it
 * only in radio settings: a calibrated copy, located against the same radio.
 */
export async function houseWalk(config: FloorplanConfig, scenario: Scenario, seed: number, engineConfig = config): Promise<HouseRun> {
  const walkers = new Map(scenario.walkers.map((spec) => [spec.device, new Walker(spec)]));
  const options = simulationOptions(scenario, seed);
  if (!Number.isFinite(options.duration)) throw new Error('the house walk never ends: its walkers loop and it sets no duration');
  const engine = new Engine(engineConfig);
  const fixes: ScoredFix[] = [];
  // Per device: the floor of the previous fix while the walker has stayed on one floor since.
  const previous = new Map<string, { trueFloor: string; fixFloor: string | null }>();
  let floorFlips = 0;

  for await (const item of batchByTime(simulate(config, options))) {
    if (item.kind !== 'batch') continue;
    for (const fix of engine.processBatch(item.readings)) {
      const position: Vec3 = walkers.get(fix.device)!.positionAt(fix.t);
      const floor = floorOfWalker(config, position[2]);
      const room = floor === null ? null : roomAt(config, floor, position[0], position[1]);
      fixes.push(scoreFix(fix, { x: position[0], y: position[1], room, floor }));
      const before = previous.get(fix.device);
      if (floor !== null && before?.trueFloor === floor && before.fixFloor === floor && fix.floor !== floor) floorFlips++;
      if (floor === null) previous.delete(fix.device);
      else previous.set(fix.device, { trueFloor: floor, fixFloor: fix.floor });
    }
  }
  return { fixes, floorFlips };
}
