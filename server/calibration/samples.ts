/**
 * Calibration samples: reading lines (as `floorplan locate` reads them) with the device's true
 * position added, `{"t", "device", "scanner", "rssi" | "distance", "truth": [x, y, z]}`, as JSON
 * Lines. Streamed line by line; every problem is reported with its line number. Unlike a replay,
 * order does not matter and a value the engine would reject is an error: a fit should not
 * silently lose samples.
 */
import type { Readable } from 'node:stream';
import type { Vec3 } from '../config/types.ts';
import { parseDistance } from '../engine/readings.ts';
import { dataLines, parseJsonLine, toReading, type ParseError } from '../providers/replay.ts';
import type { CalibrationSample } from './calibrate.ts';

export interface ParsedSample {
  kind: 'sample';
  /** 1-based line number in the input. */
  line: number;
  sample: CalibrationSample;
}

export type SampleItem = ParsedSample | ParseError;

export async function* readSamples(input: Readable): AsyncGenerator<SampleItem> {
  for await (const { line, text } of dataLines(input)) {
    const parsed = parseJsonLine(text, line);
    if (parsed.kind === 'error') {
      yield parsed;
      continue;
    }
    const result = toSample(parsed.record);
    if (typeof result === 'string') yield { kind: 'error', line, message: result };
    else yield { kind: 'sample', line, sample: result };
  }
}

/** One record → a sample, or what is wrong with it. */
function toSample(record: unknown): CalibrationSample | string {
  const reading = toReading(record);
  if (typeof reading === 'string') return reading;
  const truth = toPoint((record as Record<string, unknown>)['truth']);
  if (typeof truth === 'string') return truth;
  if (reading.rssi !== undefined) {
    const rssi = reading.rssi;
    if (typeof rssi !== 'number' || !Number.isFinite(rssi)) return `"rssi" must be a finite number of dBm, got ${JSON.stringify(rssi)}`;
    return { scanner: reading.scanner, truth, rssi };
  }
  const distance = parseDistance(reading.distance);
  if (typeof distance === 'string') return `"distance" is unusable (${distance}): ${JSON.stringify(reading.distance)}`;
  return { scanner: reading.scanner, truth, distance };
}

function toPoint(value: unknown): Vec3 | string {
  if (value === undefined || value === null) return 'missing "truth" (the true position [x, y, z])';
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return `"truth" must be [x, y, z] in metres, got ${JSON.stringify(value)}`;
  }
  return [value[0], value[1], value[2]];
}
