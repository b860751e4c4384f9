/**
 * The history store at its worst case (docs/BENCHMARKS.md, "History"): 10 people home all day for
 * 30 days, a position each second each (25.9 M samples) and a room change every 1–15 minutes, in
 * the example house. Figures: insert rates (bulk, and live as the sidecar commits once a second),
 * file size, opening time, stats_summary for today and the week, a day of pruning, CSV export
 * speed, and schema 2's row size against schema 1's. Fixed seed: the same code writes the same file.
 *   npm run bench:history
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfigFile } from '../../server/config/load.ts';
import type { RoomConfig } from '../../server/config/types.ts';
import { boundingBox } from '../../server/engine/geometry.ts';
import { Prng } from '../../server/providers/prng.ts';
import { statsSummary } from '../../server/sinks/history/queries.ts';
import { HistoryStore, type Subject } from '../../server/sinks/history/store.ts';

const PEOPLE = 10;
const DAYS = 30;
const DAY_S = 86_400;
const TIME_ZONE = 'Europe/Amsterdam';
/** The last day is written as the sidecar writes: a commit a second. */
const BULK_DAYS = DAYS - 1;
const BULK_FLUSH_S = 3600;

const config = (await loadConfigFile('floorplan/example.yaml')).config!;
const prng = new Prng(1);
const people: Subject[] = Array.from({ length: PEOPLE }, (_, i) => ({ entityId: `person.bench_${i}`, name: `Bench ${i}` }));
const start = Math.floor(Date.parse('2026-05-01T00:00:00Z') / 1000);
const end = start + DAYS * DAY_S;

/** Each person's walk: in a room until `until`, at random points within the room's extent. */
interface Walk {
  room: RoomConfig;
  until: number;
}
const walks: Walk[] = people.map(() => ({ room: config.rooms[0]!, until: start }));

function step(store: HistoryStore, t: number): void {
  people.forEach((subject, i) => {
    const walk = walks[i]!;
    if (t >= walk.until) {
      walk.room = config.rooms[Math.floor(prng.next() * config.rooms.length)]!;
      walk.until = t + Math.round(prng.uniform(60, 900));
      store.addTransition({ t, subject, home: true, room: walk.room.id, floor: walk.room.floor });
    }
    const box = boundingBox(walk.room.boundaries)!;
    store.addPosition({ t, subject, x: prng.uniform(box.minX, box.maxX), y: prng.uniform(box.minY, box.maxY), floor: walk.room.floor });
  });
}

const ms = (from: number): number => performance.now() - from;
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const medianTime = (runs: number, task: () => void): number => {
  const times = Array.from({ length: runs }, () => {
    const t0 = performance.now();
    task();
    return ms(t0);
  }).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
};

