/**
 * Reconnect soak: 100 forced socket drops against the fake Home Assistant, with a subscribe_entities
 * and a subscribe_events subscription live. Each cycle changes a state while the session is
 * disconnected and waits until the resync shows it and a fired event arrives. Exits non-zero if a
 * cycle fails, anything crashes, or the subscriptions at the end differ from those at the start.
 * Run: npm run bench:soak
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { subscribeEntities, type HassEntities } from 'home-assistant-js-websocket';
import { connectHomeAssistant, type HomeAssistantSession } from '../../server/providers/home-assistant/connection.ts';
import { startFakeHomeAssistant, waitUntil } from '../support/fake-ha/index.ts';

const CYCLES = 100;
const ENTITIES = 200;
const CYCLE_TIMEOUT_MS = 10_000;

let crashes = 0;
process.on('uncaughtException', (error) => {
  crashes++;
  console.error('uncaught exception:', error);
});
process.on('unhandledRejection', (reason) => {
  crashes++;
  console.error('unhandled rejection:', reason);
});
// The library warns (console.warn) about events for subscriptions it no longer knows.
let libraryWarnings = 0;
console.warn = () => void libraryWarnings++;

/** A full collection, with --expose-gc if given, else by enabling the flag at run time. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function nextReconnect(session: HomeAssistantSession): Promise<void> {
  return new Promise((resolve) => {
    const off = session.onReconnected(() => {
      off();
      resolve();
    });
  });
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), CYCLE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const gc = collector();
const fake = await startFakeHomeAssistant({ tokens: ['soak-token'] });
for (let i = 0; i < ENTITIES; i++) {
  fake.setState(`sensor.tag_${i}_distance`, (1 + (i % 7) * 0.5).toFixed(2), { unit_of_measurement: 'm', scanner: `node_${i % 12}` });
}
const session = await connectHomeAssistant({ url: fake.url, token: 'soak-token' });
let entities: HassEntities = {};
subscribeEntities(session.connection, (next) => (entities = next));
let events = 0;
await session.connection.subscribeEvents(() => events++, 'floorplan_integration_started');
await waitUntil(() => Object.keys(entities).length === ENTITIES, { what: 'the first states' });

const subscriptionsAtStart = fake.subscriptionCount;
const heapBefore = heapAfterGc(gc);
const started = performance.now();
const cycleMs: number[] = [];
let failures = 0;

for (let cycle = 1; cycle <= CYCLES; cycle++) {
  const cycleStart = performance.now();
  try {
    const reconnected = nextReconnect(session);
    fake.dropAllSockets();
    fake.setState('sensor.soak_cycle', String(cycle));
    fake.setState(`sensor.tag_${cycle % ENTITIES}_distance`, (cycle / 10).toFixed(2), { unit_of_measurement: 'm' });
    await withTimeout(reconnected, 'the reconnect');
    await withTimeout(
      waitUntil(() => entities['sensor.soak_cycle']?.state === String(cycle), { timeoutMs: CYCLE_TIMEOUT_MS, intervalMs: 1 }),
      'the resync',
    );
    fake.fireEvent('floorplan_integration_started', { cycle });
    await waitUntil(() => events === cycle, { timeoutMs: CYCLE_TIMEOUT_MS, intervalMs: 1, what: 'the event' });
    if (fake.connections.length !== 1 || fake.subscriptionCount !== subscriptionsAtStart) {
      throw new Error(`${fake.connections.length} sockets, ${fake.subscriptionCount} subscriptions after cycle ${cycle}`);
    }
  } catch (error) {
    failures++;
    console.error(`cycle ${cycle}: ${error instanceof Error ? error.message : String(error)}`);
  }
  cycleMs.push(performance.now() - cycleStart);
}

const totalSeconds = (performance.now() - started) / 1000;
const subscriptionsAtEnd = fake.subscriptionCount;
const heapAfter = heapAfterGc(gc);
session.close();
await session.ended;
await fake.close();

cycleMs.sort((a, b) => a - b);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
console.log(`Soak: ${CYCLES} forced socket drops, ${ENTITIES} entities, subscribe_entities + subscribe_events live`);
console.log(`cycles completed           ${CYCLES - failures} / ${CYCLES}`);
console.log(`crashes                    ${crashes}`);
console.log(`active subscriptions       ${subscriptionsAtStart} at start, ${subscriptionsAtEnd} at end`);
console.log(`sockets opened             ${fake.connectionCount} (auth attempts ${fake.authAttempts})`);
console.log(`library warnings           ${libraryWarnings}`);
console.log(`heap used after GC         ${mb(heapBefore)} before, ${mb(heapAfter)} after`);
console.log(`drop-to-resync per cycle   median ${cycleMs[Math.floor(CYCLES / 2)]!.toFixed(1)} ms, max ${cycleMs[CYCLES - 1]!.toFixed(1)} ms`);
console.log(`total time                 ${totalSeconds.toFixed(2)} s`);

if (failures > 0 || crashes > 0 || subscriptionsAtStart !== subscriptionsAtEnd) {
  console.log('FAIL');
  process.exitCode = 1;
}
