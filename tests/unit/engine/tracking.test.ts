/**
 * The tracker over time: filtering, gating, re-acquisition, stale readings, floor and room
 * decisions. Readings are exact ranges times log-normal noise of the size the range model assumes.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../server/engine/engine.ts';
import { lnRangeSigma } from '../../../server/engine/rssi-model.ts';
import { Prng } from '../../../server/providers/prng.ts';
import { ShadowingField } from '../../../server/providers/simulator/shadowing.ts';
import type { FloorplanConfig, Vec3 } from '../../../server/config/types.ts';
import type { Fix, RawReading } from '../../../server/engine/types.ts';
import { house, readingsAt } from '../../support/house.ts';

const SIGMA_LN = lnRangeSigma(3, 4);

function noisy(config: FloorplanConfig, device: string, at: Vec3, t: number, rng: Prng, sigma = SIGMA_LN): RawReading[] {
  return readingsAt(config, device, at, t).map((r) => ({ ...r, distance: (r.distance as number) * Math.exp(rng.normal(0, sigma)) }));
}

/** Nearly exact readings: a republished identical value would not count as a new measurement. */
const precise = (device: string, at: Vec3, t: number, rng: Prng) => noisy(config, device, at, t, rng, 0.01);

const error = (fix: Fix, at: Vec3) => Math.hypot(fix.coordinates![0] - at[0], fix.coordinates![1] - at[1]);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** Drives one device along `path(t)` for `seconds`, a batch every `dt`; returns each fix with the truth. */
function drive(engine: Engine, path: (t: number) => Vec3, from: number, seconds: number, dt: number, rng: Prng, device = 'tag') {
  const out: Array<{ fix: Fix; truth: Vec3 }> = [];
  for (let t = from; t < from + seconds - 1e-9; t += dt) {
    const truth = path(t);
    out.push({ fix: engine.processBatch(noisy(config, device, truth, t, rng))[0]!, truth });
  }
  return out;
}
const config = house();

describe('tracker: filter', () => {
  it('follows a walker more closely than fixes solved one by one', () => {
    const rng = new Prng(3);
    const engine = new Engine(config);
    const single = new Engine(config);
    const tracked: number[] = [];
    const alone: number[] = [];
    for (let i = 0; i < 160; i++) {
      const t = i * 0.5;
      // Back and forth along the house at 1 m/s.
      const x = 1 + (Math.floor(t / 8) % 2 === 0 ? t % 8 : 8 - (t % 8));
      const truth: Vec3 = [x, 4, 1];
      const batch = noisy(config, 'tag', truth, t, rng);
      tracked.push(error(engine.processBatch(batch)[0]!, truth));
      alone.push(error(single.processBatch(batch.map((r) => ({ ...r, device: `shot${i}` })))[0]!, truth));
    }
    expect(median(tracked)).toBeLessThan(0.7 * median(alone));
  });

  it('gates out a reading the track cannot explain, and does not move for it', () => {
    const rng = new Prng(19);
    const engine = new Engine(config);
    for (let t = 0; t < 10; t += 0.5) engine.processBatch(precise('tag', [3, 4, 1], t, rng));
    const before = engine.processBatch(precise('tag', [3, 4, 1], 10, rng))[0]!;
    const multipath = precise('tag', [3, 4, 1], 10.5, rng).map((r, i) => (i === 0 ? { ...r, distance: (r.distance as number) * 4 } : r));
    const after = engine.processBatch(multipath)[0]!;
    expect(after.nodesUsed).not.toContain(config.beaconNodes[0]!.key);
    expect(after.nodesUsed).toHaveLength(7);
    expect(error(after, before.coordinates!)).toBeLessThan(0.05);
  });

  it('re-acquires a device whose readings consistently put it elsewhere', () => {
    const rng = new Prng(23);
    const engine = new Engine(config);
    for (let t = 0; t < 10; t += 0.2) engine.processBatch(precise('tag', [2, 4, 1], t, rng));
    let fix: Fix | undefined;
    for (let t = 10; t < 11.5; t += 0.2) fix = engine.processBatch(precise('tag', [8, 4, 1], t, rng))[0];
    expect(error(fix!, [8, 4, 1])).toBeLessThan(0.3);
  });

  it('starts over after a silence, where the device reappears', () => {
    const engine = new Engine(config);
    for (let t = 0; t < 5; t += 0.5) engine.processBatch(readingsAt(config, 'tag', [2, 4, 1], t));
    const [back] = engine.processBatch(readingsAt(config, 'tag', [8, 6, 1], 25));
    expect(back!.method).toBe('least_squares');
    expect(error(back!, [8, 6, 1])).toBeLessThan(0.01);
  });

  it('reports an accuracy that holds the truth about two times in three', () => {
    const rng = new Prng(5);
    const engine = new Engine(config);
    let inside = 0;
    let n = 0;
    for (let t = 0; t < 120; t += 0.5) {
      const truth: Vec3 = [5 + 3 * Math.cos(t / 8), 4 + 2.5 * Math.sin(t / 8), 1];
      const fix = engine.processBatch(noisy(config, 'tag', truth, t, rng))[0]!;
      if (t < 5) continue;
      n++;
      if (error(fix, truth) <= fix.accuracy!) inside++;
    }
    expect(inside / n).toBeGreaterThan(0.5);
    expect(inside / n).toBeLessThan(0.85);
  });
});

