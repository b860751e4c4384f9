/**
 * The scenario format for the simulator: walkers, their waypoints and speeds, and the radio's
 * noise, loss and range. Parsed from YAML or JSON with positioned problems, like floorplan.yaml.
 */
import { LineCounter, parseDocument } from 'yaml';
import { Source } from '../config/yaml-source.ts';
import type { Problem, Vec3 } from '../config/types.ts';
import type { KeyPath } from '../config/validate.ts';
import { walkDuration, type SimulationOptions, type WalkerSpec } from './simulator.ts';

export interface Scenario {
  /** Seconds; null: until the walks end. */
  duration: number | null;
  advertInterval: number;
  sigmaDb: number;
  packetLoss: number;
  maxRange: number;
  output: 'distance' | 'rssi';
  walkers: WalkerSpec[];
}

export interface ScenarioResult {
  /** Null when there is any problem. */
  scenario: Scenario | null;
  problems: Problem[];
}

const DEFAULTS = { advert_interval: 1, sigma_db: 4, packet_loss: 0.1, max_range: 15 };
const SCENARIO_KEYS = ['duration', 'advert_interval', 'sigma_db', 'packet_loss', 'max_range', 'output', 'walkers'];
const WALKER_KEYS = ['device', 'speed', 'pause', 'waypoints', 'loop'];

/** Simulation options from a scenario; `duration` overrides the scenario's. May be endless (Infinity). */
export function simulationOptions(scenario: Scenario, seed: number, duration?: number): SimulationOptions {
  const { walkers, advertInterval, sigmaDb, packetLoss, maxRange, output } = scenario;
  return {
    walkers,
    duration: duration ?? scenario.duration ?? walkDuration(walkers),
    advertInterval,
    sigmaDb,
    packetLoss,
    maxRange,
    output,
    seed,
  };
}

/** Parses and checks a scenario (YAML, so JSON too); every problem names its key and position. */
export function parseScenario(text: string, file: string): ScenarioResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const source = new Source(doc, lines, file);
  const problems: Problem[] = doc.errors.map((e) => source.yamlProblem(e, 'error'));
  if (problems.length > 0) return { scenario: null, problems };

  const report: Report = (path, message, at = 'value') => {
    problems.push(source.problem({ severity: 'error', path, message, at }));
  };
  const scenario = checkScenario(doc.toJS() as unknown, report);
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

function checkScenario(data: unknown, report: Report): Scenario | null {
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

  const output = data['output'];
  if (output === undefined) report([], 'missing required key "output" (distance or rssi)');
  else if (output !== 'distance' && output !== 'rssi') report(['output'], `must be "distance" or "rssi", got ${JSON.stringify(output)}`);

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
  return { duration, advertInterval, sigmaDb, packetLoss, maxRange, output: output === 'rssi' ? 'rssi' : 'distance', walkers };
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
