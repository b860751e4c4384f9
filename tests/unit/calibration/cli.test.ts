import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type Captured } from '../../support/capture.ts';
import type { CalibrationSample } from '../../../server/calibration/calibrate.ts';
import { runCalibrate } from '../../../server/cli/calibrate.ts';
import { loadConfigText } from '../../../server/config/load.ts';
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { floorOf, SampleMaker, toJsonLines } from './synthetic.ts';

const EXAMPLE = fileURLToPath(new URL('../../../floorplan/example.yaml', import.meta.url));
const BROKEN = fileURLToPath(new URL('../../fixtures/broken-floorplan.yaml', import.meta.url));

let dir: string;
let config: string;
let original: string;
let output: Captured;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floorplan-calibrate-'));
  config = join(dir, 'floorplan.yaml');
  await copyFile(EXAMPLE, config);
  original = await readFile(config, 'utf8');
  output = captureOutput();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const loaded = (text: string): FloorplanConfig => loadConfigText(text, 'x').config as FloorplanConfig;

interface Truth {
  refPower: number;
  attenuation: number;
}

/** RSSI samples for every node but office-proxy, which reports distances 20 % short. */
function houseSamples(seed: number): { samples: CalibrationSample[]; truths: Map<string, Truth> } {
  const make = new SampleMaker(seed);
  const truths = new Map<string, Truth>();
  const samples: CalibrationSample[] = [];
  const config = loaded(original);
  for (const node of config.beaconNodes) {
    const floor = floorOf(config, node.key);
    for (let i = 0; i < 300; i++) {
      const at = make.point(floor);
      if (node.id === 'office-proxy') {
        samples.push(make.distance(node.id, node.coordinates, at, 1.2, { sigma: 0.15, outliers: 0.1 }));
        continue;
      }
      const truth = truths.get(node.id) ?? { refPower: make.prng.uniform(-70, -55), attenuation: make.prng.uniform(2.2, 3.8) };
      truths.set(node.id, truth);
      samples.push(make.rssi(node.id, node.coordinates, at, truth, { sigma: 3, outliers: 0.1 }));
    }
  }
  return { samples, truths };
}

async function writeSamples(text: string): Promise<string> {
  const path = join(dir, 'samples.jsonl');
  await writeFile(path, text);
  return path;
}

/** Values of the calibrated keys blanked, so that the rest of two texts can be compared. */
const blanked = (text: string): string[] =>
  text.split('\n').map((line) => line.replace(/^(\s+(?:ref_power|attenuation|distance_scale|noise_db): )-?[\d.]+/, '$1X'));

