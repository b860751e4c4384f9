/**
 * The card's weight and frame cost: bundle size (raw and gzip -9), then main-thread work per frame
 * in headless Chromium with 100 people moving on the shown floor, each reported once a second
 * (staggered, delivered in 100 ms batches as the sidecar flushes them) while the card animates
 * them, with their trails full.
 * Method: tests/bench/card/frames.ts. Three rounds of 10 s on one page, because a shared 2-core
 * machine disturbs single runs; the median of the rounds is held against the goal.
 * Run: npx tsx tests/bench/card.bench.ts (builds the card first when its sources are newer).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BrowserSession, type CardPage } from '../browser/support/browser.ts';
import { ensureCardBundle } from '../browser/support/bundle.ts';
import { EntityFactory, loadExample, walkers, type ScheduledEvent } from '../browser/support/fixtures.ts';
import { OUT_DIR } from '../browser/support/paths.ts';
import { ENTITY } from '../browser/support/plan.ts';
import { TestSidecar } from '../browser/support/sidecar.ts';
import { median, percentile } from './accuracy/metrics.ts';
import { frameWork, TRACE_CATEGORIES, type FrameStats, type TraceEvent } from './card/frames.ts';

const ENTITIES = 100;
/** Trails keep 30 s of fixes by default: measure once they are full, as a card on a wall shows them. */
const WARMUP_S = 32;
const ROUND_S = 10;
const ROUNDS = 3;
const GOAL_GZIP_KB = 60;
const GOAL_P95_MS = 8;
const CARD_WIDTH = 600;
/** The last round's trace, for a closer look in Chrome DevTools' Performance panel or ui.perfetto.dev. */
const TRACE_FILE = join(OUT_DIR, 'card-bench-trace.json');

const bundle = await ensureCardBundle();
const raw = await readFile(bundle);
const gzip = gzipSync(raw, { level: 9 }).length;

const factory = new EntityFactory(await loadExample());
const { initial, schedule } = walkers(factory, { count: ENTITIES, seconds: WARMUP_S + ROUNDS * ROUND_S, hz: 1, batchMs: 100 });
/** The events from `from` to `to` seconds, timed from `from`. */
const slice = (from: number, to: number): ScheduledEvent[] =>
  schedule.filter((s) => s.at >= from * 1000 && s.at < to * 1000).map((s) => ({ ...s, at: s.at - from * 1000 }));

/** Plays `events` under tracing; the frames it drew. */
async function tracedRound(card: CardPage, events: ScheduledEvent[]): Promise<FrameStats> {
  // Sent before tracing: handing the page a megabyte of JSON is not the card's work.
  await card.harness('stage', events);
  const cdp = await card.page.context().newCDPSession(card.page);
  const trace: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => trace.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES }, transferMode: 'ReportEvents' });
  await card.harness('replay');
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  await writeFile(TRACE_FILE, JSON.stringify({ traceEvents: trace }));
  return frameWork(trace);
}

const load = loadavg()[0]!;
const sidecar = await TestSidecar.start();
sidecar.positions = factory.positions(initial);
const session = await BrowserSession.start();
await mkdir(OUT_DIR, { recursive: true });
const rounds: FrameStats[] = [];
let drawn = 0;
const version = session.browser.version();
try {
  const card = await session.open(sidecar.handle, { width: CARD_WIDTH + 100, height: 900 });
  await card.mount({ config: { type: 'custom:floorplan-presence-card' }, width: CARD_WIDTH });
  await card.card.locator(ENTITY).first().waitFor();
  drawn = await card.card.locator(ENTITY).count();
  await card.harness('replay', slice(0, WARMUP_S));
  for (let round = 0; round < ROUNDS; round++) {
    const from = WARMUP_S + round * ROUND_S;
    rounds.push(await tracedRound(card, slice(from, from + ROUND_S)));
  }
  await card.screenshot('card-bench');
  if (card.errors.length > 0) console.warn(`page errors: ${card.errors.join('; ')}`);
} finally {
  await Promise.all([session.close(), sidecar.stop()]);
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
console.log(`Card bundle: ${kb(raw.length)} raw, ${kb(gzip)} gzip -9 (goal ≤ ${GOAL_GZIP_KB} KB: ${met(gzip <= GOAL_GZIP_KB * 1024)})`);
console.log(
  `Frames: ${ENTITIES} moving entities (${drawn} drawn) at 1 Hz each in 100 ms batches, card ${CARD_WIDTH} px wide, ` +
    `headless Chromium ${version}, ${ROUNDS} rounds of ${ROUND_S} s after ${WARMUP_S} s warm-up, load average ${load.toFixed(1)} at start`,
);

const metrics: [string, (f: FrameStats) => number, string][] = [
  ['frames per second', (f) => f.cpu.length / ROUND_S, ''],
  ['main-thread CPU per frame, median (ms)', (f) => median(f.cpu), ''],
  ['main-thread CPU per frame, p95 (ms)', (f) => percentile(f.cpu, 95), `≤ ${GOAL_P95_MS}`],
  ['main-thread CPU per frame, max (ms)', (f) => Math.max(...f.cpu), ''],
  ['main-thread wall per frame, median (ms)', (f) => median(f.wall), ''],
  ['main-thread wall per frame, p95 (ms)', (f) => percentile(f.wall, 95), ''],
  ['frame interval, p95 (ms)', (f) => percentile(f.intervals, 95), ''],
];
const header = ['', ...rounds.map((_, i) => `round ${i + 1}`), 'median', 'goal'];
const rows = metrics.map(([label, metric, goal]) => {
  const values = rounds.map(metric);
  const middle = median(values);
  return [label, ...values.map((v) => v.toFixed(1)), middle.toFixed(1), goal && `${goal} ${met(middle <= GOAL_P95_MS)}`];
});
const table = [header, ...rows];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
for (const row of table) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
console.log(`Wall time counts the main thread waiting for a core as well; CPU is the card's work. Last round's trace: ${TRACE_FILE}; picture: ${join(OUT_DIR, 'card-bench.png')}`);
