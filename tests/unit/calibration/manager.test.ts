import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distanceToRssi } from '../../../server/engine/rssi-model.ts';
import type { CalibrationNodeFit } from '../../../server/sinks/card/messages.ts';
import { TestPrng } from '../../support/prng.ts';
import { serviceError } from '../../support/service-error.ts';
import { fixture, MISCALIBRATED, PHONE, PLAN, readingsFrom, SPOTS, stand, T0, type Fixture } from './session-support.ts';

let fx: Fixture;
beforeEach(async () => {
  fx = await fixture();
});
afterEach(() => fx.remove());

/** Stands at every spot of SPOTS for 45 s while the miscalibrated nodes hear the phone. */
async function calibrateAtSpots(seed: number): Promise<void> {
  const prng = new TestPrng(seed);
  await fx.manager.start({ device: PHONE.device });
  for (const [x, y] of SPOTS) await stand(fx, x, y, 45, (t, at) => readingsFrom(fx.env.store.config, MISCALIBRATED, prng, PHONE.device, at, t));
}

const fitOf = (nodes: CalibrationNodeFit[], id: string): CalibrationNodeFit => nodes.find((n) => n.node === id)!;

describe('a calibration session', () => {
  it('fits each node from the spots back to its true radio and locates the spots better with the fit', async () => {
    await calibrateAtSpots(1);
    const { session, fit } = fx.manager.view();
    expect(session!.recording).toBeNull();
    expect(session!.spots.map((s) => s.coordinates)).toEqual(SPOTS.map(([x, y]) => [x, y, 1]));
    for (const spot of session!.spots) {
      expect(spot.samples).toBe(45 * 5);
      expect(spot.nodes).toEqual(['AA:00:00:00:00:01', 'AA:00:00:00:00:02', 'AA:00:00:00:00:03', 'AA:00:00:00:00:04', 'hall-proxy']);
    }

    // Each RSSI node's fitted curve follows its true one (10 dB off for 02) over the distances sampled.
    for (const [id, truth] of Object.entries(MISCALIBRATED)) {
      const node = fitOf(fit!.nodes, id);
      expect(node.samples).toBe(270);
      if ('distanceScale' in truth) {
        expect(node.kind).toBe('distance');
        expect(node.fitted.distance_scale).toBeCloseTo(truth.distanceScale, 1);
        continue;
      }
      expect(node.kind).toBe('rssi');
      const fitted = { refPower: node.fitted.ref_power!, attenuation: node.fitted.attenuation! };
      for (const d of [3, 5, 8]) expect(Math.abs(distanceToRssi(d, fitted) - distanceToRssi(d, truth))).toBeLessThan(1.25);
      expect(node.current).toEqual({ ref_power: -55, attenuation: 3, distance_scale: 1 });
      expect(node.residual).toBeGreaterThan(2);
      expect(node.residual).toBeLessThan(4);
      // The readings' noise is drawn afresh for every advert: what stays at a spot is only the
      // fitted curve's own miss there (04's attenuation is fitted from six distances).
      expect(node.persistent_share).not.toBeNull();
      expect(node.persistent_share!).toBeLessThan(0.3);
    }
    expect(fitOf(fit!.nodes, 'AA:00:00:00:00:02').fitted.ref_power).toBeCloseTo(-65, 0);
    expect(Math.abs(fitOf(fit!.nodes, 'AA:00:00:00:00:04').fitted.attenuation! - 2.2)).toBeLessThan(0.35);

    expect(fit!.applicable).toBe(true);
    expect(fit!.error_before).toBeGreaterThan(0.5);
    expect(fit!.error_after!).toBeLessThan(fit!.error_before! / 2);
    for (const spot of session!.spots) expect(spot.error_after!).toBeLessThan(0.5);
  });

  it('draws at most 200 points per node, spread over the whole range of distances', async () => {
    await calibrateAtSpots(2);
    const node = fitOf(fx.manager.view().fit!.nodes, 'AA:00:00:00:00:02');
    expect(node.points).toHaveLength(200);
    const distances = node.points.map(([d]) => d);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // The nearest spot (8, 2) is 2.4 m away and the farthest (2, 6) 9.6 m.
    expect(distances[0]).toBeCloseTo(2.43, 1);
    expect(distances[199]).toBeCloseTo(9.6, 1);
  });

  it('keeps only the session device\'s readings taken while the spot records, repeats included', async () => {
    await fx.manager.start({ device: PHONE.device });
    await fx.manager.spot({ x: 2, y: 2, duration: 10 });
    fx.env.clock = T0 + 5;
    const reading = (t: number, device = PHONE.device, value: unknown = -60) => ({ t, device, scanner: 'aa-00-00-00-00-01', rssi: value });
    fx.manager.record([
      reading(T0 - 1), // before the spot started
      reading(T0 + 5),
      reading(T0 + 5), // the same value again: still heard
      reading(T0 + 5, 'aa:bb:cc:00:00:99'), // someone else's phone
      { t: T0 + 5, device: PHONE.device, scanner: 'hall-proxy', distance: 'unknown' }, // not heard
      { t: T0 + 5, device: PHONE.device, scanner: 'hall-proxy', distance: '3.5' },
    ]);
    const recording = fx.manager.view().session!.recording!;
    expect(recording).toMatchObject({ samples: 3, nodes: ['AA:00:00:00:00:01', 'hall-proxy'], ends: new Date((T0 + 10) * 1000).toISOString() });

    fx.env.clock = T0 + 11;
    fx.manager.record([reading(T0 + 11)]); // after the window: the recording ends without it
    const { session } = fx.manager.view();
    expect(session!.recording).toBeNull();
    expect(session!.spots).toEqual([
      expect.objectContaining({ id: 1, samples: 3, duration: 10, nodes: ['AA:00:00:00:00:01', 'hall-proxy'], error_before: null, error_after: null }),
    ]);
  });

  it('ends a recording when its time is up, on tick alone', async () => {
    await fx.manager.start({ device: PHONE.device });
    await fx.manager.spot({ x: 2, y: 2, duration: 30 });
    fx.env.clock = T0 + 29;
    fx.manager.tick();
    expect(fx.manager.view().session!.recording).not.toBeNull();
    fx.env.clock = T0 + 30;
    fx.manager.tick();
    expect(fx.manager.view().session!.spots).toHaveLength(1);
  });

  it('puts the spot at the floor\'s base plus the height given, device_height when none', async () => {
    const twoFloors = PLAN.replace('  ground: {height: 3}   # the only floor', '  ground: {height: 3}\n  first: {height: 5.8}');
    await fx.remove();
    fx = await fixture(twoFloors);
    await fx.manager.start({ device: PHONE.device });
    const view = await fx.manager.spot({ x: 1, y: 1, floor: 'first', height: 1.4 });
    expect(view.session!.recording).toMatchObject({ coordinates: [1, 1, 4.4], floor: 'first', height: 1.4 });
    fx.env.clock += 45;
    const lowest = await fx.manager.spot({ x: 1, y: 1 });
    expect(lowest.session!.recording).toMatchObject({ coordinates: [1, 1, 1], floor: 'ground', height: 1 });
  });

  it('removes a spot by id, and ids are not reused', async () => {
    await calibrateAtSpots(3);
    await fx.manager.removeSpot({ spot: 2 });
    expect(fx.manager.view().session!.spots.map((s) => s.id)).toEqual([1, 3, 4, 5, 6]);
    await stand(fx, 1, 1, 5, () => []);
    expect(fx.manager.view().session!.spots.map((s) => s.id)).toEqual([1, 3, 4, 5, 6, 7]);
  });

  it('starts over with another device while no spot is recorded', async () => {
    const other = { ...PHONE, device: 'aa:bb:cc:00:00:02', entity_id: 'device_tracker.tag', name: 'Tag' };
    fx.env.devicesNow = [PHONE, other];
    await fx.manager.start({ device: PHONE.device });
    const view = await fx.manager.start({ device: other.device });
    expect(view.session).toMatchObject({ device: other.device, entity_id: 'device_tracker.tag', name: 'Tag', spots: [] });
    expect(view.devices).toEqual([PHONE, other]);
  });
});

