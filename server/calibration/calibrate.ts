/**
 * Offline calibration: from readings taken at known positions, fit each scanner's radio model.
 * RSSI samples give ref_power and attenuation of rssi = ref_power − 10·attenuation·log10(d);
 * distance samples give a scale that corrects the distances the scanner reports. Both fits are
 * robust (see robust.ts), because some samples are always taken through a body or a wall.
 */
import { normaliseNodeId } from '../config/node-id.ts';
import type { BeaconNodeConfig, FloorplanConfig, Vec3 } from '../config/types.ts';
import { FloorplanModel, type EngineNode } from '../engine/model.ts';
import { MIN_RANGE } from '../engine/solver.ts';
import { persistentShare, spotOf } from './persistence.ts';
import { median } from './median.ts';
import { robustLine, robustLocation, type RobustFit } from './robust.ts';

export interface CalibrationSample {
  scanner: string;
  /** Where the device really was: [x, y, z], z above ground. */
  truth: Vec3;
  rssi?: number;
  distance?: number;
}

export interface NodeCalibration {
  /** The node's normalised key (BeaconNodeConfig.key). */
  key: string;
  /** Samples of `kind` the fit used. */
  samples: number;
  kind: 'rssi' | 'distance';
  /** Set when fitted and plausible. */
  refPower?: number;
  /** Set when fitted and plausible; absent when it was held at the configured value. */
  attenuation?: number;
  distanceScale?: number;
  /** dB for rssi, % for distance; NaN without a fit. */
  spread: number;
  /** The share of the spread's variance that persists at a spot; absent without enough repeats. */
  shadowingShare?: number;
  warnings: string[];
}

export interface CalibrationReport {
  /** Nodes that have samples, in config order. */
  nodes: NodeCalibration[];
  /** Scanner ids of samples that match no node, as first written. */
  unknownScanners: string[];
  warnings: string[];
}

/** Below this many samples a node is not fitted at all. */
export const MIN_FIT_SAMPLES = 5;
/** Below this many the fit is made but flagged as uncertain. */
export const MIN_SAMPLES = 20;
/**
 * Attenuation is fitted only when the sample distances spread at least this much
 * (standard deviation of log10 d: 0.1 is a factor of 1.26 either way) …
 */
export const MIN_LOG_DISTANCE_SPREAD = 0.1;
/** … and determine it to within this standard error. */
export const MAX_ATTENUATION_ERROR = 0.3;
/** Physically plausible values; a fit outside them points at wrong coordinates or truth. */
export const PLAUSIBLE = {
  refPower: [-100, -30],
  attenuation: [1.5, 6],
  distanceScale: [0.3, 3],
} as const satisfies Record<string, readonly [number, number]>;
/** RSSI is reported in whole dB: residuals cannot be resolved below about this. */
const MIN_RSSI_SCALE = 0.3;
/** ln-distance resolution: 0.1 %. */
const MIN_LN_SCALE = 1e-3;

