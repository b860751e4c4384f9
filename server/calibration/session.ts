/**
 * A stand-here calibration session: the device the user carries and the spots where they stood,
 * each with the readings of that device recorded there. No I/O and no clock of its own: times
 * come in as arguments, in seconds on the readings' clock.
 */
import type { Vec3 } from '../config/types.ts';
import type { RawReading } from '../engine/types.ts';
import type { CalibrationSample } from './calibrate.ts';
import { recordedReading, sampleAt, type RecordedReading } from './recorded.ts';

/** Where the phone was: z above ground (the floor's base + height). */
export interface Place {
  coordinates: Vec3;
  floor: string | null;
  height: number;
}

export interface Spot extends Place {
  /** Stable within the session. */
  id: number;
  started: number;
  /** Seconds recorded. */
  duration: number;
  readings: RecordedReading[];
}

export interface Recording extends Place {
  started: number;
  ends: number;
  readings: RecordedReading[];
}

/** Who calibrates, as shown when the session started. */
export interface SessionDevice {
  device: string;
  entityId: string | null;
  name: string;
}

export interface SessionState extends SessionDevice {
  started: number;
  /** The id the next spot gets: ids are never reused, so a removed spot's id stays unknown. */
  nextSpot: number;
  spots: Spot[];
  recording: Recording | null;
}

export class CalibrationSession {
  constructor(readonly state: SessionState) {}

  static start(device: SessionDevice, now: number): CalibrationSession {
    return new CalibrationSession({ ...device, started: now, nextSpot: 1, spots: [], recording: null });
  }

  get recording(): Recording | null {
    return this.state.recording;
  }

  get spots(): readonly Spot[] {
    return this.state.spots;
  }

  /** Starts recording at `place` for `duration` seconds; the caller refuses while one records. */
  beginSpot(place: Place, now: number, duration: number): void {
    if (this.state.recording !== null) throw new Error('a spot is already recording');
    this.state.recording = { ...place, started: now, ends: now + duration, readings: [] };
  }

  /** Keeps the readings of the session's device taken within the recording's window. */
  record(batch: readonly RawReading[]): void {
    const recording = this.state.recording;
    if (recording === null) return;
    for (const reading of batch) {
      if (reading.device !== this.state.device || reading.t < recording.started || reading.t > recording.ends) continue;
      const kept = recordedReading(reading);
      if (kept !== null) recording.readings.push(kept);
    }
  }

  /** Ends the recording if its time is up at `now`; true when it did. */
  finishDue(now: number): boolean {
    const recording = this.state.recording;
    if (recording === null || now < recording.ends) return false;
    const { ends, ...spot } = recording;
    this.state.spots.push({ ...spot, id: this.state.nextSpot++, duration: ends - recording.started });
    this.state.recording = null;
    return true;
  }

  /** False when there is no spot with this id. */
  removeSpot(id: number): boolean {
    const before = this.state.spots.length;
    this.state.spots = this.state.spots.filter((s) => s.id !== id);
    return this.state.spots.length < before;
  }

  /** Every finished spot's readings, with the spot as the truth. */
  samples(): CalibrationSample[] {
    return this.state.spots.flatMap((spot) => spot.readings.map((r) => sampleAt(r, spot.coordinates)));
  }
}
