/**
 * What the card shows of a calibration: the fit of everything recorded (the session's spots and
 * the reference beacons' windows) per node, with the samples to draw, and the position error at
 * each spot with the values in use and with the fit.
 */
import type { FloorplanConfig } from '../config/types.ts';
import type { FloorplanModel } from '../engine/model.ts';
import { findNode } from '../services/node-edits.ts';
import { isoTime, point, round } from '../services/queries.ts';
import type { CalibrationFit, CalibrationNodeFit, CalibrationSession as SessionView, CalibrationSpot, Point2 } from '../sinks/card/messages.ts';
import { applyCalibration, calibrate, onNodeFloor, type CalibrationReport, type CalibrationSample } from './calibrate.ts';
import { spotError } from './evaluate.ts';
import { median } from './median.ts';
import { byNode, distanceFrom, type RecordedReading } from './recorded.ts';
import type { CalibrationSession, Spot } from './session.ts';
import { writtenFields } from './write.ts';

/** Samples drawn per node: enough to see the scatter, few enough to send every second. */
const MAX_POINTS = 200;

export interface SpotErrors {
  before: number | null;
  after: number | null;
}

export interface Analysis {
  report: CalibrationReport;
  fit: CalibrationFit;
  /** Per session spot, in the session's order. */
  spotErrors: SpotErrors[];
}

/** The fit of `samples`, judged at `spots`; null without samples. */
export function analyse(config: FloorplanConfig, model: FloorplanModel, samples: readonly CalibrationSample[], spots: readonly Spot[]): Analysis | null {
  if (samples.length === 0) return null;
  const report = calibrate(config, samples);
  const fitted = applyCalibration(config, report);
  const spotErrors = spots.map((spot) => ({
    before: spotError(config, spot.readings, spot.coordinates),
    after: spotError(fitted, spot.readings, spot.coordinates),
  }));
  // The points the fit used: a sample from another floor is left out (see onNodeFloor).
  const used = samples.filter((s) => {
    const node = model.node(s.scanner);
    return node !== undefined && onNodeFloor(model, node, s.truth);
  });
  const points = new Map(byNode(model, used).map((group) => [group.node.key, group]));
  const nodes = report.nodes.map((fit): CalibrationNodeFit => {
    const node = findNode(config, fit.key)!;
    const group = points.get(fit.key) ?? { node: model.nodes.get(fit.key)!, items: [], values: [] };
    const drawn = group.items
      .map((s, i): Point2 => [round(distanceFrom(group.node, s.truth)), round(group.values[i]!)])
      .sort((a, b) => a[0] - b[0]);
    return {
      node: node.id,
      name: node.name,
      kind: fit.kind,
      samples: fit.samples,
      current: {
        ref_power: node.refPower ?? config.rssiModel.refPower,
        attenuation: node.attenuation ?? config.rssiModel.attenuation,
        distance_scale: node.distanceScale ?? 1,
      },
      fitted: writtenFields(fit),
      residual: Number.isNaN(fit.spread) ? null : round(fit.spread),
      persistent_share: fit.shadowingShare === undefined ? null : round(fit.shadowingShare),
      warnings: fit.warnings,
      points: evenly(drawn, MAX_POINTS),
    };
  });
  const fit: CalibrationFit = {
    nodes,
    warnings: report.warnings,
    error_before: medianError(spotErrors.map((e) => e.before)),
    error_after: medianError(spotErrors.map((e) => e.after)),
    applicable: nodes.some((n) => Object.entries(n.fitted).some(([field, value]) => value !== n.current[field as keyof typeof n.current])),
  };
  return { report, fit, spotErrors };
}

export function sessionView(session: CalibrationSession, config: FloorplanConfig, model: FloorplanModel, spotErrors: readonly SpotErrors[]): SessionView {
  const { state, recording } = session;
  const heard = (readings: readonly RecordedReading[]): string[] => byNode(model, readings).map((g) => findNode(config, g.node.key)!.id);
  return {
    device: state.device,
    entity_id: state.entityId,
    name: state.name,
    started: isoTime(state.started),
    spots: state.spots.map(
      (spot, i): CalibrationSpot => ({
        id: spot.id,
        coordinates: point(spot.coordinates),
        floor: spot.floor,
        height: round(spot.height),
        started: isoTime(spot.started),
        duration: round(spot.duration),
        samples: spot.readings.length,
        nodes: heard(spot.readings),
        error_before: roundOrNull(spotErrors[i]?.before ?? null),
        error_after: roundOrNull(spotErrors[i]?.after ?? null),
      }),
    ),
    recording: recording && {
      coordinates: point(recording.coordinates),
      floor: recording.floor,
      height: round(recording.height),
      started: isoTime(recording.started),
      ends: isoTime(recording.ends),
      samples: recording.readings.length,
      nodes: heard(recording.readings),
    },
  };
}

/** At most `max` items, picked at even steps over the whole list. */
function evenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]!);
}

function medianError(errors: readonly (number | null)[]): number | null {
  const known = errors.filter((e): e is number => e !== null);
  return known.length === 0 ? null : round(median(known));
}

const roundOrNull = (v: number | null): number | null => (v === null ? null : round(v));
