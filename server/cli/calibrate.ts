/** `floorplan calibrate`: fits each scanner's radio model from samples at known positions. */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { calibrate, shadowingShareOf, type CalibrationReport, type CalibrationSample } from '../calibration/calibrate.ts';
import { readSamples } from '../calibration/samples.ts';
import { calibrationEdits, DECIMALS, writtenFields } from '../calibration/write.ts';
import { ConfigEditError, editConfigFile } from '../config/edit.ts';
import { loadConfigText } from '../config/load.ts';
import type { FloorplanConfig } from '../config/types.ts';
import { fail, formatProblem, openInput, parseOptions, usageError } from './common.ts';

const USAGE = `Usage: floorplan calibrate --config FILE [--input SAMPLES] [--write]

Fits each scanner's radio model from readings taken at known positions: ref_power and
attenuation from RSSI samples, distance_scale from distance samples. Prints one row per
scanner with the samples used, the fitted values, the spread of the samples around the fit and
the share of its variance that persists at a spot (from several samples at each spot).

Options:
  -c, --config FILE     floorplan.yaml
  -i, --input SAMPLES   samples as JSON Lines; default or - : stdin
  -w, --write           write the fitted values into FILE as per-node settings, keeping its
                        comments and layout (values flagged as implausible are not written)
  -h, --help            show this help

Sample lines: {"t": <s>, "device": "<id>", "scanner": "<node id>", "rssi": <dBm>,
               "truth": [x, y, z]}   (or "distance": <m> instead of "rssi")
Exit status: 0 on success (warnings are fine); 1 when the config has errors, a sample line is
malformed (nothing is written then), no sample matches a scanner, or the write is refused;
2 on misuse. See docs/CALIBRATION.md.
`;

export async function runCalibrate(argv: string[]): Promise<number> {
  const args = parseOptions(
    'calibrate',
    argv,
    {
      config: { type: 'string', short: 'c' },
      input: { type: 'string', short: 'i' },
      write: { type: 'boolean', short: 'w' },
    },
    USAGE,
  );
  if (typeof args === 'number') return args;
  if (args.config === undefined) return usageError('calibrate', '--config is required', USAGE);

  // The text is kept so that --write can refuse if the file changes while the samples are read.
  let text: string;
  try {
    text = await readFile(args.config, 'utf8');
  } catch (err) {
    return fail('calibrate', (err as Error).message);
  }
  const loaded = loadConfigText(text, args.config);
  for (const problem of loaded.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  const config = loaded.config;
  if (config === null) return 1;

  const inputPath = args.input ?? '-';
  const inputName = inputPath === '-' ? '<stdin>' : inputPath;
  let input: Readable;
  try {
    input = await openInput(inputPath);
  } catch (err) {
    return fail('calibrate', (err as Error).message);
  }
  const samples: CalibrationSample[] = [];
  let malformed = 0;
  try {
    for await (const item of readSamples(input)) {
      if (item.kind === 'sample') samples.push(item.sample);
      else {
        malformed++;
        process.stderr.write(`${inputName}:${item.line}: ${item.message}\n`);
      }
    }
  } catch (err) {
    return fail('calibrate', (err as Error).message);
  } finally {
    if (input !== process.stdin) input.destroy();
  }

  const report = calibrate(config, samples);
  process.stdout.write(formatReport(config, report));
  process.stderr.write(`calibrate: ${samples.length} samples, ${malformed} malformed lines\n`);
  if (report.nodes.length === 0) return fail('calibrate', 'no sample matches a beacon node: nothing to fit');
  if (!args.write) return malformed > 0 ? 1 : 0;

  if (malformed > 0) return fail('calibrate', `not writing ${args.config}: fix the ${malformed} malformed sample lines first`);
  const edits = calibrationEdits(config, report);
  if (edits.length === 0) {
    process.stdout.write(`\nnothing to write: no node has a usable fit\n`);
    return 0;
  }
  try {
    await editConfigFile(args.config, edits, { expectedText: text });
  } catch (err) {
    return fail('calibrate', err instanceof ConfigEditError ? err.message : `cannot write ${args.config}: ${(err as Error).message}`);
  }
  const changes = edits.map(({ path, value }) => {
    const fields = Object.entries(value as Record<string, number>).map(([k, v]) => `${k} ${v}`);
    return `  ${JSON.stringify(path[path.length - 1])}: ${fields.join(', ')}`;
  });
  process.stdout.write(`\nwrote ${args.config}:\n${changes.join('\n')}\n`);
  return 0;
}

/** One row per node with its warnings underneath, then the report's own warnings. */
function formatReport(config: FloorplanConfig, report: CalibrationReport): string {
  const header = ['node', 'kind', 'samples', 'ref_power', 'attenuation', 'distance_scale', 'spread', 'persists'];
  const rows = report.nodes.map((fit) => {
    const node = config.beaconNodes.find((n) => n.key === fit.key);
    const value = writtenFields(fit);
    // An attenuation that was held rather than fitted is shown in parentheses: it is not written.
    const held = node?.attenuation ?? config.rssiModel.attenuation;
    const spreadUnit = fit.kind === 'rssi' ? ' dB' : ' %';
    return [
      node?.id ?? fit.key,
      fit.kind,
      String(fit.samples),
      value.ref_power === undefined ? '-' : value.ref_power.toFixed(DECIMALS.ref_power),
      value.attenuation !== undefined
        ? value.attenuation.toFixed(DECIMALS.attenuation)
        : fit.kind === 'rssi' && value.ref_power !== undefined
          ? `(${held})`
          : '-',
      value.distance_scale === undefined ? '-' : value.distance_scale.toFixed(DECIMALS.distance_scale),
      Number.isNaN(fit.spread) ? '-' : `${fit.spread.toFixed(1)}${spreadUnit}`,
      fit.shadowingShare === undefined ? '-' : fit.shadowingShare.toFixed(2),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  // Names left-aligned, numbers right-aligned.
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const out = [line(header)];
  report.nodes.forEach((fit, i) => {
    out.push(line(rows[i] as string[]));
    for (const warning of fit.warnings) out.push(`  warning: ${warning}`);
  });
  const share = shadowingShareOf(report);
  out.push(
    share === null
      ? 'shadowing share: not measured (take several samples at each spot to measure it)'
      : `shadowing share: ${share.toFixed(2)} of the spread's variance persists while the device stays (median over the nodes)`,
  );
  for (const warning of report.warnings) out.push(`warning: ${warning}`);
  return `${out.join('\n')}\n`;
}
