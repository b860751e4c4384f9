/**
 * The real CLI as a child process: simulate readings in the example house, locate them, and check
 * the fixes against the simulator's ground truth.
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfigFile } from '../../server/config/load.ts';
import type { FloorplanConfig, Vec3 } from '../../server/config/types.ts';
import { FloorplanModel } from '../../server/engine/model.ts';
import { cli, ROOT, type CliRun } from '../support/cli.ts';

const CONFIG = join(ROOT, 'floorplan', 'example.yaml');
const EXAMPLE_SCENARIO = join(ROOT, 'tests', 'fixtures', 'scenarios', 'example-walk.yaml');
const DURATION = 120;

const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

interface FixLine {
  t: number;
  device: string;
  coordinates: Vec3 | null;
  accuracy: number | null;
  confidence: number;
  floor: string | null;
  room: string | null;
  method: string;
}

let dir: string;
let readingsFile: string;
let readingsText: string;
let truth: Map<string, { t: number; position: Vec3 }[]>;
let config: FloorplanConfig;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floorplan-e2e-'));
  // The example walk, with the noise the accuracy target is stated for; JSON to cover that too.
  const example = parseYaml(await readFile(EXAMPLE_SCENARIO, 'utf8')) as Record<string, unknown>;
  const scenario = join(dir, 'scenario.json');
  await writeFile(scenario, JSON.stringify({ ...example, sigma_db: 2, duration: DURATION }));
  readingsFile = join(dir, 'readings.jsonl');
  const truthFile = join(dir, 'truth.jsonl');
  const sim = await cli(['simulate', '--config', CONFIG, '--scenario', scenario, '--seed', '7', '--output', readingsFile, '--truth', truthFile]);
  expect(sim.stderr).toMatch(/^simulate: \d+ readings, \d+ truth samples, 3 walkers, 120 s, seed 7\n$/);
  expect(sim.code).toBe(0);
  // The same run as CSV, for the CSV tests.
  const csv = await cli(['simulate', '-c', CONFIG, '-s', scenario, '--seed', '7', '-o', join(dir, 'readings.csv')]);
  expect(csv.code).toBe(0);

  readingsText = await readFile(readingsFile, 'utf8');
  truth = new Map();
  for (const sample of jsonLines(await readFile(truthFile, 'utf8')) as { t: number; device: string; position: Vec3 }[]) {
    const list = truth.get(sample.device) ?? [];
    list.push(sample);
    truth.set(sample.device, list);
  }
  const loaded = await loadConfigFile(CONFIG);
  config = loaded.config!;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The true position at the advert a fix's reading came from: the last truth sample up to t. */
