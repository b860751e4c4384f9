/** Calibration's values and measures as the calibration panel words them. */
import type { CalibrationNodeFit, CalibrationRecording, ReferenceDrift } from '../../server/sinks/card/messages.ts';
import { decimal, metres } from './format.ts';

export type RadioField = 'ref_power' | 'attenuation' | 'distance_scale';
export type RadioValues = Record<RadioField, number>;

/** The settings a node's fit can change, by the kind of readings it was fitted on. */
const FIELDS: Record<CalibrationNodeFit['kind'], RadioField[]> = {
  rssi: ['ref_power', 'attenuation'],
  distance: ['distance_scale'],
};

/** The values of the fitted curve: the fitted ones, and the ones in use for a field not fitted. */
export function fittedValues(node: CalibrationNodeFit): RadioValues {
  return { ...node.current, ...node.fitted };
}

/** "ref_power −60.3 dBm", "attenuation 2.79", "distance_scale 1.30". */
export function radioValue(field: RadioField, value: number): string {
  return field === 'ref_power' ? `${decimal(value, 1)} dBm` : decimal(value, 2);
}

export interface RadioChange {
  field: RadioField;
  from: number;
  /** Null when the field was not fitted (held, implausible or too few samples): it stays. */
  to: number | null;
}

/** Each setting of the node's kind: the value in use and the fitted one. */
export function radioChanges(node: CalibrationNodeFit): RadioChange[] {
  return FIELDS[node.kind].map((field) => ({ field, from: node.current[field], to: node.fitted[field] ?? null }));
}

/** The settings written (or to be written), in a fixed order: "ref_power −60.3 dBm, attenuation 2.79". */
export function writtenText(values: Partial<RadioValues>): string {
  const fields: RadioField[] = ['ref_power', 'attenuation', 'distance_scale'];
  return fields.flatMap((field) => (values[field] === undefined ? [] : [`${field} ${radioValue(field, values[field])}`])).join(', ');
}

/** How far single readings scatter around the fitted curve: "4.5 dB", "26 %", or "—" without a fit. */
export function residualText(node: CalibrationNodeFit): string {
  if (node.residual === null) return '—';
  return node.kind === 'rssi' ? `${decimal(node.residual, 1)} dB` : `${decimal(node.residual, 0)} %`;
}

/** How much of the residual persists at a spot: "76 %"; "—" without enough repeated samples. */
export function persistsText(node: CalibrationNodeFit): string {
  return node.persistent_share === null ? '—' : `${decimal(node.persistent_share * 100, 0)} %`;
}

/** A reference beacon's drift at one node: "+12 %" (reads 12 % long), "−3.0 dB" (3 dB weaker than the curve). */
export function driftText(drift: ReferenceDrift): string {
  return drift.kind === 'distance' ? `${decimal(drift.drift * 100, 0, true)} %` : `${decimal(drift.drift, 1, true)} dB`;
}

/** A position error before and after the fit: "1.8 m → 0.6 m"; "—" where there is none. */
export function errorChange(before: number | null, after: number | null): string {
  const text = (error: number | null): string => (error === null ? '—' : metres(error));
  return `${text(before)} → ${text(after)}`;
}

/** How far the recording is at `now` (ms since the epoch, on the sidecar's clock). */
export function recordingProgress(recording: CalibrationRecording, now: number): { fraction: number; secondsLeft: number } {
  const started = Date.parse(recording.started);
  const ends = Date.parse(recording.ends);
  const fraction = ends > started ? (now - started) / (ends - started) : 1;
  return { fraction: Math.min(1, Math.max(0, fraction)), secondsLeft: Math.max(0, Math.ceil((ends - now) / 1000)) };
}