describe('tracker: shadowing that persists at a spot', () => {
  /**
   * Each node's ln-range error: the simulator's shadowing field, here in ln-range units (1/e at
   * 1.15 m, as the Kolakowski recording's errors decorrelate), holding `share` of the variance,
   * plus independent noise for the rest.
   */
  function shadowedReadings(rng: Prng, share: number) {
    const fields = config.beaconNodes.map(() => new ShadowingField({ sigmaDb: SIGMA_LN * Math.sqrt(share), distance: 1.15 }, rng));
    return (at: Vec3, t: number): RawReading[] =>
      readingsAt(config, 'tag', at, t).map((r, i) => ({
        ...r,
        distance: (r.distance as number) * Math.exp(fields[i]!.lossDb(at[0], at[1]) + SIGMA_LN * Math.sqrt(1 - share) * rng.normal(0, 1)),
      }));
  }

  /**
   * Shares of fixes within their accuracy, for a device creeping round the ground floor at 0.1 m/s
   * through shadowing that holds 0.7 of the noise, over 24 fields (one gives few independent spots
   * along the path): tracked with the share the config states, and lone fixes from the same
   * readings every 2.5 s (a lone fix integrates the floor, so they are costly).
   */
  function coverage(statedShare: number): { tracked: number; lone: number } {
    const inside = { tracked: 0, lone: 0 };
    const n = { tracked: 0, lone: 0 };
    for (let seed = 1; seed <= 24; seed++) {
      const rng = new Prng(100 + seed);
      const read = shadowedReadings(rng, 0.7);
      const engine = new Engine(house({ shadowingShare: statedShare }));
      for (let i = 0; i < 600; i++) {
        const t = i * 0.5;
        const angle = (0.1 * t) / 2.5;
        const truth: Vec3 = [5 + 3 * Math.cos(angle), 4 + 2.5 * Math.sin(angle), 1];
        const batch = read(truth, t);
        const fix = engine.processBatch(batch)[0]!;
        if (t < 10) continue;
        n.tracked++;
        if (error(fix, truth) <= fix.accuracy!) inside.tracked++;
        if (i % 5 !== 0) continue;
        const alone = engine.processBatch(batch.map((r) => ({ ...r, device: `alone${i}` })))[0]!;
        n.lone++;
        if (error(alone, truth) <= alone.accuracy!) inside.lone++;
      }
    }
    return { tracked: inside.tracked / n.tracked, lone: inside.lone / n.lone };
  }

  it('claims no more than a lone fix does for a slow device, when told how much of the noise persists', () => {
    const told = coverage(0.7);
    const untold = coverage(0);
    // Lone fixes hold the truth within their accuracy about as often as they should.
    expect(told.lone).toBeGreaterThan(0.55);
    // Averaging readings whose errors persist would claim far more than it knows ...
    expect(untold.tracked).toBeLessThan(told.lone - 0.15);
    // ... unless it knows they persist.
    expect(told.tracked).toBeGreaterThan(told.lone - 0.05);
    expect(told.tracked).toBeLessThan(0.8);
  });
});

