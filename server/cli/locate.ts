/** `floorplan locate`: recorded readings in, one fix per device and timestamp (or batch) out, as JSON Lines. */
import type { Readable } from 'node:stream';
import { Engine } from '../engine/engine.ts';
import { REJECT_REASONS, type Fix } from '../engine/types.ts';
import { batchByTime, formatFromPath, readReadings } from '../providers/replay.ts';
import { LineWriter, fail, loadConfigReporting, openInput, parseOptions, round, usageError } from './common.ts';
import { parsePositive } from './simulate.ts';

const USAGE = `Usage: floorplan locate --config FILE [--input READINGS] [--output FIXES] [--window S]

Replays recorded readings through the engine and writes one fix per device and timestamp.

Options:
  -c, --config FILE      floorplan.yaml
  -i, --input READINGS   readings as JSON Lines, or CSV (.csv); default or - : stdin
                         (stdin is read as CSV when its first line does not start with "{")
  -o, --output FIXES     fixes as JSON Lines; default or - : stdout
  -w, --window S         locate readings within S seconds of a batch's first together, one fix
                         per device and batch, as the sidecar does with Home Assistant's (0.1);
                         default: readings with the same timestamp
  -h, --help             show this help

Reading lines: {"t": <s>, "device": "<id>", "scanner": "<node id>", "distance": <m>}
               (or "rssi": <dBm> instead of "distance"), sorted by t.
Malformed lines are reported on stderr and skipped; the exit code is then 1.
`;

export async function runLocate(argv: string[]): Promise<number> {
  const args = parseOptions(
    'locate',
    argv,
    {
      config: { type: 'string', short: 'c' },
      input: { type: 'string', short: 'i' },
      output: { type: 'string', short: 'o' },
      window: { type: 'string', short: 'w' },
    },
    USAGE,
  );
  if (typeof args === 'number') return args;
  if (args.config === undefined) return usageError('locate', '--config is required', USAGE);
  const window = args.window === undefined ? 0 : parsePositive(args.window);
  if (window === null) return usageError('locate', `--window must be a positive number of seconds, got "${args.window}"`, USAGE);

  // Config errors stop the run before any input is read.
  const config = await loadConfigReporting(args.config);
  if (config === null) return 1;

  const inputPath = args.input ?? '-';
  let input: Readable;
  try {
    input = await openInput(inputPath);
  } catch (err) {
    return fail('locate', (err as Error).message);
  }
  const inputName = inputPath === '-' ? '<stdin>' : inputPath;
  const output = new LineWriter(args.output ?? '-');

  const engine = new Engine(config);
  const devices = new Set<string>();
  let readings = 0;
  let fixes = 0;
  let malformed = 0;
  let readerGone = false;
  try {
    batches: for await (const item of batchByTime(readReadings(input, inputPath === '-' ? undefined : formatFromPath(inputPath)), window)) {
      if (item.kind === 'error') {
        malformed++;
        process.stderr.write(`${inputName}:${item.line}: ${item.message}\n`);
        continue;
      }
      readings += item.readings.length;
      // Devices whose readings all aged out before this batch are reported once, without a position.
      for (const fix of [...engine.expire(item.t), ...engine.processBatch(item.readings)]) {
        devices.add(fix.device);
        if (!(await output.write(formatFix(fix)))) {
          readerGone = true;
          break batches;
        }
        fixes++;
      }
    }
    await output.close();
  } catch (err) {
    return fail('locate', (err as Error).message);
  } finally {
    if (input !== process.stdin) input.destroy();
  }
  // Whoever closed the pipe has what they wanted; a summary would only clutter their terminal.
  if (readerGone) return malformed > 0 ? 1 : 0;

  const counts = engine.rejectionCounts();
  const rejected = REJECT_REASONS.filter((reason) => counts[reason] > 0).map((reason) => `${reason} ${counts[reason]}`);
  process.stderr.write(
    `locate: ${readings} readings, ${fixes} fixes written, ${devices.size} devices, ${malformed} malformed lines\n` +
      `locate: rejected readings: ${rejected.length > 0 ? rejected.join(', ') : 'none'}\n`,
  );
  return malformed > 0 ? 1 : 0;
}

/** One fix as an output line: the fields a consumer needs, rounded to what the radio supports. */
function formatFix(fix: Fix): string {
  return JSON.stringify({
    t: fix.t,
    device: fix.device,
    coordinates: fix.coordinates?.map((v) => round(v, 3)) ?? null,
    accuracy: fix.accuracy === null ? null : round(fix.accuracy, 3),
    confidence: round(fix.confidence, 3),
    floor: fix.floor,
    room: fix.room,
    method: fix.method,
  });
}