export function calibrate(config: FloorplanConfig, samples: Iterable<CalibrationSample>): CalibrationReport {
  const model = new FloorplanModel(config);
  const byKey = new Map<string, Bins>();
  for (const node of config.beaconNodes) byKey.set(node.key, { node, engineNode: model.nodes.get(node.key)!, rssi: [], distance: [], throughFloors: 0 });
  const unknown = new Map<string, { scanner: string; count: number }>();

  for (const sample of samples) {
    const key = normaliseNodeId(sample.scanner);
    const bins = byKey.get(key);
    if (bins === undefined) {
      const seen = unknown.get(key) ?? { scanner: sample.scanner, count: 0 };
      seen.count++;
      unknown.set(key, seen);
      continue;
    }
    if (!onNodeFloor(model, bins.engineNode, sample.truth)) {
      bins.throughFloors++;
      continue;
    }
    const truth = softRange(distance3(sample.truth, bins.node.coordinates));
    const spot = spotOf(sample.truth);
    if (sample.rssi !== undefined) bins.rssi.push({ truth, spot, value: sample.rssi });
    else if (sample.distance !== undefined) bins.distance.push({ truth, spot, value: sample.distance });
  }

  const nodes: NodeCalibration[] = [];
  const silent: string[] = [];
  for (const node of config.beaconNodes) {
    const bins = byKey.get(node.key) as Bins;
    const through = bins.throughFloors > 0 ? [`${bins.throughFloors} samples from another floor not used: a floor slab's loss varies too much to calibrate through`] : [];
    if (bins.rssi.length + bins.distance.length === 0) {
      if (bins.throughFloors === 0) silent.push(node.id);
      else nodes.push({ key: node.key, samples: 0, kind: 'distance', spread: NaN, warnings: [...through, 'no samples from its own floor: record spots on this floor'] });
      continue;
    }
    // A scanner reports one kind; calibrating both at once would need both in the engine too.
    const kind = bins.rssi.length >= bins.distance.length ? 'rssi' : 'distance';
    const other = kind === 'rssi' ? bins.distance.length : bins.rssi.length;
    const result =
      kind === 'rssi'
        ? fitRssi(bins.rssi, node.attenuation ?? config.rssiModel.attenuation)
        : fitDistance(bins.distance);
    if (other > 0) result.warnings.unshift(`${other} ${kind === 'rssi' ? 'distance' : 'rssi'} samples ignored: fitted from the ${kind} samples`);
    result.warnings.unshift(...through);
    nodes.push({ key: node.key, ...result });
  }

  const warnings: string[] = [];
  const unknownScanners = [...unknown.values()].map((u) => u.scanner);
  if (unknownScanners.length > 0) {
    const count = [...unknown.values()].reduce((sum, u) => sum + u.count, 0);
    warnings.push(`${count} samples from scanners that match no beacon node: ${unknownScanners.join(', ')}`);
  }
  if (silent.length > 0) warnings.push(`no samples for ${silent.length === 1 ? 'node' : 'nodes'} ${silent.join(', ')}`);
  return { nodes, unknownScanners, warnings };
}

/** A new config with the fitted values as per-node settings; nodes without a value keep theirs. */
export function applyCalibration(config: FloorplanConfig, report: CalibrationReport): FloorplanConfig {
  const byKey = new Map(report.nodes.map((n) => [n.key, n]));
  const noiseDb = rssiNoiseOf(report);
  return {
    ...config,
    rssiNoiseDb: noiseDb ?? config.rssiNoiseDb,
    shadowingShare: shadowingShareOf(report) ?? config.shadowingShare,
    beaconNodes: config.beaconNodes.map((node) => {
      const fit = byKey.get(node.key);
      if (fit === undefined) return node;
      return {
        ...node,
        refPower: fit.refPower ?? node.refPower,
        attenuation: fit.attenuation ?? node.attenuation,
        distanceScale: fit.distanceScale ?? node.distanceScale,
      };
    }),
  };
}

/**
 * The RSSI noise the fitted nodes share: the median of their residual spreads (dB), so one odd node
 * does not set it for all. Null without RSSI fits.
 */
export function rssiNoiseOf(report: CalibrationReport): number | null {
  const spreads = report.nodes.filter((n) => n.kind === 'rssi' && Number.isFinite(n.spread)).map((n) => n.spread);
  return spreads.length === 0 ? null : median(spreads);
}

/** The nodes' median persistent share (see persistence.ts); null when no node measured one. */
export function shadowingShareOf(report: CalibrationReport): number | null {
  const shares = report.nodes.flatMap((n) => (n.shadowingShare === undefined ? [] : [n.shadowingShare]));
  return shares.length === 0 ? null : median(shares);
}

interface Observation {
  /** True distance, softened, metres. */
  truth: number;
  /** Where it was taken (persistence.ts). */
  spot: string;
  /** RSSI (dBm) or reported distance (m). */
  value: number;
}

/**
 * Whether a sample was taken on the floor its node serves: only those enter the fit. A slab costs
 * 10 ± 4 dB (rssi-model.ts), so the node's own curve can only be seen on its floor.
 */
export function onNodeFloor(model: FloorplanModel, node: EngineNode, truth: Vec3): boolean {
  return model.floorIndex(model.floorAt(truth[2])) === node.floorIndex;
}

interface Bins {
  node: BeaconNodeConfig;
  engineNode: EngineNode;
  /** Samples taken on another floor, left out. */
  throughFloors: number;
  rssi: Observation[];
  distance: Observation[];
}

type Fit = Omit<NodeCalibration, 'key'>;

