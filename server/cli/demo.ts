/**
 * `floorplan demo` (`npm start`): simulated walkers in the example house, located live, so a
 * newcomer sees the engine work within seconds. Temporary, until the card-based demo exists.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Vec3 } from '../config/types.ts';
import { Engine } from '../engine/engine.ts';
import type { Fix } from '../engine/types.ts';
import { batchByTime } from '../providers/replay.ts';
import { simulate } from '../providers/simulator.ts';
import { loadConfigReporting, parseOptions, usageError } from './common.ts';
import { simulationOptions } from '../providers/scenario.ts';
import { loadScenarioReporting, parsePositive, parseSeed } from './simulate.ts';

const USAGE = `Usage: floorplan demo [--speed N] [--duration S] [--seed N] [--config FILE] [--scenario FILE]

Simulates people walking through the example house and locates them in real time, printing
each device's estimated position, accuracy, floor and room, and the room it is really in,
once a second. Stop with Ctrl-C.

Options:
      --speed N          simulated seconds per real second (default 1)
  -d, --duration S       stop after S simulated seconds (default: the scenario's, else until Ctrl-C)
      --seed N           seed of the random generator (default 1)
  -c, --config FILE      floor plan (default floorplan/example.yaml)
  -s, --scenario FILE    walkers (default tests/fixtures/scenarios/example-walk.yaml)
  -h, --help             show this help
`;

/** How often the table is printed, in real milliseconds. */
const REFRESH_MS = 1000;

interface DeviceState {
  fix: Fix | null;
  truth: Vec3 | null;
}

export async function runDemo(argv: string[]): Promise<number> {
  const args = parseOptions(
    'demo',
    argv,
    {
      speed: { type: 'string', default: '1' },
      duration: { type: 'string', short: 'd' },
      seed: { type: 'string', default: '1' },
      // Relative to the working directory: `npm start` runs in the repository.
      config: { type: 'string', short: 'c', default: 'floorplan/example.yaml' },
      scenario: { type: 'string', short: 's', default: 'tests/fixtures/scenarios/example-walk.yaml' },
    },
    USAGE,
  );
  if (typeof args === 'number') return args;
  const speed = parsePositive(args.speed);
  if (speed === null) return usageError('demo', `--speed must be a positive number, got "${args.speed}"`, USAGE);
  const duration = args.duration === undefined ? undefined : parsePositive(args.duration);
  if (duration === null) return usageError('demo', `--duration must be a positive number of seconds, got "${args.duration}"`, USAGE);
  const seed = parseSeed(args.seed);
  if (seed === null) return usageError('demo', `--seed must be an integer, got "${args.seed}"`, USAGE);

  const config = await loadConfigReporting(args.config);
  const scenario = await loadScenarioReporting(args.scenario, config);
  if (config === null || scenario === null) return 1;

  const engine = new Engine(config);
  const options = simulationOptions(scenario, seed, duration);
  const devices = new Map<string, DeviceState>(options.walkers.map((w) => [w.device, { fix: null, truth: null }]));
  const stop = new AbortController();
  const onSigint = (): void => stop.abort();
  process.once('SIGINT', onSigint);

  const start = performance.now();
  let simTime = 0;
  let printedLines = 0;
  const print = (): void => {
    const table = render(engine, devices, simTime, speed);
    // On a terminal, redraw in place; in a pipe or file, append.
    const clear = process.stdout.isTTY && printedLines > 0 ? `\x1b[${printedLines}A\x1b[J` : '';
    process.stdout.write(clear + table);
    printedLines = table.split('\n').length - 1;
  };
  const timer = setInterval(print, REFRESH_MS);

  try {
    for await (const item of batchByTime(simulate(config, options))) {
      // Real time: wait until the wall clock reaches the item's simulated time.
      const due = start + (item.t / speed) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait, undefined, { signal: stop.signal });
      if (stop.signal.aborted) break;
      simTime = item.t;
      if (item.kind === 'truth') devices.get(item.device)!.truth = item.position;
      // A device whose readings all aged out shows as away, not as a frozen dot.
      else for (const fix of [...engine.expire(item.t), ...engine.processBatch(item.readings)]) devices.get(fix.device)!.fix = fix;
    }
  } catch (err) {
    if (!stop.signal.aborted) throw err;
  } finally {
    clearInterval(timer);
    process.off('SIGINT', onSigint);
  }
  print();
  return 0;
}

/** The table for one refresh: one row per device, estimate beside truth. */
function render(engine: Engine, devices: Map<string, DeviceState>, simTime: number, speed: number): string {
  const rows = [['device', 'position (x, y, z) m', '± m', 'floor', 'room', 'true room', '']];
  for (const [device, { fix, truth }] of devices) {
    const trueRoom = truth === null ? null : (engine.model.roomAt(engine.model.floorAt(truth[2]), truth[0], truth[1])?.id ?? null);
    const position = fix?.coordinates ? fix.coordinates.map((v) => v.toFixed(1).padStart(5)).join(' ') : '-';
    rows.push([
      device,
      position,
      fix?.accuracy == null ? '-' : fix.accuracy.toFixed(1),
      fix?.floor ?? '-',
      fix?.room ?? '-',
      trueRoom ?? '-',
      fix && trueRoom !== null ? (fix.room === trueRoom ? 'ok' : 'MISS') : '',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  return `t = ${simTime.toFixed(0)} s (x${speed})\n${lines.join('\n')}\n\n`;
}