const dir = await mkdtemp(join(tmpdir(), 'floorplan-history-bench-'));
const file = join(dir, 'history.sqlite');
const rows: [string, string][] = [];
try {
  let store = HistoryStore.open({ file, names: false, log: (m) => console.error(m) });

  // Bulk: an hour of samples per commit.
  let t0 = performance.now();
  for (let t = start; t < start + BULK_DAYS * DAY_S; t++) {
    step(store, t);
    if ((t - start + 1) % BULK_FLUSH_S === 0) store.flush();
  }
  store.flush();
  const bulkMs = ms(t0);
  const bulkRows = BULK_DAYS * DAY_S * PEOPLE;
  rows.push([`bulk insert (${BULK_DAYS} days, a commit per hour of samples)`, `${fmt(bulkRows / (bulkMs / 1000) / 1000, 0)} k positions/s`]);

  // Live: one commit a second, as the sidecar's flush timer does.
  const flushes: number[] = [];
  t0 = performance.now();
  for (let t = start + BULK_DAYS * DAY_S; t < end; t++) {
    step(store, t);
    const f0 = performance.now();
    store.flush();
    flushes.push(ms(f0));
  }
  const liveMs = ms(t0);
  flushes.sort((a, b) => a - b);
  rows.push([`live commits (1 day: ${PEOPLE} positions + transitions each)`, `p50 ${fmt(flushes[flushes.length >> 1]! * 1000, 0)} µs, p99 ${fmt(percentile(flushes, 0.99) * 1000, 0)} µs, max ${fmt(flushes.at(-1)!, 1)} ms`]);
  rows.push(['core share of live writing (generation included)', `${fmt((liveMs / (DAY_S * 1000)) * 100, 3)} %`]);
  const status = store.status();
  rows.push(['rows', `${fmt(status.positions / 1e6, 2)} M positions, ${fmt(status.transitions, 0)} transitions`]);
  store.close(end);
  const closed = HistoryStore.open({ file, names: false, readonly: true, log: () => {} });
  const bytes = closed.status().file_bytes;
  closed.close(end);
  rows.push(['file size', `${fmt(bytes / 2 ** 20, 0)} MiB (${fmt(bytes / status.positions, 1)} bytes per position)`]);

  // Opening counts the rows once.
  t0 = performance.now();
  store = HistoryStore.open({ file, names: false, log: () => {} });
  rows.push(['open (migrations, row counts)', `${fmt(ms(t0), 0)} ms`]);

  const subjects = people.map((p) => ({ ...p, home: true, room: 'kitchen', floor: 'ground', coordinates: null }));
  for (const range of ['today', 'week'] as const) {
    // "now" is the end of the last day, 10 people in a week: 6 M samples for the heat map.
    const time = medianTime(5, () => statsSummary(store, { range, now: end - 1, timeZone: TIME_ZONE, config, subjects }));
    rows.push([`stats_summary ${range}`, `${fmt(time, 0)} ms (median of 5)`]);
  }

  t0 = performance.now();
  let exported = 0;
  for (const _ of store.eachPosition(end - DAY_S, end)) exported++;
  rows.push(['export positions (reading rows, no CSV)', `${fmt(exported / (ms(t0) / 1000) / 1000, 0)} k rows/s`]);

  // Prune the oldest day: 24 steps of an hour, each holding the event loop alone.
  const before = store.status().positions;
  // The longest the event loop waits between two turns while pruning runs.
  let longest = 0;
  let pruning = true;
  let last = performance.now();
  const probe = (): void => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (pruning) setImmediate(probe);
  };
  t0 = performance.now();
  setImmediate(probe);
  await store.prune(start + DAY_S);
  const pruneMs = ms(t0);
  pruning = false;
  rows.push([`prune a day (${fmt((before - store.status().positions) / 1000, 0)} k positions)`, `${fmt(pruneMs, 0)} ms, longest event-loop hold ${fmt(longest, 0)} ms`]);
  store.close(end);

  // Row size of schema 1 (REAL seconds and metres, a rowid and a time index) against schema 2.
  const sample = 1_000_000;
  const sizes = (schema: string, insert: string, scale: number): number => {
    const path = join(dir, `schema-${scale}.sqlite`);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec(schema);
    const statement = db.prepare(insert);
    db.transaction(() => {
      for (let i = 0; i < sample; i++) statement.run(start + i / PEOPLE + (scale === 1 ? 0.25 : 0), i % PEOPLE, prng.uniform(0, 10) * scale, prng.uniform(0, 8) * scale, 'ground');
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageBytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    db.close();
    return pageBytes / sample;
  };
  const v1 = sizes(
    'CREATE TABLE positions (t REAL NOT NULL, subject INTEGER NOT NULL, x REAL NOT NULL, y REAL NOT NULL, floor TEXT NOT NULL); CREATE INDEX positions_t ON positions (t);',
    'INSERT INTO positions VALUES (?, ?, ?, ?, ?)',
    1,
  );
  const v2 = sizes(
    'CREATE TABLE positions (t INTEGER NOT NULL, subject INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL, floor TEXT NOT NULL, PRIMARY KEY (t, subject)) WITHOUT ROWID;',
    'INSERT OR IGNORE INTO positions VALUES (CAST(? AS INTEGER), ?, CAST(round(?) AS INTEGER), CAST(round(?) AS INTEGER), ?)',
    100,
  );
  rows.push(['bytes per position, schema 1 → 2', `${fmt(v1, 1)} → ${fmt(v2, 1)}`]);
} finally {
  await rm(dir, { recursive: true, force: true });
}

const width = Math.max(...rows.map(([k]) => k.length));
console.log(`History store: ${PEOPLE} people x ${DAYS} days at 1 position/s, example house, ${TIME_ZONE}\n`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