describe('tracker: stale and repeated readings', () => {
  it('trusts a range that has not changed for a while less than a fresh one', () => {
    const truth: Vec3 = [3, 3, 1];
    // The device was at (8, 6); 20 s later seven nodes report it at `truth`, while the first node
    // still holds its old range: unchanged since then, or just republished with a new value.
    const placed = (republished: boolean) => {
      const engine = new Engine(config);
      const old = readingsAt(config, 'tag', [8, 6, 1], 0);
      engine.processBatch(old);
      const now = readingsAt(config, 'tag', truth, 20).slice(1);
      if (republished) now.push({ ...old[0]!, t: 20, distance: (old[0]!.distance as number) + 0.001 });
      return error(engine.processBatch(now)[0]!, truth);
    };
    expect(placed(false)).toBeLessThan(0.5 * placed(true));
  });

  it('does not fuse a republished, unchanged value again', () => {
    const engine = new Engine(config);
    const first = readingsAt(config, 'tag', [3, 3, 1], 0);
    engine.processBatch(first);
    const [again] = engine.processBatch([{ ...first[0]!, t: 1 }]);
    expect(again!.nodesUsed).toEqual([]);
  });
});

describe('tracker: floors', () => {
  it('never leaves the floor a device stays on, and follows it up the stairs', () => {
    const rng = new Prng(11);
    const engine = new Engine(config);
    // Two minutes on the ground floor, 5 s up the stairs, a minute upstairs.
    const path = (t: number): Vec3 => {
      if (t < 120) return [2 + Math.sin(t / 10), 4, 1];
      if (t < 125) return [2, 4 - (t - 120) * 0.4, 1 + (2.6 * (t - 120)) / 5];
      return [2 + Math.sin(t / 10), 2, 3.6];
    };
    const floors: Array<{ t: number; floor: string | null }> = [];
    for (let t = 0; t < 185; t += 0.5) floors.push({ t, floor: engine.processBatch(noisy(config, 'tag', path(t), t, rng))[0]!.floor });
    expect(floors.filter((f) => f.t >= 3 && f.t < 120).every((f) => f.floor === 'ground')).toBe(true);
    const upstairs = floors.filter((f) => f.t >= 125);
    const arrived = upstairs.find((f) => f.floor === 'first')!;
    expect(arrived.t).toBeLessThan(130);
    expect(upstairs.filter((f) => f.t >= arrived.t).every((f) => f.floor === 'first')).toBe(true);
  });
});

describe('tracker: rooms', () => {
  it('does not flap between rooms while a device stands at the wall', () => {
    const rng = new Prng(13);
    const engine = new Engine(config);
    let changes = 0;
    let rawChanges = 0;
    let room: string | null | undefined;
    let raw: string | null | undefined;
    for (let t = 0; t < 120; t += 0.5) {
      const fix = engine.processBatch(noisy(config, 'tag', [5, 4, 1], t, rng))[0]!;
      const polygon = engine.model.roomAt(fix.floor, fix.coordinates![0], fix.coordinates![1])?.id ?? null;
      if (room !== undefined && fix.room !== room) changes++;
      if (raw !== undefined && polygon !== raw) rawChanges++;
      room = fix.room;
      raw = polygon;
    }
    expect(rawChanges).toBeGreaterThan(10);
    expect(changes).toBeLessThan(rawChanges / 3);
  });

  it('changes room soon after a walker crosses the wall', () => {
    const rng = new Prng(17);
    const engine = new Engine(config);
    const delays: number[] = [];
    for (let run = 0; run < 5; run++) {
      const start = run * 100;
      // Standing in the living room, then walking through the wall at x = 5 at 1 m/s.
      let crossedAt: number | null = null;
      for (let t = start; t < start + 30; t += 0.25) {
        const x = Math.min(2 + Math.max(0, t - start - 10), 8);
        const fix = engine.processBatch(noisy(config, `walker${run}`, [x, 4, 1], t, rng))[0]!;
        if (x > 5 && crossedAt === null && fix.room === 'kitchen') crossedAt = t - (start + 13);
      }
      delays.push(crossedAt ?? Infinity);
    }
    expect(median(delays)).toBeLessThan(1.5);
  });
});