describe('refusals', () => {
  const refusal = async (call: Promise<unknown>): Promise<string> => {
    const err = await serviceError(call);
    expect(err.code).toBe('invalid');
    return err.message;
  };

  it('a spot, a removal or apply of a spot without a session', async () => {
    expect(await refusal(fx.manager.spot({ x: 1, y: 1 }))).toBe('no calibration session: start one with calibration_start first');
    expect(await refusal(fx.manager.removeSpot({ spot: 1 }))).toMatch(/^no calibration session/);
  });

  it('a device that is not tracked', async () => {
    expect(await refusal(fx.manager.start({ device: 'ff:ff:ff:ff:ff:ff' }))).toBe(
      'unknown device `ff:ff:ff:ff:ff:ff` to calibrate with (devices: aa:bb:cc:00:00:01 (Phone))',
    );
    expect(await refusal(fx.manager.start({}))).toBe('missing required field `device`');
  });

  it('a new session while one has spots', async () => {
    await fx.manager.start({ device: PHONE.device });
    await stand(fx, 2, 2, 5, () => []);
    expect(await refusal(fx.manager.start({ device: PHONE.device }))).toBe(
      'a calibration session with Phone has 1 recorded spots: apply or cancel it first',
    );
    await fx.manager.cancel();
    expect((await fx.manager.start({ device: PHONE.device })).session!.spots).toEqual([]);
  });

  it('a spot while one records', async () => {
    await fx.manager.start({ device: PHONE.device });
    await fx.manager.spot({ x: 2, y: 2, duration: 60 });
    fx.env.clock = T0 + 20;
    expect(await refusal(fx.manager.spot({ x: 3, y: 3 }))).toBe(
      `a spot is still recording until ${new Date((T0 + 60) * 1000).toISOString()} (40 s left): wait for it to end`,
    );
    expect(await refusal(fx.manager.apply())).toMatch(/^a spot is still recording until .*: wait for it to end before applying$/);
  });

  it('a spot on an unknown floor, off the plan, or with a wrong height or duration', async () => {
    await fx.manager.start({ device: PHONE.device });
    expect(await refusal(fx.manager.spot({ x: 2, y: 2, floor: 'attic' }))).toBe('unknown floor `attic` (floors: ground)');
    expect(await refusal(fx.manager.spot({ x: 12, y: 2 }))).toBe(
      '`x`, `y` (12, 2) lie outside floor `ground`: x must be within -1 to 11 m and y within -1 to 9 m',
    );
    expect(await refusal(fx.manager.spot({ y: 2 }))).toBe('missing required field `x`');
    expect(await refusal(fx.manager.spot({ x: 'left', y: 2 }))).toBe('`x` must be a number, got "left"');
    expect(await refusal(fx.manager.spot({ x: 2, y: 2, height: 3.5 }))).toBe(
      '`height` must be between 0 and 3 m (the height of floor `ground`), got 3.5',
    );
    expect(await refusal(fx.manager.spot({ x: 2, y: 2, duration: 0.5 }))).toBe('`duration` must be 1 to 600 seconds, got 0.5');
    expect(fx.manager.view().session!.recording).toBeNull();
  });

  it('removing a spot that is not there', async () => {
    await fx.manager.start({ device: PHONE.device });
    await stand(fx, 2, 2, 5, () => []);
    expect(await refusal(fx.manager.removeSpot({ spot: 4 }))).toBe('no spot `4` in the calibration session (spots: 1)');
    expect(await refusal(fx.manager.removeSpot({ spot: 1.5 }))).toBe("`spot` must be a spot's id (a whole number), got 1.5");
    expect(await refusal(fx.manager.removeSpot({}))).toBe('missing required field `spot`');
  });

  it('apply with nothing to apply', async () => {
    expect(await refusal(fx.manager.apply())).toBe(
      'nothing to apply: no calibration samples yet (record spots in a session, or wait for a reference beacon to be heard)',
    );
    // Two readings per node: too few to fit anything.
    await fx.manager.start({ device: PHONE.device });
    const prng = new TestPrng(4);
    await stand(fx, 5, 4, 2, (t, at) => readingsFrom(fx.env.store.config, MISCALIBRATED, prng, PHONE.device, at, t));
    expect(fx.manager.view().fit!.applicable).toBe(false);
    expect(await refusal(fx.manager.apply())).toMatch(
      /^nothing to apply: no node has a fitted value that differs from the one in use \(AA:00:00:00:00:01: too few samples to fit \(2, need at least 5\);/,
    );
    expect(fx.env.changes).toEqual([]);
  });
});

describe('apply', () => {
  it('writes the fitted values into floorplan.yaml keeping every comment, and ends the session', async () => {
    await calibrateAtSpots(5);
    const fit = fx.manager.view().fit!;
    const result = await fx.manager.apply();

    expect(result.written).toEqual(fit.nodes.map((n) => ({ node: n.node, ...n.fitted })));
    expect(result.view.session).toBeNull();
    const text = await readFile(fx.file, 'utf8');
    const comments = (t: string): string[] => t.split('\n').flatMap((line) => line.match(/#.*$/) ?? []);
    expect(comments(text)).toEqual(comments(PLAN));
    const written = fitOf(fit.nodes, 'AA:00:00:00:00:02').fitted;
    expect(text).toContain(
      `"AA:00:00:00:00:02": {coordinates: [9.7, 0.3, 1.0], ref_power: ${written.ref_power}, attenuation: ${written.attenuation}}   # south-east, in a cupboard`,
    );

    // The host hears of the new configuration, which is the one in use and has the values.
    const [config] = fx.env.changes;
    expect(config).toBe(fx.env.store.config);
    expect(config!.beaconNodes.find((n) => n.id === 'hall-proxy')!.distanceScale).toBe(fitOf(fit.nodes, 'hall-proxy').fitted.distance_scale);
    await expect(readFile(fx.stateFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await serviceError(fx.manager.spot({ x: 1, y: 1 }))).toMatchObject({ message: expect.stringMatching(/^no calibration session/) });
  });
});
