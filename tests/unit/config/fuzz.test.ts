/**
 * Mutation fuzzing of the loader: thousands of damaged variants of real files must never make it
 * throw or hang, and every problem must be well-formed. Seeded, so a failure reproduces.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../server/config/load.ts';
import { TestPrng } from '../../support/prng.ts';

const read = (path: string): string => readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');

/** Documents to derive from each file; fewer from the large example, whose parse dominates the run. */
const SOURCES: [text: string, docs: number][] = [
  [read('floorplan/example.yaml'), 500],
  [read('tests/fixtures/legacy-floorplan.yaml'), 1000],
  [read('floorplan/minimal.yaml'), 1500],
];

const SCALARS = [
  '~', 'null', "''", '""', '.nan', '.NaN', '.inf', '-.inf', '1e309', '-1e309', '-0', '0x1F', '0o17',
  '123456789012345678901234567890', '-55', '2.6', 'true', 'no', 'yes', '[]', '{}', '[1, 2]', '[1, 2, 3, 4]',
  '"AA:BB:CC:DD:EE:FF"', 'aa-bb-cc-dd-ee-ff', '12:30:00', '!!str 5', '!!int x', '!!binary aGk=', '!custom x',
  '&anchor 1', '*anchor', '*undefined', '|', '>-', '"unterminated', "'it''s'", 'ünïcödé', '\t', '@', '`',
  '"\\u0000"', '<<: *anchor', '? complex', 'x'.repeat(300),
];
const PUNCTUATION = [':', '-', '[', ']', '{', '}', '&', '*', '!', '|', '>', '#', '%', '@', ',', '?', '"', "'", '\t', ': ', '- ', '\n'];

/** A billion-laughs bomb: nine levels of nine aliases each. */
const BOMB = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
].join('\n');

type Mutation = (lines: string[], rng: TestPrng) => string[];

const MUTATIONS: Mutation[] = [
  // delete a line
  (lines, rng) => lines.filter((_, i) => i !== rng.int(lines.length)),
  // duplicate a line
  (lines, rng) => {
    const i = rng.int(lines.length);
    return [...lines.slice(0, i + 1), lines[i] ?? '', ...lines.slice(i + 1)];
  },
  // swap two lines
  (lines, rng) => {
    const out = [...lines];
    const i = rng.int(out.length);
    const j = rng.int(out.length);
    [out[i], out[j]] = [out[j] ?? '', out[i] ?? ''];
    return out;
  },
  // re-indent a line
  (lines, rng) => {
    const i = rng.int(lines.length);
    const line = lines[i] ?? '';
    const out = [...lines];
    out[i] = rng.chance(0.5) ? ' '.repeat(1 + rng.int(4)) + line : line.replace(/^ {1,4}/, '');
    return out;
  },
  // replace a scalar (a number, a word after `: `, or a list item) with something of another type
  (lines, rng) => {
    const i = rng.int(lines.length);
    const out = [...lines];
    const targets = /-?\d+(\.\d+)?|(?<=: )[\w".:-]+/g;
    const matches = [...(lines[i] ?? '').matchAll(targets)];
    const m = matches.length > 0 ? rng.pick(matches) : undefined;
    if (m?.index !== undefined) {
      const line = lines[i] ?? '';
      out[i] = line.slice(0, m.index) + rng.pick(SCALARS) + line.slice(m.index + m[0].length);
    }
    return out;
  },
  // insert punctuation anywhere
  (lines, rng) => {
    const i = rng.int(lines.length);
    const line = lines[i] ?? '';
    const at = rng.int(line.length + 1);
    const out = [...lines];
    out[i] = line.slice(0, at) + rng.pick(PUNCTUATION) + line.slice(at);
    return out;
  },
  // truncate
  (lines, rng) => {
    const text = lines.join('\n');
    return text.slice(0, rng.int(text.length)).split('\n');
  },
  // anchor one value and alias it from another place
  (lines, rng) => {
    const out = [...lines];
    const i = rng.int(out.length);
    const j = rng.int(out.length);
    out[i] = (out[i] ?? '').replace(/: (?=\S)/, ': &x ');
    out[j] = (out[j] ?? '').replace(/: \S.*$/, ': *x');
    return out;
  },
  // directives and document markers
  (lines, rng) => {
    const out = [...lines];
    out.splice(rng.int(out.length + 1), 0, rng.pick(['---', '...', '%YAML 1.1', '%TAG ! tag:x,2024:', '--- !!map']));
    return out;
  },
  // splice in an alias bomb
  (lines, rng) => {
    const out = [...lines];
    out.splice(rng.int(out.length + 1), 0, ...BOMB.split('\n'));
    return out;
  },
];

function mutate(source: string, rng: TestPrng): string {
  let lines = source.split('\n');
  const rounds = 1 + rng.int(4);
  for (let r = 0; r < rounds && lines.length > 0; r++) lines = rng.pick(MUTATIONS)(lines, rng);
  return lines.join('\n');
}

/** Loads one document; `faults` says what is wrong with the result, empty when well-formed. */
function check(text: string): { faults: string[]; loaded: boolean } {
  let result;
  try {
    result = loadConfigText(text, 'fuzz.yaml');
  } catch (err) {
    return { faults: [`threw ${String(err)}`], loaded: false };
  }
  const faults: string[] = [];
  for (const p of result.problems) {
    if (!(Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.column) && p.column >= 1)) {
      faults.push(`bad position ${p.line}:${p.column}`);
    }
    if (p.message.trim() === '') faults.push('empty message');
    if (p.file !== 'fuzz.yaml') faults.push(`file ${p.file}`);
  }
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (result.config !== null && errors.length > 0) faults.push('config returned despite errors');
  if (result.config === null && errors.length === 0) faults.push('no config and no error');
  if (result.config) {
    const c = result.config;
    const numbers = [
      ...c.floors.map((f) => f.height),
      ...c.rooms.flatMap((r) => r.boundaries.flat()),
      ...c.beaconNodes.flatMap((n) => n.coordinates),
      ...c.staticEntities.flatMap((e) => e.coordinates),
    ];
    if (!numbers.every(Number.isFinite)) faults.push('non-finite number in config');
    if (c.rooms.some((r) => r.boundaries.length < 3)) faults.push('room with fewer than 3 points');
  }
  return { faults, loaded: result.config !== null };
}

describe('loader fuzzing', () => {
  it('survives thousands of mutated documents', { timeout: 60_000 }, () => {
    const rng = new TestPrng(20240611);
    const failures: string[] = [];
    let withConfig = 0;
    const docs = [BOMB, `${BOMB}\nfloors: *i`, 'a: &a [*a]', 'rooms: &r {x: *r}', '['.repeat(100), ''];
    for (const [source, count] of SOURCES) {
      for (let i = 0; i < count; i++) docs.push(mutate(source, rng));
    }
    for (const doc of docs) {
      const { faults, loaded } = check(doc);
      if (faults.length > 0 && failures.length < 5) failures.push(`${faults.join('; ')}\n--- document ---\n${doc}`);
      if (loaded) withConfig++;
    }
    const total = docs.length;
    expect(failures).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(3000);
    // The mutations should neither always break the file nor never: both paths get exercised.
    expect(withConfig).toBeGreaterThan(total * 0.05);
    expect(withConfig).toBeLessThan(total * 0.95);
  });
});
