/**
 * Sustained tracker throughput: 1000 devices x 20 nodes, every node reporting every device once a
 * second, each reading with its own timestamp (so each one triggers a fix, as live input does).
 * Run: npm run bench:tracker
 */
import { Engine } from '../../server/engine/engine.ts';
import { Prng } from '../../server/providers/prng.ts';
import { DEFAULT_SHADOWING_SHARE, type FloorplanConfig, type Vec3 } from '../../server/config/types.ts';
import type { RawReading } from '../../server/engine/types.ts';

const DEVICES = 1000;
const NODES = 20;
const SECONDS = 20;
const WARMUP_SECONDS = 5;

/** One 20 x 16 m floor in 4 x 4 m rooms, nodes on a grid at ceiling height. */
function bigHouse(): FloorplanConfig {
  const rooms = [];
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 4; j++) {
      rooms.push({ id: `r${i}${j}`, name: `Room ${i}${j}`, floor: 'ground', area: null, boundaries: [[i * 4, j * 4], [i * 4 + 4, j * 4], [i * 4 + 4, j * 4 + 4], [i * 4, j * 4 + 4]] as [number, number][] });
    }
  }
  const beaconNodes = Array.from({ length: NODES }, (_, k) => {
    const id = `node-${k}`;
    return { id, key: id, coordinates: [2 + (k % 5) * 4, 2 + Math.floor(k / 5) * 4, 2.4] as Vec3, name: null, floor: null, refPower: null, attenuation: null, distanceScale: null };
  });
  return { floors: [{ id: 'ground', height: 2.6 }], rooms, staticEntities: [], beaconNodes, movingEntities: [], rssiModel: { refPower: -55, attenuation: 3 }, rssiNoiseDb: 4, shadowingShare: DEFAULT_SHADOWING_SHARE, deviceHeight: 1, maxReadingAge: 30 };
}

function readings(config: FloorplanConfig, seconds: number, rng: Prng): RawReading[] {
  const positions = Array.from({ length: DEVICES }, () => [rng.uniform(0, 20), rng.uniform(0, 16)]);
  const out: RawReading[] = [];
  const perSecond = DEVICES * NODES;
  for (let s = 0; s < seconds; s++) {
    for (const p of positions) {
      p[0] = Math.min(20, Math.max(0, p[0]! + rng.normal(0, 0.5)));
      p[1] = Math.min(16, Math.max(0, p[1]! + rng.normal(0, 0.5)));
    }
    for (let k = 0; k < perSecond; k++) {
      const device = k % DEVICES;
      const node = config.beaconNodes[Math.floor(k / DEVICES)]!;
      const [x, y] = positions[device]!;
      const d = Math.hypot(x! - node.coordinates[0], y! - node.coordinates[1], 1 - node.coordinates[2]);
      out.push({ t: s + k / perSecond, device: `dev-${device}`, scanner: node.id, distance: d * Math.exp(rng.normal(0, 0.3)) });
    }
  }
  return out;
}

const config = bigHouse();
const engine = new Engine(config);
const stream = readings(config, WARMUP_SECONDS + SECONDS, new Prng(99));
const warmup = WARMUP_SECONDS * DEVICES * NODES;
for (let i = 0; i < warmup; i++) engine.processBatch([stream[i]!]);

const latencies = new Float64Array(stream.length - warmup);
const cpuStart = process.cpuUsage();
const wallStart = process.hrtime.bigint();
for (let i = warmup; i < stream.length; i++) {
  const start = process.hrtime.bigint();
  engine.processBatch([stream[i]!]);
  latencies[i - warmup] = Number(process.hrtime.bigint() - start) / 1e6;
}
const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
latencies.sort();
const count = latencies.length;
const rate = count / cpuSeconds;
console.log(`Tracker: ${DEVICES} devices x ${NODES} nodes, one reading per node per device per second, ${SECONDS} s of input`);
console.log(`readings processed         ${count}`);
console.log(`throughput on one core     ${Math.round(rate)} readings/s (CPU time ${cpuSeconds.toFixed(2)} s, wall ${wallSeconds.toFixed(2)} s)`);
console.log(`core share at 20,000/s     ${((20000 / rate) * 100).toFixed(1)} %`);
console.log(`reading-to-fix latency     p50 ${latencies[Math.floor(count * 0.5)]!.toFixed(3)} ms, p99 ${latencies[Math.floor(count * 0.99)]!.toFixed(3)} ms, max ${latencies[count - 1]!.toFixed(3)} ms`);
console.log(`heap used                  ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
