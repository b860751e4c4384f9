/**
 * The calibration requests' data, checked field by field. A spot is checked against the plan: the
 * floor must exist and the point must lie on it, since a spot off the plan would fit every node to
 * a wrong truth.
 */
import type { FloorplanModel } from '../engine/model.ts';
import { invalid } from '../services/errors.ts';
import { optionalText, type ServiceData } from '../services/input.ts';
import { round } from '../services/queries.ts';
import type { Place } from './session.ts';

const DEFAULT_SPOT_SECONDS = 45;
const SPOT_SECONDS = [1, 600] as const;

/** `calibration_spot` data → where the user stands and for how long to record. */
export function readSpotRequest(data: ServiceData, model: FloorplanModel): { place: Place; duration: number } {
  const x = requiredNumber(data, 'x');
  const y = requiredNumber(data, 'y');
  const floorId = optionalText(data, 'floor');
  const floors = model.floors;
  const floor = floorId === undefined ? (floors[0] ?? null) : floors.find((f) => f.id === floorId);
  if (floor === undefined) throw invalid(`unknown floor \`${floorId}\` (floors: ${floors.map((f) => f.id).join(', ') || 'none'})`);

  const box = model.extentOf(floor?.id ?? null);
  if (x < box.minX || x > box.maxX || y < box.minY || y > box.maxY) {
    const where = floor === null ? 'the plan' : `floor \`${floor.id}\``;
    throw invalid(
      `\`x\`, \`y\` (${x}, ${y}) lie outside ${where}: x must be within ${round(box.minX)} to ${round(box.maxX)} m and y within ${round(box.minY)} to ${round(box.maxY)} m`,
    );
  }

  const storey = floor === null ? Infinity : floor.ceiling - floor.base;
  const height = optionalNumber(data, 'height') ?? model.deviceHeight;
  if (height < 0 || height > storey) {
    throw invalid(
      floor === null
        ? `\`height\` must be 0 m or more, got ${height}`
        : `\`height\` must be between 0 and ${round(storey)} m (the height of floor \`${floor.id}\`), got ${height}`,
    );
  }
  const duration = optionalNumber(data, 'duration') ?? DEFAULT_SPOT_SECONDS;
  if (duration < SPOT_SECONDS[0] || duration > SPOT_SECONDS[1]) {
    throw invalid(`\`duration\` must be ${SPOT_SECONDS[0]} to ${SPOT_SECONDS[1]} seconds, got ${duration}`);
  }
  const base = floor?.base ?? 0;
  return { place: { coordinates: [x, y, base + height], floor: floor?.id ?? null, height }, duration };
}

/** `calibration_remove_spot` data → the spot's id. */
export function readSpotId(data: ServiceData): number {
  const id = requiredNumber(data, 'spot');
  if (!Number.isInteger(id)) throw invalid(`\`spot\` must be a spot's id (a whole number), got ${id}`);
  return id;
}

function requiredNumber(data: ServiceData, field: string): number {
  const value = optionalNumber(data, field);
  if (value === undefined) throw invalid(`missing required field \`${field}\``);
  return value;
}

/** A finite number (numeric text counts, as for coordinates); undefined when absent. */
function optionalNumber(data: ServiceData, field: string): number | undefined {
  const value = data[field];
  if (value === undefined || value === null) return undefined;
  const read = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof read !== 'number' || !Number.isFinite(read)) throw invalid(`\`${field}\` must be a number, got ${JSON.stringify(value)}`);
  return read;
}
