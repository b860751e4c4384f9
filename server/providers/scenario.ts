/**
 * The scenario format for the simulator: walkers, their waypoints and speeds, and the radio's
 * noise, losses, range and Bermuda-like output. Parsed from YAML or JSON with positioned
 * problems, like floorplan.yaml. docs/SIMULATOR.md describes every key.
 */
import { LineCounter, parseDocument } from 'yaml';
import { normaliseNodeId } from '../config/node-id.ts';
import { Source } from '../config/yaml-source.ts';
import type { FloorplanConfig, Problem, RssiModel, Vec3 } from '../config/types.ts';
import type { KeyPath } from '../config/validate.ts';
import {
  walkDuration,
  type BermudaOptions,
  type MultipathOptions,
  type ShadowingOptions,
  type SimulationOptions,
  type WalkerSpec,
} from './simulator.ts';

export interface Scenario {
  /** Seconds; null: until the walks end. */
  duration: number | null;
  advertInterval: number;
  sigmaDb: number;
  packetLoss: number;
  maxRange: number;
  wallLossDb: number;
  floorLossDb: number;
  multipath: MultipathOptions;
  shadowing: ShadowingOptions;
  /** True radio parameters of nodes, by node id as written. */
  nodeModels: Record<string, Partial<RssiModel>>;
  /** Null: one raw reading per advert heard. */
  bermuda: BermudaOptions | null;
  output: 'distance' | 'rssi';
  walkers: WalkerSpec[];
}

export interface ScenarioResult {
  /** Null when there is any problem. */
  scenario: Scenario | null;
  problems: Problem[];
}

const DEFAULTS = {
  advert_interval: 1,
  sigma_db: 4,
  packet_loss: 0.1,
  max_range: 15,
  // Interior plasterboard walls cost 2-5 dB at 2.4 GHz (brick and concrete 6-15 dB).
  wall_loss_db: 3,
  // A floor slab: about 10 dB for timber joists, 15-20 dB for concrete.
  floor_loss_db: 10,
  // A burst every ~50 s per link, 3 s long: ~6 % of the time, ranges ~1.8 times too long at attenuation 3.
  multipath: { rate: 0.02, duration: 3, extra_db: 8 },
  // Off unless asked for, so that runs of existing scenarios stay as they were.
  shadowing: { sigma_db: 0, distance: 1 },
  // Bermuda's own: UPDATE_INTERVAL, smoothing_samples, update_interval, DISTANCE_TIMEOUT.
  bermuda: { cycle: 1.05, samples: 20, rate_limit: 10, unknown_after: 30 },
};
const SCENARIO_KEYS = [
  'duration',
  'advert_interval',
  'sigma_db',
  'packet_loss',
  'max_range',
  'wall_loss_db',
  'floor_loss_db',
  'multipath',
  'shadowing',
  'nodes',
  'bermuda',
  'output',
  'walkers',
];
const WALKER_KEYS = ['device', 'speed', 'pause', 'waypoints', 'loop'];

/** Simulation options from a scenario; `duration` overrides the scenario's. May be endless (Infinity). */
export function simulationOptions(scenario: Scenario, seed: number, duration?: number): SimulationOptions {
  const { duration: own, ...rest } = scenario;
  return { ...rest, duration: duration ?? own ?? walkDuration(scenario.walkers), seed };
}

/**
 * Parses and checks a scenario (YAML, so JSON too); every problem names its key and position.
 * With the floor plan, node ids under `nodes` are checked against its beacon nodes too.
 */
export function parseScenario(text: string, file: string, config?: FloorplanConfig): ScenarioResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const source = new Source(doc, lines, file);
  const problems: Problem[] = doc.errors.map((e) => source.yamlProblem(e, 'error'));
  if (problems.length > 0) return { scenario: null, problems };

  const report: Report = (path, message, at = 'value') => {
    problems.push(source.problem({ severity: 'error', path, message, at }));
  };
  const scenario = checkScenario(doc.toJS() as unknown, report, config);
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { scenario: problems.length > 0 ? null : scenario, problems };
}

type Report = (path: KeyPath, message: string, at?: 'key' | 'value') => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(record: Record<string, unknown>, allowed: string[], path: KeyPath, report: Report): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) report([...path, key], `unknown key; expected one of ${allowed.join(', ')}`, 'key');
  }
}

/**
 * A number satisfying `valid` (described by `requirement` in the message). Absent: `fallback`, or a
 * "required" problem when there is none. Invalid values are reported and replaced by NaN, which is
 * harmless because the scenario is discarded.
 */