function fitRssi(obs: Observation[], configuredAttenuation: number): Fit {
  const fit: Fit = { samples: obs.length, kind: 'rssi', spread: NaN, warnings: [] };
  if (!enoughSamples(fit)) return fit;
  const x = obs.map((o) => Math.log10(o.truth));
  const y = obs.map((o) => o.value);

  // Slope of rssi over log10(d) is −10·attenuation.
  let held: string | null = null;
  let line: RobustFit | null = null;
  const spread = standardDeviation(x);
  if (spread < MIN_LOG_DISTANCE_SPREAD) {
    held = `distances too alike to fit attenuation (spread of log10 d ${spread.toFixed(2)}, need ${MIN_LOG_DISTANCE_SPREAD})`;
  } else {
    const free = robustLine(x, y, { minScale: MIN_RSSI_SCALE });
    line = free;
    const attenuation = -free.slope / 10;
    const error = free.slopeError / 10;
    if (error > MAX_ATTENUATION_ERROR) {
      held = `attenuation undetermined (${attenuation.toFixed(2)} ± ${error.toFixed(2)})`;
    } else if (!within(attenuation, PLAUSIBLE.attenuation)) {
      held = `fitted attenuation ${attenuation.toFixed(2)} is implausible (expected ${range(PLAUSIBLE.attenuation)}; check the coordinates)`;
    } else {
      fit.attenuation = attenuation;
      setRefPower(fit, free.intercept);
      fit.spread = free.scale;
    }
  }
  if (held !== null) {
    fit.warnings.push(`${held}: attenuation held at ${configuredAttenuation}, ref_power fitted alone`);
    line = robustLine(x, y, { slope: -10 * configuredAttenuation, minScale: MIN_RSSI_SCALE });
    setRefPower(fit, line.intercept);
    fit.spread = line.scale;
  }
  const { intercept, slope, scale } = line!;
  setShadowingShare(fit, obs, y.map((yi, i) => yi - intercept - slope * x[i]!), scale);
  // An implausible ref_power discredits the attenuation fitted with it.
  if (fit.refPower === undefined) delete fit.attenuation;
  return fit;
}

function setRefPower(fit: Fit, refPower: number): void {
  if (within(refPower, PLAUSIBLE.refPower)) fit.refPower = refPower;
  else fit.warnings.push(`fitted ref_power ${refPower.toFixed(1)} dBm is implausible (expected ${range(PLAUSIBLE.refPower)}): not applied`);
}

function fitDistance(obs: Observation[]): Fit {
  const fit: Fit = { samples: obs.length, kind: 'distance', spread: NaN, warnings: [] };
  if (!enoughSamples(fit)) return fit;
  // corrected = scale × reported, so ln scale is the robust location of ln(true) − ln(reported).
  const ratios = obs.map((o) => Math.log(o.truth) - Math.log(softRange(o.value)));
  const { location, scale } = robustLocation(ratios, MIN_LN_SCALE);
  setShadowingShare(fit, obs, ratios.map((r) => r - location), scale);
  const distanceScale = Math.exp(location);
  // A typical reading is off by a factor of 1 ± spread.
  fit.spread = 100 * Math.expm1(scale);
  if (within(distanceScale, PLAUSIBLE.distanceScale)) fit.distanceScale = distanceScale;
  else {
    fit.warnings.push(
      `fitted distance_scale ${distanceScale.toFixed(2)} is implausible (expected ${range(PLAUSIBLE.distanceScale)}; check the coordinates): not applied`,
    );
  }
  return fit;
}

function setShadowingShare(fit: Fit, obs: readonly Observation[], residuals: readonly number[], scale: number): void {
  const share = persistentShare(residuals, obs.map((o) => o.spot), scale);
  if (share !== null) fit.shadowingShare = share;
}

function enoughSamples(fit: Fit): boolean {
  if (fit.samples < MIN_FIT_SAMPLES) {
    fit.warnings.push(`too few samples to fit (${fit.samples}, need at least ${MIN_FIT_SAMPLES})`);
    return false;
  }
  if (fit.samples < MIN_SAMPLES) fit.warnings.push(`only ${fit.samples} samples (${MIN_SAMPLES} or more recommended): values are uncertain`);
  return true;
}

/** Softened in quadrature like the solver's ranges, so ln stays finite next to a scanner. */
function softRange(d: number): number {
  return Math.hypot(d, MIN_RANGE);
}

function distance3(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

function within(value: number, [lo, hi]: readonly [number, number]): boolean {
  return value >= lo && value <= hi;
}

const range = ([lo, hi]: readonly [number, number]): string => `${lo} to ${hi}`;
