import { readdir, readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestPrng } from '../../support/prng.ts';
import { CalibrationManager } from '../../../server/calibration/manager.ts';
import { fixture, MISCALIBRATED, PHONE, readingsFrom, stand, T0, TestEnvironment, type Fixture } from './session-support.ts';

let fx: Fixture;
beforeEach(async () => {
  fx = await fixture();
});
afterEach(() => fx.remove());

const heard = (fx: Fixture, seed: number) => {
  const prng = new TestPrng(seed);
  return (t: number, at: [number, number, number]) => readingsFrom(fx.env.store.config, MISCALIBRATED, prng, PHONE.device, at, t);
};

describe('a calibration session across a restart', () => {
  it('comes back with its finished spots; the spot recording at the restart is gone', async () => {
    await fx.manager.start({ device: PHONE.device });
    await stand(fx, 2, 2, 20, heard(fx, 1));
    await stand(fx, 8, 6, 20, heard(fx, 2));
    await fx.manager.spot({ x: 5, y: 4, duration: 30 });
    fx.env.clock += 10;
    fx.manager.record(heard(fx, 3)(fx.env.clock, [5, 4, 1]));
    const before = fx.manager.view();
    expect(before.session!.recording!.samples).toBe(5);
    await fx.manager.saved();

    const restarted = fx.restart();
    await restarted.load();
    const after = restarted.view();
    expect(after.session).toEqual({ ...before.session, recording: null });
    expect(after.fit).toEqual(before.fit);
    expect(fx.env.logs).toEqual([`calibration: continuing the session of Phone with 2 spots from ${fx.stateFile}`]);

    // It goes on where it was: the next spot gets the next id.
    fx.manager = restarted;
    await stand(fx, 5, 4, 20, heard(fx, 4));
    expect(restarted.view().session!.spots.map((s) => s.id)).toEqual([1, 2, 3]);
  });

  it('keeps a removed spot removed and a cancelled session cancelled', async () => {
    await fx.manager.start({ device: PHONE.device });
    await stand(fx, 2, 2, 20, heard(fx, 1));
    await stand(fx, 8, 6, 20, heard(fx, 2));
    await fx.manager.removeSpot({ spot: 1 });
    const restarted = fx.restart();
    await restarted.load();
    expect(restarted.view().session!.spots.map((s) => s.id)).toEqual([2]);

    await restarted.cancel();
    const again = fx.restart();
    await again.load();
    expect(again.view().session).toBeNull();
    expect(await readdir(fx.dir)).toEqual(['floorplan.yaml']);
  });

  it('starts empty beside a broken state file, which is moved aside and reported, not deleted', async () => {
    await writeFile(fx.stateFile, '{"version": 1, "session": {"device": ');
    await fx.manager.load();
    expect(fx.manager.view().session).toBeNull();
    expect(fx.env.logs).toEqual([
      expect.stringMatching(new RegExp(`^calibration: ${fx.stateFile} is not JSON: .*; moved it to ${fx.stateFile}\\.broken and starting without a session$`)),
    ]);
    expect(await readFile(`${fx.stateFile}.broken`, 'utf8')).toBe('{"version": 1, "session": {"device": ');

    // A second broken file does not overwrite the first one set aside.
    await writeFile(fx.stateFile, JSON.stringify({ version: 99, session: {} }));
    await fx.restart().load();
    expect(fx.env.logs[1]).toMatch(/is not a calibration session of version 1: .*; moved it to .*calibration\.json\.1\.broken/);
    expect((await readdir(fx.dir)).sort()).toEqual(['calibration.json.1.broken', 'calibration.json.broken', 'floorplan.yaml']);
  });

  it('refuses a file whose spots are malformed, naming what is wrong', async () => {
    const spot = { id: 1, coordinates: [1, 2], floor: 'ground', height: 1, started: T0, duration: 45, readings: [] };
    const session = { device: PHONE.device, entityId: null, name: 'Phone', started: T0, nextSpot: 2, spots: [spot] };
    await writeFile(fx.stateFile, JSON.stringify({ version: 1, session }));
    await fx.manager.load();
    expect(fx.env.logs[0]).toContain('file/session/spots/0/coordinates must NOT have fewer than 3 items');
    expect(fx.manager.view().session).toBeNull();
  });

  it('keeps the session in memory only without a state file', async () => {
    fx.env = new TestEnvironment(fx.env.store, null);
    fx.manager = new CalibrationManager(fx.env);
    await fx.manager.load();
    await fx.manager.start({ device: PHONE.device });
    await stand(fx, 2, 2, 5, () => []);
    await fx.manager.saved();
    expect(await readdir(fx.dir)).toEqual(['floorplan.yaml']);
  });
});