function numberAt(
  record: Record<string, unknown>,
  key: string,
  path: KeyPath,
  report: Report,
  requirement: string,
  valid: (n: number) => boolean,
  fallback?: number,
): number {
  const value = record[key];
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    report(path, `missing required key "${key}"`);
    return NaN;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
    report([...path, key], `must be ${requirement}, got ${JSON.stringify(value)}`);
    return NaN;
  }
  return value;
}

const positive = (n: number): boolean => n > 0;
const nonNegative = (n: number): boolean => n >= 0;
const wholePositive = (n: number): boolean => Number.isInteger(n) && n >= 1;

function checkScenario(data: unknown, report: Report, config: FloorplanConfig | undefined): Scenario | null {
  if (!isRecord(data)) {
    report([], 'a scenario must be a mapping with at least "output" and "walkers"');
    return null;
  }
  checkKeys(data, SCENARIO_KEYS, [], report);
  const duration =
    data['duration'] === undefined ? null : numberAt(data, 'duration', [], report, 'a positive number of seconds', positive);
  const advertInterval = numberAt(data, 'advert_interval', [], report, 'a positive number of seconds', positive, DEFAULTS.advert_interval);
  const sigmaDb = numberAt(data, 'sigma_db', [], report, 'a number of dB, 0 or more', nonNegative, DEFAULTS.sigma_db);
  const packetLoss = numberAt(data, 'packet_loss', [], report, 'a probability in [0, 1)', (n) => n >= 0 && n < 1, DEFAULTS.packet_loss);
  const maxRange = numberAt(data, 'max_range', [], report, 'a positive number of metres', positive, DEFAULTS.max_range);
  const wallLossDb = numberAt(data, 'wall_loss_db', [], report, 'a number of dB, 0 or more', nonNegative, DEFAULTS.wall_loss_db);
  const floorLossDb = numberAt(data, 'floor_loss_db', [], report, 'a number of dB, 0 or more', nonNegative, DEFAULTS.floor_loss_db);
  const multipath = checkMultipath(data, report);
  const shadowing = checkShadowing(data, report);
  const nodeModels = checkNodeModels(data, report, config);
  const bermuda = checkBermuda(data, report);

  const output = data['output'];
  if (output === undefined) report([], 'missing required key "output" (distance or rssi)');
  else if (output !== 'distance' && output !== 'rssi') report(['output'], `must be "distance" or "rssi", got ${JSON.stringify(output)}`);
  else if (output === 'rssi' && bermuda !== null) report(['output'], 'must be "distance" with "bermuda": Bermuda publishes distances');

  const walkers: WalkerSpec[] = [];
  const raw = data['walkers'];
  if (raw === undefined) report([], 'missing required key "walkers"');
  else if (!Array.isArray(raw) || raw.length === 0) report(['walkers'], 'must be a non-empty list of walkers');
  else {
    const seen = new Map<string, number>();
    raw.forEach((item: unknown, i) => {
      const walker = checkWalker(item, ['walkers', i], report);
      if (walker === null) return;
      const first = seen.get(walker.device);
      if (first !== undefined) report(['walkers', i, 'device'], `"${walker.device}" is already used by walkers[${first}]`);
      seen.set(walker.device, i);
      walkers.push(walker);
    });
  }
  return {
    duration,
    advertInterval,
    sigmaDb,
    packetLoss,
    maxRange,
    wallLossDb,
    floorLossDb,
    multipath,
    shadowing,
    nodeModels,
    bermuda,
    output: output === 'rssi' ? 'rssi' : 'distance',
    walkers,
  };
}

/** The mapping under `key`: {} when absent (all defaults), null (reported) when not a mapping. */
function mappingAt(data: Record<string, unknown>, key: string, keys: string[], report: Report): Record<string, unknown> | null {
  const value = data[key] ?? {};
  if (!isRecord(value)) {
    report([key], `must be a mapping with any of ${keys.join(', ')}, got ${JSON.stringify(value)}`);
    return null;
  }
  checkKeys(value, keys, [key], report);
  return value;
}

function checkMultipath(data: Record<string, unknown>, report: Report): MultipathOptions {
  const d = DEFAULTS.multipath;
  const record = mappingAt(data, 'multipath', Object.keys(d), report) ?? {};
  const path = ['multipath'];
  return {
    rate: numberAt(record, 'rate', path, report, 'a number of bursts per second, 0 or more', nonNegative, d.rate),
    duration: numberAt(record, 'duration', path, report, 'a number of seconds, 0 or more', nonNegative, d.duration),
    extraDb: numberAt(record, 'extra_db', path, report, 'a number of dB, 0 or more', nonNegative, d.extra_db),
  };
}

