/**
 * `floorplan simulate`: readings (and ground truth) for walkers described by a scenario file.
 */
import { readFile } from 'node:fs/promises';
import type { FloorplanConfig } from '../config/types.ts';
import type { RawReading } from '../engine/types.ts';
import { CSV_HEADER, formatFromPath, formatReading } from '../providers/replay.ts';
import { parseScenario, simulationOptions, type Scenario } from '../providers/scenario.ts';
import { simulate } from '../providers/simulator.ts';
import { LineWriter, fail, formatProblem, loadConfigReporting, parseOptions, round, usageError } from './common.ts';

const USAGE = `Usage: floorplan simulate --config FILE --scenario SCENARIO [--seed N] [--duration S]
                          [--output READINGS] [--truth TRUTH]

Simulates walkers moving through the floor plan and the readings its beacon nodes report:
log-distance path loss with each node's parameters, Gaussian noise, walls and floors in the way,
shadowing that persists at a spot, multipath bursts, packet loss and a hearing range; optionally
as Bermuda publishes them.

Options:
  -c, --config FILE        floorplan.yaml (nodes, their ref_power and attenuation, rooms as walls)
  -s, --scenario SCENARIO  scenario, YAML or JSON (see below)
      --seed N             seed of the random generator (default 1): same seed, same output
  -d, --duration S         seconds to simulate (default: the scenario's, else until the walks end)
  -o, --output READINGS    readings, JSON Lines or CSV (.csv); default or - : stdout
  -t, --truth TRUTH        true positions as JSON Lines {"t", "device", "position": [x, y, z]}
  -h, --help               show this help

Scenario (every key but output and walkers is optional; docs/SIMULATOR.md has the details):
  duration: 120            # seconds (default: until the walks end)
  advert_interval: 1       # seconds between adverts of a device (default 1)
  sigma_db: 4              # RSSI noise standard deviation, dB (default 4)
  packet_loss: 0.1         # probability that a node misses an advert (default 0.1)
  max_range: 15            # nodes farther than this (m) hear nothing (default 15)
  wall_loss_db: 3          # loss per wall crossed, dB (default 3)
  floor_loss_db: 10        # loss per floor slab crossed, dB (default 10)
  multipath: {rate: 0.02, duration: 3, extra_db: 8}   # bursts/s per link, mean s, dB (rate 0: off)
  shadowing: {sigma_db: 3, distance: 1}   # per node, smooth over the plan: dB, m to correlate 1/e (default off)
  nodes:                   # true radio parameters differing from floorplan.yaml (mis-calibration)
    "D4:8A:FC:10:00:01": {ref_power: -61, attenuation: 3.3}
  bermuda: {cycle: 1.05, samples: 20, rate_limit: 10, unknown_after: 30}   # absent: raw readings
  output: distance         # distance (as Bermuda reports it) or rssi
  walkers:
    - device: phone_alice
      speed: 1.2           # m/s
      pause: 5             # seconds at each waypoint (default 0)
      loop: true           # walk back to the first waypoint and repeat (default false)
      waypoints: [[1, 1, 1], [4, 1, 1], [4, 3, 3.8]]   # x, y, z above ground
`;

export async function runSimulate(argv: string[]): Promise<number> {
  const args = parseOptions(
    'simulate',
    argv,
    {
      config: { type: 'string', short: 'c' },
      scenario: { type: 'string', short: 's' },
      seed: { type: 'string', default: '1' },
      duration: { type: 'string', short: 'd' },
      output: { type: 'string', short: 'o' },
      truth: { type: 'string', short: 't' },
    },
    USAGE,
  );
  if (typeof args === 'number') return args;
  if (args.config === undefined) return usageError('simulate', '--config is required', USAGE);
  if (args.scenario === undefined) return usageError('simulate', '--scenario is required', USAGE);
  const seed = parseSeed(args.seed);
  if (seed === null) return usageError('simulate', `--seed must be an integer, got "${args.seed}"`, USAGE);
  const duration = args.duration === undefined ? undefined : parsePositive(args.duration);
  if (duration === null) return usageError('simulate', `--duration must be a positive number of seconds, got "${args.duration}"`, USAGE);
  const outputPath = args.output ?? '-';
  if (outputPath === '-' && args.truth === '-') return usageError('simulate', 'readings and truth cannot both go to stdout', USAGE);

  const config = await loadConfigReporting(args.config);
  const scenario = await loadScenarioReporting(args.scenario, config);
  if (config === null || scenario === null) return 1;
  const options = simulationOptions(scenario, seed, duration);
  if (options.duration === Infinity) {
    return usageError('simulate', 'walkers loop and the scenario sets no duration: pass --duration', USAGE);
  }

  const format = outputPath === '-' ? 'jsonl' : formatFromPath(outputPath);
  const readingsOut = new LineWriter(outputPath);
  const truthOut = args.truth === undefined ? null : new LineWriter(args.truth);
  let readings = 0;
  let samples = 0;
  let readerGone = false;
  try {
    if (format === 'csv') await readingsOut.write(CSV_HEADER);
    for (const event of simulate(config, options)) {
      if (event.kind === 'reading') {
        readings++;
        readerGone = !(await readingsOut.write(formatReading(roundReading(event.reading), format)));
      } else if (truthOut !== null) {
        samples++;
        const position = event.position.map((v) => round(v, 3));
        readerGone = !(await truthOut.write(JSON.stringify({ t: round(event.t, 3), device: event.device, position })));
      }
      if (readerGone) break;
    }
    await readingsOut.close();
    await truthOut?.close();
  } catch (err) {
    return fail('simulate', (err as Error).message);
  }
  // Whoever closed the pipe (e.g. `| head`) has what they wanted: stop quietly.
  if (readerGone) return 0;
  process.stderr.write(
    `simulate: ${readings} readings${truthOut ? `, ${samples} truth samples` : ''}, ` +
      `${options.walkers.length} walkers, ${round(options.duration, 3)} s, seed ${seed}\n`,
  );
  return 0;
}

export function parseSeed(text: string): number | null {
  return /^-?\d+$/.test(text.trim()) ? Number(text) : null;
}

/** A positive finite number (durations, speeds); null if the text is not one. */
export function parsePositive(text: string): number | null {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * Loads a scenario, printing its problems to stderr; null when it has any. With the floor plan,
 * the scenario's node ids are checked against it.
 */
export async function loadScenarioReporting(path: string, config: FloorplanConfig | null): Promise<Scenario | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    process.stderr.write(`${path}:1:1: error: cannot read file: ${(err as Error).message}\n`);
    return null;
  }
  const { scenario, problems } = parseScenario(text, path, config ?? undefined);
  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  return scenario;
}

/** Readings as written: ms, mm and 0.01 dB are all a radio can tell. Bermuda's "unknown" stays. */
function roundReading(reading: RawReading): RawReading {
  const { t, device, scanner, distance, rssi } = reading;
  const rounded: RawReading = { t: round(t, 3), device, scanner };
  if (distance !== undefined) rounded.distance = typeof distance === 'number' ? round(distance, 3) : distance;
  if (typeof rssi === 'number') rounded.rssi = round(rssi, 2);
  return rounded;
}
