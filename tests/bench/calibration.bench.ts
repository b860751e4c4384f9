/**
 * What calibration does to accuracy (docs/BENCHMARKS.md, "Calibration"):
 *  1. the example house with deliberately miscalibrated nodes: a stand-here session driven through
 *     the CalibrationManager as the card drives it, its apply written onto a copy of the plan, and
 *     the house walk located with the plan as it was and as calibrated, against the same radio;
 *  2. Kolakowski's recorded flat: uncalibrated, calibrated from a few spots, from all of its
 *     calibration recording.
 * Every random draw has a fixed seed, so the same code prints the same figures.
 *   npm run bench:calibration
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCalibration, calibrate } from '../../server/calibration/calibrate.ts';
import { CalibrationManager } from '../../server/calibration/manager.ts';
import { ConfigStore, fileSource } from '../../server/config/store.ts';
import type { FloorplanConfig, RssiModel, Vec2, Vec3 } from '../../server/config/types.ts';
import { floorRanges } from '../../server/engine/geometry.ts';
import { Prng } from '../../server/providers/prng.ts';
import { batchByTime } from '../../server/providers/replay.ts';
import { parseScenario, simulationOptions, type Scenario } from '../../server/providers/scenario.ts';
import { Walker, simulate, type WalkerSpec } from '../../server/providers/simulator.ts';
import type { Fix } from '../../server/engine/types.ts';
import type { CalibrationFit } from '../../server/sinks/card/messages.ts';
import { HOUSE_CONFIG_FILE, HOUSE_SCENARIO_FILE, houseWalk } from './accuracy/house.ts';
import { KOLAKOWSKI_ATTRIBUTION, KOLAKOWSKI_DIR, calibrationSamples, kolakowskiConfig, loadKolakowski, type Row } from './accuracy/kolakowski.ts';
import { locateSingleShot, locateTracked } from './accuracy/locate.ts';
import { median, percentile, summarise, type Figures, type ScoredFix } from './accuracy/metrics.ts';
import { scoreFix } from './accuracy/truth.ts';

/**
 * Each node's true ref_power is floorplan.yaml's plus a draw from U(−OFFSET_DB, +OFFSET_DB): one
 * household per seed 1–HOUSEHOLDS.
 */
const OFFSET_DB = 6;
const HOUSEHOLDS = 5;
/** Household h's session runs on seed SESSION_SEEDS + h; the walks on 1–WALK_SEEDS, so none shares a session's noise. */
const SESSION_SEEDS = 1000;
const WALK_SEEDS = 10;
/** Seconds at each spot: the card's default recording. */
const SPOT_SECONDS = 45;
/** Seconds from arriving at a spot to tapping it on the plan. */
const SETTLE_SECONDS = 5;
/** Walking pace between spots, m/s (the house walk's). */
const PACE = 0.8;

const PHONE = { device: 'phone', entity_id: 'device_tracker.phone', name: 'Phone', nodes_hearing: 0 };

interface Spot {
  room: string;
  floor: string;
  x: number;
  y: number;
}

/**
 * Three spots per floor, each in a different room and away from the house walk's waypoints. A
 * session with k spots per floor takes the first k of each floor: the first two lie far apart.
 */
const SPOTS: Record<string, Spot[]> = {
  ground: [
    { room: 'living room', floor: 'ground', x: 2.0, y: 3.0 },
    { room: 'kitchen', floor: 'ground', x: 8.0, y: 6.0 },
    { room: 'study', floor: 'ground', x: 8.2, y: 2.2 },
  ],
  first: [
    { room: 'office', floor: 'first', x: 2.0, y: 6.0 },
    { room: 'second bedroom', floor: 'first', x: 8.0, y: 2.5 },
    { room: 'main bedroom', floor: 'first', x: 3.0, y: 2.0 },
  ],
};
/** Sessions at 1, 2 and 3 spots per floor. */
const SPOTS_PER_FLOOR = [1, 2, 3];
const spotsPerFloor = (k: number): Spot[] => [...SPOTS['ground']!.slice(0, k), ...SPOTS['first']!.slice(0, k)];

/** The house's radio with the scenario's walls, multipath and noise; `output` and whether Bermuda-like. */
interface Radio {
  label: string;
  scenario: Scenario;
}

interface NodeTruth {
  id: string;
  /** True ref_power minus floorplan.yaml's, dB. */
  offset: number;
  model: RssiModel;
  /** The distance_scale that corrects the node's distances: reported = true × 10^(−offset / (10·attenuation)). */
  scale: number;
}

