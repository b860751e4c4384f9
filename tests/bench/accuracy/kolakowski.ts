/**
 * Kolakowski's recordings in a flat (tests/fixtures/kolakowski-flat, see its README): six anchors
 * hear a tag carried by a robot at 1.3 m, with LiDAR ground truth. Attribution (CC BY 4.0):
 * M. Kolakowski, "BLE RSS fingerprints and calibration data", Zenodo 10.5281/zenodo.5457591.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { CalibrationSample } from '../../../server/calibration/calibrate.ts';
import { loadConfigText } from '../../../server/config/load.ts';
import type { FloorplanConfig, Vec2, Vec3 } from '../../../server/config/types.ts';
import type { Observation } from './locate.ts';

export const KOLAKOWSKI_ATTRIBUTION =
  'Kolakowski data: M. Kolakowski, "BLE RSS fingerprints and calibration data", Zenodo 10.5281/zenodo.5457591, CC BY 4.0';

/** A copy in the repository, so CI's drift guard runs on a clean clone. */
export const KOLAKOWSKI_DIR = fileURLToPath(new URL('../../fixtures/kolakowski-flat', import.meta.url));

/** The dataset's README: the tag rides on the robot at this height. */
const TAG_HEIGHT = 1.3;
/** No ceiling is given; any height above the highest anchor (2.62 m) puts all on one floor. */
const CEILING = 3.0;

export interface Anchor {
  /** Node id in the config. */
  id: string;
  /** The recordings' column of this anchor's RSSI. */
  column: string;
  x: number;
  y: number;
  z: number;
}

/** One row of a recording: the true position and the RSSI each anchor heard (absent ones left out). */
export interface Row extends Observation {
  truth: Vec2;
  readings: { scanner: string; rssi: number }[];
}

export interface Kolakowski {
  anchors: Anchor[];
  outline: Vec2[];
  calibration: Row[];
  test: Row[];
}

/** Rows of a numeric CSV file as header-keyed strings (the files have no quoted fields). */
function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((name, i) => [name, cells[i] ?? '']));
  });
}

function number(row: Record<string, string>, column: string, path: string): number {
  const value = Number(row[column]);
  if (row[column] === '' || !Number.isFinite(value)) throw new Error(`${path}: column ${column} is not a number: "${row[column]}"`);
  return value;
}

function readRows(path: string, anchors: readonly Anchor[]): Row[] {
  const rows = readCsv(path);
  const t0 = rows.length > 0 ? number(rows[0]!, 'ts', path) : 0;
  return rows.map((row) => ({
    // Nanoseconds since the epoch; a double resolves them to 256 ns, far below the 1/3 s rate.
    t: (number(row, 'ts', path) - t0) / 1e9,
    truth: [number(row, 'x', path), number(row, 'y', path)],
    readings: anchors.flatMap((a) => (row[a.column] ? [{ scanner: a.id, rssi: number(row, a.column, path) }] : [])),
  }));
}

export function loadKolakowski(dir: string): Kolakowski {
  const anchors = readCsv(join(dir, 'anchors.csv')).map((row) => ({
    id: `anchor_${row['id']}`,
    column: `rssi_${row['id']}`,
    x: number(row, 'x', 'anchors.csv'),
    y: number(row, 'y', 'anchors.csv'),
    z: number(row, 'z', 'anchors.csv'),
  }));
  const outline = readCsv(join(dir, 'layout.csv')).map((row): Vec2 => [number(row, 'x', 'layout.csv'), number(row, 'y', 'layout.csv')]);
  return {
    anchors,
    outline,
    calibration: readRows(join(dir, 'calibration_df.csv'), anchors),
    test: readRows(join(dir, 'test_robot_df.csv'), anchors),
  };
}

/**
 * One floor, one room: the flat's outline. The layout file is one closed polyline of the walls
 * that does not cross itself, so it serves as the room's polygon as it is; the config loader's
 * own checks would reject it (and say where) if it ever did cross itself.
 */
export function kolakowskiConfig(data: Kolakowski): FloorplanConfig {
  const text = stringify({
    floors: { flat: { height: CEILING } },
    rooms: { flat: { floor: 'flat', boundaries: data.outline } },
    static_entities: {},
    moving_entities: {
      beacon_nodes: Object.fromEntries(data.anchors.map((a) => [a.id, { coordinates: [a.x, a.y, a.z] }])),
      device_height: TAG_HEIGHT,
    },
  });
  const { config, problems } = loadConfigText(text, 'kolakowski-flat');
  if (config === null) throw new Error(`kolakowski-flat config: ${problems.map((p) => p.message).join('; ')}`);
  return config;
}

/** Calibration input: each RSSI of each row, heard from the tag at its true position. */
export function calibrationSamples(rows: readonly Row[]): CalibrationSample[] {
  return rows.flatMap((row) =>
    row.readings.map((r) => ({ scanner: r.scanner, truth: [row.truth[0], row.truth[1], TAG_HEIGHT] as Vec3, rssi: r.rssi })),
  );
}

