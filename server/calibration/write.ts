/**
 * What a calibration puts into floorplan.yaml, shared by `floorplan calibrate --write` and the
 * calibration session's apply, so both round and write the same values.
 */
import { round } from '../cli/common.ts';
import type { ConfigEdit } from '../config/edit.ts';
import type { BeaconNodeConfig, FloorplanConfig } from '../config/types.ts';
import { rssiNoiseOf, shadowingShareOf, type CalibrationReport, type NodeCalibration } from './calibrate.ts';

/** What the file gets: radio values do not deserve more digits than this. */
export const DECIMALS = { ref_power: 1, attenuation: 2, distance_scale: 3 } as const;

export type RadioFields = Partial<Record<keyof typeof DECIMALS, number>>;

/** The per-node settings a fit puts into floorplan.yaml, rounded as displayed. */
export function writtenFields(fit: NodeCalibration): RadioFields {
  const out: RadioFields = {};
  if (fit.refPower !== undefined) out.ref_power = round(fit.refPower, DECIMALS.ref_power);
  if (fit.attenuation !== undefined) out.attenuation = round(fit.attenuation, DECIMALS.attenuation);
  if (fit.distanceScale !== undefined) out.distance_scale = round(fit.distanceScale, DECIMALS.distance_scale);
  return out;
}

/** The nodes that get a value, with what they get. */
export function nodeWrites(config: FloorplanConfig, report: CalibrationReport): { node: BeaconNodeConfig; fields: RadioFields }[] {
  return report.nodes.flatMap((fit) => {
    const node = config.beaconNodes.find((n) => n.key === fit.key);
    const fields = writtenFields(fit);
    return node === undefined || Object.keys(fields).length === 0 ? [] : [{ node, fields }];
  });
}

/**
 * The edits of floorplan.yaml: each node's fitted values, and the RSSI noise the fit measured with
 * the share of it that persists at a spot.
 */
export function calibrationEdits(config: FloorplanConfig, report: CalibrationReport): ConfigEdit[] {
  const edits: ConfigEdit[] = nodeWrites(config, report).map(({ node, fields }) => ({ path: ['moving_entities', 'beacon_nodes', node.id], value: fields }));
  // The tracker weighs readings by the noise the fit measured (see rssiNoiseOf), and reports its
  // accuracy knowing how much of it a still device cannot average away (shadowingShareOf).
  const noise: Record<string, number> = {};
  const noiseDb = rssiNoiseOf(report);
  if (noiseDb !== null) noise['noise_db'] = round(noiseDb, 1);
  const share = shadowingShareOf(report);
  if (share !== null) noise['shadowing_share'] = round(share, 2);
  if (Object.keys(noise).length > 0) edits.push({ path: ['moving_entities', 'rssi_model'], value: noise, create: true });
  return edits;
}