/** Deliberately miscalibrated nodes: each one's true ref_power offset, drawn in config order. */
function miscalibration(config: FloorplanConfig, seed: number): NodeTruth[] {
  const prng = new Prng(seed);
  return config.beaconNodes.map((node) => {
    const offset = prng.uniform(-OFFSET_DB, OFFSET_DB);
    const attenuation = node.attenuation ?? config.rssiModel.attenuation;
    const refPower = node.refPower ?? config.rssiModel.refPower;
    return { id: node.id, offset, model: { refPower: refPower + offset, attenuation }, scale: 10 ** (offset / (10 * attenuation)) };
  });
}

async function loadStore(dir: string, name: string): Promise<ConfigStore> {
  const file = join(dir, name);
  await copyFile(HOUSE_CONFIG_FILE, file);
  const store = new ConfigStore(fileSource(file));
  await store.load();
  return store;
}

interface SessionResult {
  fit: CalibrationFit;
  /** The plan as apply wrote it. */
  calibrated: FloorplanConfig;
}

/**
 * A stand-here session as a user runs it from the card: start with the phone, walk to each spot,
 * stand still, tap it on the plan SETTLE_SECONDS after arriving, hold SPOT_SECONDS, walk on; the
 * manager's clock follows the readings. Then the fit as the card shows it, and apply onto a copy.
 */
async function standHereSession(dir: string, radio: Radio, spots: readonly Spot[], seed: number): Promise<SessionResult> {
  const store = await loadStore(dir, `floorplan-${radio.scenario.output}-${spots.length}.yaml`);
  const house = store.config;
  const floors = floorRanges(house.floors);
  const heightOf = (spot: Spot): number => floors.find((f) => f.id === spot.floor)!.base + house.deviceHeight;
  let clock = 0;
  const manager = new CalibrationManager({
    store,
    stateFile: null,
    now: () => clock,
    devices: () => [PHONE],
    references: () => [],
    configChanged: () => {},
    log: () => {},
  });
  await manager.start({ device: PHONE.device });

  // Straight from spot to spot; the pause covers the settling and the recording.
  const walk: WalkerSpec = {
    device: PHONE.device,
    speed: PACE,
    pause: SETTLE_SECONDS + SPOT_SECONDS + 1,
    waypoints: spots.map((s): Vec3 => [s.x, s.y, heightOf(s)]),
    loop: false,
  };
  const taps = new Walker(walk).arrivals.map((arrival, i) => ({ t: arrival + SETTLE_SECONDS, spot: spots[i]! }));
  const tapDue = async (t: number): Promise<void> => {
    while (taps.length > 0 && taps[0]!.t <= t) {
      const { t: at, spot } = taps.shift()!;
      clock = at;
      await manager.spot({ x: spot.x, y: spot.y, floor: spot.floor, duration: SPOT_SECONDS });
    }
  };
  const simulation = simulationOptions({ ...radio.scenario, walkers: [walk], duration: null }, seed);
  for await (const item of batchByTime(simulate(house, simulation))) {
    if (item.kind !== 'batch') continue;
    await tapDue(item.t);
    clock = item.t;
    manager.record(item.readings);
  }
  // The walk ends a second after the last recording; its last batch may come before that.
  clock = simulation.duration;
  const { fit, session } = manager.view();
  if (fit === null || session === null || session.spots.length !== spots.length) {
    throw new Error(`${radio.label}: the session recorded ${session?.spots.length ?? 0} of ${spots.length} spots`);
  }
  await manager.apply();
  return { fit, calibrated: store.config };
}

/** The house walk over every seed, located with `engineConfig` against `radio` heard in `house`. */
async function walkFigures(house: FloorplanConfig, radio: Radio, engineConfig: FloorplanConfig): Promise<Figures> {
  const perSeed: ScoredFix[][] = [];
  for (let seed = 1; seed <= WALK_SEEDS; seed++) perSeed.push((await houseWalk(house, radio.scenario, seed, engineConfig)).fixes);
  return summarise(perSeed);
}

// Printing

