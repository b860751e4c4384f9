/**
 * The two ways a run drives the engine, both through its public API only (new Engine,
 * processBatch), so that the figures are what a user of the engine would get.
 */
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { Engine } from '../../../server/engine/engine.ts';
import type { Fix, RawReading } from '../../../server/engine/types.ts';

/** What the nodes report of one advert (or one recorded interval). */
export interface Observation {
  /** Seconds. */
  t: number;
  readings: Omit<RawReading, 't' | 'device'>[];
}

/** One device, one batch per observation in order: the engine's own tracking at work. */
export function locateTracked(config: FloorplanConfig, observations: readonly Observation[]): Fix[] {
  const engine = new Engine(config);
  return observations.map((o) => solveOne(engine, 'tracked', o));
}

/** A fresh device per observation, so that each fix comes from its own readings alone. */
export function locateSingleShot(config: FloorplanConfig, observations: readonly Observation[]): Fix[] {
  const engine = new Engine(config);
  return observations.map((o, i) => solveOne(engine, `s${i}`, o));
}

function solveOne(engine: Engine, device: string, { t, readings }: Observation): Fix {
  const fixes = engine.processBatch(readings.map((r) => ({ ...r, t, device })));
  const fix = fixes[0];
  if (fixes.length !== 1 || fix === undefined) throw new Error(`expected one fix for ${device} at t=${t}, got ${fixes.length}`);
  return fix;
}