function checkShadowing(data: Record<string, unknown>, report: Report): ShadowingOptions {
  const d = DEFAULTS.shadowing;
  const record = mappingAt(data, 'shadowing', Object.keys(d), report) ?? {};
  const path = ['shadowing'];
  return {
    sigmaDb: numberAt(record, 'sigma_db', path, report, 'a number of dB, 0 or more', nonNegative, d.sigma_db),
    distance: numberAt(record, 'distance', path, report, 'a positive number of metres', positive, d.distance),
  };
}

function checkBermuda(data: Record<string, unknown>, report: Report): BermudaOptions | null {
  if (data['bermuda'] === undefined || data['bermuda'] === null) return null;
  const d = DEFAULTS.bermuda;
  const record = mappingAt(data, 'bermuda', Object.keys(d), report) ?? {};
  const path = ['bermuda'];
  return {
    cycle: numberAt(record, 'cycle', path, report, 'a positive number of seconds', positive, d.cycle),
    samples: numberAt(record, 'samples', path, report, 'a whole number of cycles, 1 or more', wholePositive, d.samples),
    rateLimit: numberAt(record, 'rate_limit', path, report, 'a number of seconds, 0 or more', nonNegative, d.rate_limit),
    unknownAfter: numberAt(record, 'unknown_after', path, report, 'a positive number of seconds', positive, d.unknown_after),
  };
}

function checkNodeModels(
  data: Record<string, unknown>,
  report: Report,
  config: FloorplanConfig | undefined,
): Record<string, Partial<RssiModel>> {
  const models: Record<string, Partial<RssiModel>> = {};
  const raw = data['nodes'] ?? {};
  if (!isRecord(raw)) {
    report(['nodes'], `must be a mapping from node id to ref_power and attenuation, got ${JSON.stringify(raw)}`);
    return models;
  }
  const known = config && new Set(config.beaconNodes.map((node) => node.key));
  const seen = new Map<string, string>();
  for (const [id, item] of Object.entries(raw)) {
    const path = ['nodes', id];
    const key = normaliseNodeId(id);
    if (known && !known.has(key)) report(path, 'not a beacon node of the floor plan', 'key');
    const first = seen.get(key);
    if (first !== undefined) report(path, `the same node as "${first}"`, 'key');
    seen.set(key, id);
    if (!isRecord(item)) {
      report(path, `must be a mapping with ref_power and/or attenuation, got ${JSON.stringify(item)}`);
      continue;
    }
    checkKeys(item, ['ref_power', 'attenuation'], path, report);
    const model: Partial<RssiModel> = {};
    if (item['ref_power'] != null) model.refPower = numberAt(item, 'ref_power', path, report, 'a number of dBm', () => true);
    if (item['attenuation'] != null) model.attenuation = numberAt(item, 'attenuation', path, report, 'a positive number', positive);
    models[id] = model;
  }
  return models;
}

function checkWalker(item: unknown, path: KeyPath, report: Report): WalkerSpec | null {
  if (!isRecord(item)) {
    report(path, 'a walker must be a mapping with device, speed and waypoints');
    return null;
  }
  checkKeys(item, WALKER_KEYS, path, report);
  const device = item['device'];
  if (device === undefined) report(path, 'missing required key "device"');
  else if (typeof device !== 'string' || device.trim() === '') {
    report([...path, 'device'], `must be a non-empty string, got ${JSON.stringify(device)}`);
  }
  const speed = numberAt(item, 'speed', path, report, 'a positive number of m/s', positive);
  const pause = numberAt(item, 'pause', path, report, 'a number of seconds, 0 or more', nonNegative, 0);
  const loop = item['loop'] ?? false;
  if (typeof loop !== 'boolean') report([...path, 'loop'], `must be true or false, got ${JSON.stringify(loop)}`);

  const waypoints: Vec3[] = [];
  const raw = item['waypoints'];
  if (raw === undefined) report(path, 'missing required key "waypoints"');
  else if (!Array.isArray(raw) || raw.length === 0) report([...path, 'waypoints'], 'must be a non-empty list of [x, y, z]');
  else {
    raw.forEach((point: unknown, i) => {
      if (Array.isArray(point) && point.length === 3 && point.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        waypoints.push(point as Vec3);
      } else {
        report([...path, 'waypoints', i], `must be [x, y, z] in metres (z above ground), got ${JSON.stringify(point)}`);
      }
    });
  }
  return typeof device === 'string' ? { device, speed, pause, waypoints, loop: loop === true } : null;
}