describe('floorplan calibrate', () => {
  it('prints a row per node and leaves the file alone without --write', async () => {
    const input = await writeSamples(toJsonLines(houseSamples(1).samples));
    expect(await runCalibrate(['--config', config, '--input', input])).toBe(0);
    const lines = output.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^node\s+kind\s+samples\s+ref_power\s+attenuation\s+distance_scale\s+spread\s+persists$/);
    expect(lines).toHaveLength(13);
    // Every sample at a spot of its own: nothing says how much of the spread persists at a spot.
    expect(lines.find((l) => l.startsWith('office-proxy '))).toMatch(/^office-proxy\s+distance\s+300\s+-\s+-\s+1\.\d{3}\s+\d+\.\d %\s+-$/);
    expect(lines.find((l) => l.startsWith('D4:8A:FC:10:00:01 '))).toMatch(
      /^D4:8A:FC:10:00:01\s+rssi\s+300\s+-\d+\.\d\s+\d\.\d\d\s+-\s+\d\.\d dB\s+-$/,
    );
    expect(lines.at(-1)).toBe('shadowing share: not measured (take several samples at each spot to measure it)');
    expect(output.stderr).toBe('calibrate: 3300 samples, 0 malformed lines\n');
    expect(await readFile(config, 'utf8')).toBe(original);
  });

  it('--write sets the fitted values and keeps everything else as written', async () => {
    const { samples, truths } = houseSamples(2);
    const input = await writeSamples(toJsonLines(samples));
    expect(await runCalibrate(['-c', config, '-i', input, '--write'])).toBe(0);
    const text = await readFile(config, 'utf8');

    const after = loaded(text);
    for (const node of after.beaconNodes) {
      const truth = truths.get(node.id);
      if (truth === undefined) {
        expect(node.distanceScale! / 1.2).toBeCloseTo(1, 1);
        expect(node.refPower).toBe(-62); // as it was: distance samples do not touch it
        continue;
      }
      expect(Math.abs(node.refPower! - truth.refPower), node.id).toBeLessThan(2.5);
      expect(Math.abs(node.attenuation! - truth.attenuation), node.id).toBeLessThan(0.35);
      expect(output.stdout).toContain(`  "${node.id}": ref_power ${node.refPower}, attenuation ${node.attenuation}\n`);
    }
    expect(output.stdout).toContain(`wrote ${config}:\n`);
    // The noise the fit measured is what the tracker weighs readings by: the samples have 3 dB.
    expect(after.rssiNoiseDb).toBeGreaterThan(2.5);
    expect(after.rssiNoiseDb).toBeLessThan(3.5);

    // Every original line is still there, in order, with its comment; the only new lines are
    // calibrated keys (one attenuation existed, the office proxy's ref_power is kept).
    const before = blanked(original);
    const now = blanked(text);
    // Ten RSSI nodes get ref_power and attenuation (the bathroom had one), the office a scale,
    // the RSSI model its noise.
    expect(now.length - before.length).toBe(10 * 2 - 1 + 1 + 1);
    let j = 0;
    const extra: string[] = [];
    for (const line of now) {
      if (line === before[j]) j++;
      else extra.push(line);
    }
    expect(j).toBe(before.length);
    expect(new Set(extra)).toEqual(new Set(['      ref_power: X', '      attenuation: X', '      distance_scale: X', '    noise_db: X']));
    expect(text).toMatch(/\n {6}attenuation: [\d.]+ # tiles and water: signal falls off faster\n/);
  });

  it('--write records how much of the noise persists, measured from repeated samples at each spot', async () => {
    const make = new SampleMaker(4);
    const samples: CalibrationSample[] = [];
    const configured = loaded(original);
    const model = { refPower: -60, attenuation: 3 };
    for (const node of configured.beaconNodes.filter((n) => n.id !== 'office-proxy')) {
      for (let spot = 0; spot < 100; spot++) {
        const at = make.point(floorOf(configured, node.key));
        // 3 dB in all: 0.6 of its variance stays at the spot, the rest changes from sample to sample.
        const offset = make.prng.normal(0, 3 * Math.sqrt(0.6));
        for (let i = 0; i < 5; i++) samples.push(make.rssi(node.id, node.coordinates, at, { ...model, refPower: model.refPower + offset }, { sigma: 3 * Math.sqrt(0.4), outliers: 0 }));
      }
    }
    const input = await writeSamples(toJsonLines(samples));
    expect(await runCalibrate(['-c', config, '-i', input, '--write'])).toBe(0);
    const after = loaded(await readFile(config, 'utf8'));
    expect(Math.abs(after.shadowingShare - 0.6)).toBeLessThan(0.1);
    expect(output.stdout).toContain(`shadowing share: ${after.shadowingShare.toFixed(2)} of the spread's variance persists`);
    expect(output.stdout).toMatch(/"rssi_model": noise_db [\d.]+, shadowing_share 0\.\d+\n/);
  });

  it('refuses to write with malformed sample lines, reporting them, and exits 1', async () => {
    const text = toJsonLines(houseSamples(3).samples);
    const input = await writeSamples(`${text}{"t": 1, "device": "tag", "scanner": "office-proxy", "distance": 2}\nnot json\n`);
    expect(await runCalibrate(['--config', config, '--input', input, '--write'])).toBe(1);
    const lines = text.split('\n').length;
    expect(output.stderr).toContain(`${input}:${lines}: missing "truth" (the true position [x, y, z])\n`);
    expect(output.stderr).toContain(`${input}:${lines + 1}: not valid JSON`);
    expect(output.stderr).toContain(`not writing ${config}: fix the 2 malformed sample lines first\n`);
    expect(await readFile(config, 'utf8')).toBe(original);
  });

  it('exits 1 on a broken config or samples that match no scanner, 2 on misuse', async () => {
    const input = await writeSamples(toJsonLines(houseSamples(4).samples));
    expect(await runCalibrate(['--config', BROKEN, '--input', input])).toBe(1);
    expect(output.stderr).toContain('error: rooms.hall.floor: unknown floor `basement`');

    const stranger = await writeSamples('{"t": 0, "device": "tag", "scanner": "garage", "rssi": -70, "truth": [1, 1, 1]}\n');
    expect(await runCalibrate(['--config', config, '--input', stranger, '--write'])).toBe(1);
    expect(output.stdout).toContain('warning: 1 samples from scanners that match no beacon node: garage');
    expect(output.stderr).toContain('no sample matches a beacon node');
    expect(await readFile(config, 'utf8')).toBe(original);

    expect(await runCalibrate(['--input', input])).toBe(2);
    expect(output.stderr).toContain('--config is required');
  });
});