const metres = (v: number | null): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(2));
const percent = (v: number | null): string => (v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);
const signed = (v: number, digits: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
const value = (v: number | undefined, digits: number): string => (v === undefined ? 'kept' : v.toFixed(digits));

/** A plain-text table: the first column left-aligned, the others right-aligned. */
function table(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const FIGURE_COLUMNS = ['median', 'p90', 'p95', 'room ✗', 'floor ✗'];
const figureCells = (f: Figures): string[] => [metres(f.median), metres(f.p90), metres(f.p95), percent(f.wrongRoom), percent(f.wrongFloor)];

function nodeTable(radio: Radio, truths: readonly NodeTruth[], fit: CalibrationFit): string {
  const fits = new Map(fit.nodes.map((n) => [n.node, n]));
  const rssi = radio.scenario.output === 'rssi';
  const columns = rssi
    ? ['node', 'offset dB', 'true ref_power', 'fitted ref_power', 'fitted attenuation (true)', 'samples', 'residual dB']
    : ['node', 'offset dB', 'true scale', 'fitted distance_scale', 'samples', 'residual %'];
  const rows = truths.map((truth) => {
    const node = fits.get(truth.id);
    const fitted = node?.fitted ?? {};
    const cells = rssi
      ? [truth.model.refPower.toFixed(1), value(fitted.ref_power, 1), `${value(fitted.attenuation, 2)} (${truth.model.attenuation})`]
      : [truth.scale.toFixed(3), value(fitted.distance_scale, 3)];
    return [truth.id, signed(truth.offset, 1), ...cells, String(node?.samples ?? 0), node?.residual?.toFixed(1) ?? '—'];
  });
  return table(columns, rows);
}

/** The plan with each node's true values written in: what a perfect calibration of the offsets would give. */
function oracle(house: FloorplanConfig, radio: Radio, truths: readonly NodeTruth[]): FloorplanConfig {
  const byId = new Map(truths.map((t) => [t.id, t]));
  return {
    ...house,
    beaconNodes: house.beaconNodes.map((node) => {
      const truth = byId.get(node.id)!;
      return radio.scenario.output === 'rssi' ? { ...node, refPower: truth.model.refPower } : { ...node, distanceScale: truth.scale };
    }),
  };
}

/** One household: the house with one draw of miscalibrated nodes, heard as Bermuda's distances and as raw RSSI. */
interface Household {
  truths: NodeTruth[];
  radios: Radio[];
}

function household(house: FloorplanConfig, walk: Scenario, seed: number): Household {
  const truths = miscalibration(house, seed);
  const nodeModels = Object.fromEntries(truths.map((t) => [t.id, { refPower: t.model.refPower }]));
  return {
    truths,
    radios: [
      { label: 'Bermuda distances', scenario: { ...walk, nodeModels } },
      { label: 'raw RSSI', scenario: { ...walk, nodeModels, output: 'rssi', bermuda: null } },
    ],
  };
}

/** A session at k spots per floor and the walk with its apply. */
interface Calibrated {
  spots: Spot[];
  fit: CalibrationFit;
  walk: Figures;
}

async function calibratedWalk(dir: string, house: FloorplanConfig, radio: Radio, k: number, seed: number): Promise<Calibrated> {
  const spots = spotsPerFloor(k);
  const { fit, calibrated } = await standHereSession(dir, radio, spots, SESSION_SEEDS + seed);
  return { spots, fit, walk: await walkFigures(house, radio, calibrated) };
}

async function simulatedRuns(dir: string): Promise<string[]> {
  const { scenario: walk, problems } = parseScenario(readFileSync(HOUSE_SCENARIO_FILE, 'utf8'), HOUSE_SCENARIO_FILE);
  if (walk === null) throw new Error(`${HOUSE_SCENARIO_FILE}: ${problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('; ')}`);
  const house = (await loadStore(dir, 'floorplan.yaml')).config;
  const out: string[] = [];
  const spotRows: string[][] = [];
  const householdRows: string[][] = [];

  for (let seed = 1; seed <= HOUSEHOLDS; seed++) {
    const { truths, radios } = household(house, walk, seed);
    const offsets = truths.map((t) => t.offset);
    for (const radio of radios) {
      const before = await walkFigures(house, radio, house);
      // The first household: the fit per node, and how the result depends on the number of spots.
      const counts = seed === 1 ? SPOTS_PER_FLOOR : [SPOTS_PER_FLOOR[SPOTS_PER_FLOOR.length - 1]!];
      const sessions: Calibrated[] = [];
      for (const k of counts) sessions.push(await calibratedWalk(dir, house, radio, k, seed));
      const full = sessions[sessions.length - 1]!;
      if (seed === 1) {
        out.push(`Per node, ${radio.label}, ${full.spots.length} spots (${full.spots.map((s) => s.room).join(', ')}):`, nodeTable(radio, truths, full.fit), '');
        spotRows.push([radio.label, 'none', '—', ...figureCells(before)]);
        spotRows.push([radio.label, 'true values', '—', ...figureCells(await walkFigures(house, radio, oracle(house, radio, truths)))]);
        for (const s of sessions) spotRows.push([radio.label, String(s.spots.length), `${metres(s.fit.error_before)} → ${metres(s.fit.error_after)}`, ...figureCells(s.walk)]);
      }
      const span = `${signed(Math.min(...offsets), 1)} to ${signed(Math.max(...offsets), 1)}`;
      const brief = (f: Figures): string[] => [metres(f.median), metres(f.p90), percent(f.wrongRoom)];
      householdRows.push([String(seed), radio.label, span, ...brief(before), ...brief(full.walk)]);
    }
  }
  out.push(
    `House walk, seeds 1–${WALK_SEEDS}, household 1 (node offsets as above), by spots recorded:`,
    table(['radio', 'spots', 'at spots before → after', ...FIGURE_COLUMNS], spotRows),
    '',
    `House walk, seeds 1–${WALK_SEEDS}, ${HOUSEHOLDS} households (offset draws), before and after a session at ${spotsPerFloor(SPOTS_PER_FLOOR.length).length} spots:`,
    table(['household', 'radio', 'offsets dB', 'before median', 'p90', 'room ✗', 'after median', 'p90', 'room ✗'], householdRows),
  );
  return out;
}

// Kolakowski

/**
 * A stand-here session emulated on the recording: spot centres drawn (seeded) among the positions
 * of calibration_df's rows, i.e. where the robot went, each at least MIN_SEPARATION from those
 * drawn before; a spot's samples are the rows within SPOT_RADIUS of its centre, each with the
 * row's own position as the truth.
 */
const SPOT_RADIUS = 0.5;
const MIN_SEPARATION = 1.5;
const FLAT_SPOT_COUNTS = [3, 5, 10];
const FLAT_DRAWS = 50;

function drawSpots(rows: readonly Row[], count: number, seed: number): Vec2[] {
  const prng = new Prng(seed);
  const spots: Vec2[] = [];
  for (let tries = 0; spots.length < count; tries++) {
    if (tries > 100_000) throw new Error(`cannot place ${count} spots ${MIN_SEPARATION} m apart among the calibration rows`);
    const [x, y] = rows[Math.floor(prng.next() * rows.length)]!.truth;
    if (spots.every(([sx, sy]) => Math.hypot(sx - x, sy - y) >= MIN_SEPARATION)) spots.push([x, y]);
  }
  return spots;
}

/** The robot run located tracked and single-shot. */
interface Located {
  tracked: Figures;
  single: Figures;
}

function kolakowskiRuns(): string[] {
  const data = loadKolakowski(KOLAKOWSKI_DIR);
  const uncalibrated = kolakowskiConfig(data);
  const locate = (config: FloorplanConfig): Located => {
    const score = (fixes: Fix[]): Figures => summarise([data.test.map(({ truth: [x, y] }, i) => scoreFix(fixes[i]!, { x, y, room: null, floor: null }))]);
    return { tracked: score(locateTracked(config, data.test)), single: score(locateSingleShot(config, data.test)) };
  };
  const calibratedFrom = (rows: readonly Row[]): FloorplanConfig => applyCalibration(uncalibrated, calibrate(uncalibrated, calibrationSamples(rows)));
  // Each figure of one run, or its median over the draws of a spot count.
  const cells = (runs: readonly Located[]): string[] =>
    (['tracked', 'single'] as const).flatMap((mode) =>
      (['median', 'p90', 'p95'] as const).map((figure) => metres(median(runs.map((r) => r[mode][figure])))),
    );

  const rows: string[][] = [['(a) uncalibrated: ref_power −55, attenuation 3', '—', ...cells([locate(uncalibrated)]), '—']];
  for (const count of FLAT_SPOT_COUNTS) {
    const samples: number[] = [];
    const runs = Array.from({ length: FLAT_DRAWS }, (_, i) => {
      const centres = drawSpots(data.calibration, count, i + 1);
      const near = data.calibration.filter((row) => centres.some(([x, y]) => Math.hypot(row.truth[0] - x, row.truth[1] - y) <= SPOT_RADIUS));
      samples.push(calibrationSamples(near).length);
      return locate(calibratedFrom(near));
    });
    const medians = runs.map((r) => r.tracked.median);
    const spread = `${metres(percentile(medians, 10))}–${metres(percentile(medians, 90))}`;
    rows.push([`(b) ${count} spots, median of ${FLAT_DRAWS} draws`, String(Math.round(median(samples))), ...cells(runs), spread]);
  }
  rows.push(['(c) all of calibration_df', String(calibrationSamples(data.calibration).length), ...cells([locate(calibratedFrom(data.calibration))]), '—']);
  return [
    `Kolakowski robot run (${data.test.length} rows), by the calibration the engine is given:`,
    table(['calibration', 'samples', 'tracked median', 'p90', 'p95', 'single-shot median', 'p90', 'p95', 'tracked median p10–p90 of draws'], rows),
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'floorplan-calibration-bench-'));
  try {
    console.log([...(await simulatedRuns(dir)), '', ...kolakowskiRuns()].join('\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log('');
  console.log('Horizontal error in metres. House walk: median, p90, p95 of each seed\'s fixes, then the median over seeds; room ✗, floor ✗ pooled.');
  console.log('Kolakowski (b): each figure\'s median over the draws of spots; the last column the spread of the tracked median over them.');
  console.log(KOLAKOWSKI_ATTRIBUTION);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

await main();