function truthAt(device: string, t: number): Vec3 {
  const samples = truth.get(device)!;
  let found = samples[0]!;
  for (const sample of samples) {
    if (sample.t > t) break;
    found = sample;
  }
  return found.position;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('floorplan locate', () => {
  let located: CliRun;
  let fixesText: string;
  let fixes: FixLine[];
  /** Fixes once every node has had time to be heard, with the truth at their time. */
  let settled: { fix: FixLine; truth: Vec3 }[];

  beforeAll(async () => {
    located = await cli(['locate', '--config', CONFIG, '--input', readingsFile]);
    fixesText = located.stdout;
    fixes = jsonLines(fixesText) as unknown as FixLine[];
    settled = fixes.filter((f) => f.t > 5 && f.coordinates !== null).map((fix) => ({ fix, truth: truthAt(fix.device, fix.t) }));
  });

  it('writes one fix per device and timestamp, with typed fields, and a summary', () => {
    expect(located.code).toBe(0);
    const readings = jsonLines(readingsText) as { t: number; device: string }[];
    // One fix per device per distinct t, in input order.
    const expectedKeys = [...new Set(readings.map((r) => `${r.t} ${r.device}`))];
    expect(fixes.map((f) => `${f.t} ${f.device}`)).toEqual(expectedKeys);

    for (const fix of fixes) {
      expect(Object.keys(fix)).toEqual(['t', 'device', 'coordinates', 'accuracy', 'confidence', 'floor', 'room', 'method']);
      expect(typeof fix.t).toBe('number');
      expect(typeof fix.device).toBe('string');
      expect(fix.confidence).toBeGreaterThanOrEqual(0);
      expect(fix.confidence).toBeLessThanOrEqual(1);
      expect(typeof fix.method).toBe('string');
      if (fix.coordinates === null) continue;
      expect(fix.coordinates).toHaveLength(3);
      for (const v of fix.coordinates) expect(Number.isFinite(v)).toBe(true);
      expect(typeof fix.accuracy).toBe('number');
      expect(fix.floor === null || typeof fix.floor === 'string').toBe(true);
      expect(fix.room === null || typeof fix.room === 'string').toBe(true);
    }

    expect(located.stderr).toBe(
      `locate: ${readings.length} readings, ${fixes.length} fixes written, 3 devices, 0 malformed lines\n` +
        'locate: rejected readings: none\n',
    );
  });

  it('locates simulated walkers close to the truth', () => {
    expect(settled.length).toBeGreaterThan(0.9 * fixes.filter((f) => f.t > 5).length);
    const errors = settled.map(({ fix, truth: [x, y, z] }) => {
      const [fx, fy, fz] = fix.coordinates!;
      return Math.hypot(fx - x, fy - y, fz - z);
    });
    expect(median(errors)).toBeLessThan(1.5);
  });

  it('mostly finds the right floor and room, for every walker', () => {
    const model = new FloorplanModel(config);
    const byDevice = new Map<string, { n: number; floor: number; room: number }>();
    for (const { fix, truth: [x, y, z] } of settled) {
      const floor = model.floorAt(z);
      const s = byDevice.get(fix.device) ?? { n: 0, floor: 0, room: 0 };
      s.n++;
      if (fix.floor === floor) s.floor++;
      if (fix.room === (model.roomAt(floor, x, y)?.id ?? null)) s.room++;
      byDevice.set(fix.device, s);
    }
    const shares = Object.fromEntries(
      [...byDevice].map(([device, s]) => [device, { floor: round2(s.floor / s.n), room: round2(s.room / s.n) }]),
    );
    for (const share of Object.values(shares)) {
      // The message carries every walker's shares, to show where it goes wrong.
      expect(share.floor, JSON.stringify(shares)).toBeGreaterThan(0.85);
      expect(share.room, JSON.stringify(shares)).toBeGreaterThan(0.7);
    }
  });

  it('reports malformed lines with their line numbers, goes on, and exits 1', async () => {
    const file = join(dir, 'damaged.jsonl');
    const lineCount = readingsText.split('\n').filter((line) => line !== '').length;
    const last = JSON.parse(readingsText.trim().split('\n').at(-1)!) as { t: number; device: string; scanner: string };
    const later = { ...last, t: last.t + 1 };
    await writeFile(file, readingsText);
    await appendFile(
      file,
      [
        '{"t": 1000, "device": "phone_alice", ', // not JSON
        JSON.stringify({ t: later.t, scanner: last.scanner, distance: 2 }), // no device
        JSON.stringify({ ...last, t: 0 }), // backwards
        JSON.stringify(later), // fine
        JSON.stringify({ t: later.t, device: 'phone_alice', scanner: 'no-such-node', distance: 2 }), // rejected by the engine
        '',
      ].join('\n'),
    );

    const run = await cli(['locate', '-c', CONFIG, '-i', file, '-o', join(dir, 'damaged-fixes.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const stderr = run.stderr.split('\n');
    expect(stderr[0]).toMatch(new RegExp(`^${escape(file)}:${lineCount + 1}: not valid JSON`));
    expect(stderr[1]).toBe(`${file}:${lineCount + 2}: missing "device"`);
    expect(stderr[2]).toBe(`${file}:${lineCount + 3}: t 0 is before the previous reading's t ${last.t} (input must be sorted by t)`);
    expect(stderr[3]).toMatch(/fixes written, 3 devices, 3 malformed lines$/);
    expect(stderr[4]).toBe('locate: rejected readings: unknown_scanner 1');

    // The good lines still produced their fixes: the undamaged run's, plus one batch at `later.t`.
    const fixes = await readFile(join(dir, 'damaged-fixes.jsonl'), 'utf8');
    expect(fixes.startsWith(fixesText)).toBe(true);
    const extra = jsonLines(fixes.slice(fixesText.length));
    expect(extra.map((f) => [f['t'], f['device']])).toEqual(
      [...new Set([later.device, 'phone_alice'])].map((device) => [later.t, device]),
    );
  });

  it('reads stdin and writes stdout when no files are given, or -', async () => {
    const implicit = await cli(['locate', '--config', CONFIG], readingsText);
    expect(implicit.code).toBe(0);
    expect(implicit.stdout).toBe(fixesText);
    const dash = await cli(['locate', '--config', CONFIG, '--input', '-', '--output', '-'], readingsText);
    expect(dash.stdout).toBe(fixesText);
    expect(implicit.stderr).toMatch(/^locate: \d+ readings/);
  });

  it('reads CSV, by extension or sniffed on stdin', async () => {
    const csvFile = join(dir, 'readings.csv');
    const byExtension = await cli(['locate', '--config', CONFIG, '--input', csvFile]);
    expect(byExtension.code).toBe(0);
    expect(byExtension.stdout).toBe(fixesText);
    const sniffed = await cli(['locate', '--config', CONFIG], await readFile(csvFile, 'utf8'));
    expect(sniffed.code).toBe(0);
    expect(sniffed.stdout).toBe(fixesText);
  });

  it('with --window, locates a cycle whose readings arrive milliseconds apart together, as the sidecar does', async () => {
    // Home Assistant delivers a Bermuda cycle's sensors one by one: here a phone standing in the
    // living room, its ground-floor nodes' distances 5 ms apart, a cycle a second for 20 s.
    const at: Vec3 = [2.5, 2, 1];
    const nodes = config.beaconNodes.filter((n) => n.coordinates[2] < 2.6);
    const lines = Array.from({ length: 20 }, (_, cycle) =>
      nodes.map((n, k) => JSON.stringify({ t: cycle + 0.005 * k, device: 'phone', scanner: n.id, distance: Math.round(Math.hypot(...n.coordinates.map((c, i) => c - at[i]!)) * 1000) / 1000 })),
    ).flat();
    const file = join(dir, 'cycles.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);

    const alone = jsonLines((await cli(['locate', '-c', CONFIG, '-i', file])).stdout);
    const windowed = await cli(['locate', '-c', CONFIG, '-i', file, '--window', '0.1']);
    expect(windowed.code).toBe(0);
    const together = jsonLines(windowed.stdout) as unknown as FixLine[];
    // One fix per reading alone; one per cycle, from all of its ranges, within the window.
    expect(alone).toHaveLength(lines.length);
    expect(together).toHaveLength(20);
    expect(together.map((f) => f.t)).toEqual(Array.from({ length: 20 }, (_, cycle) => cycle + 0.005 * (nodes.length - 1)));
    const last = together.at(-1)!.coordinates!;
    expect(Math.hypot(last[0] - at[0], last[1] - at[1])).toBeLessThan(0.1);

    const bad = await cli(['locate', '-c', CONFIG, '-i', file, '--window', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^floorplan locate: --window must be a positive number of seconds, got "soon"/);
  });

  it('stops before reading input when the config has errors', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'floors:\n  ground:\n    height: -1\n');
    const run = await cli(['locate', '--config', bad, '--input', join(dir, 'does-not-exist.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${escape(bad)}:\\d+:\\d+: error: `));
    expect(run.stderr).not.toMatch(/does-not-exist/);
  });

  it('reports a missing input file', async () => {
    const run = await cli(['locate', '--config', CONFIG, '--input', join(dir, 'missing.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^floorplan locate: ENOENT/);
  });

  it('needs --config', async () => {
    const run = await cli(['locate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^floorplan locate: --config is required/);
  });
});

describe('floorplan simulate', () => {
  it('is reproducible with a seed', async () => {
    const args = ['simulate', '-c', CONFIG, '-s', EXAMPLE_SCENARIO, '-d', '20'];
    const a = await cli([...args, '--seed', '3']);
    const b = await cli([...args, '--seed', '3']);
    const c = await cli([...args, '--seed', '4']);
    expect(a.code).toBe(0);
    expect(a.stdout).not.toBe('');
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('needs a duration for looping walkers', async () => {
    const run = await cli(['simulate', '-c', CONFIG, '-s', EXAMPLE_SCENARIO]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pass --duration/);
  });

  it('reports scenario problems by key and position', async () => {
    const scenario = join(dir, 'bad-scenario.yaml');
    await writeFile(scenario, 'output: distance\nwalkers:\n  - device: a\n    speed: -1\n    waypoints: [[0, 0, 1]]\n');
    const run = await cli(['simulate', '-c', CONFIG, '-s', scenario]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${scenario}:4:12: error: walkers[0].speed: must be a positive number of m/s, got -1\n`);
  });
});

describe('floorplan dispatcher', () => {
  it.each(['validate', 'locate', 'simulate', 'demo'])('%s --help', async (name) => {
    const run = await cli([name, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: floorplan ${name}`));
  });

  it('lists the subcommands', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const name of ['validate', 'locate', 'simulate', 'demo']) expect(run.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('rejects an unknown subcommand with exit 2 and the help', async () => {
    const run = await cli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown subcommand "frobnicate"/);
    expect(run.stderr).toMatch(/Usage: floorplan <subcommand>/);
  });

  it('rejects unknown options with exit 2', async () => {
    const run = await cli(['locate', '--colour']);
    expect(run.code).toBe(2);
  });

  it('passes validate exit codes through', async () => {
    expect((await cli(['validate', CONFIG])).code).toBe(0);
    const bad = join(dir, 'invalid.yaml');
    await writeFile(bad, 'floors: [\n');
    expect((await cli(['validate', bad])).code).toBe(1);
    expect((await cli(['validate'])).code).toBe(2);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
