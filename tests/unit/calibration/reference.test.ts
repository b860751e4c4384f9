import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFERENCE_WINDOW } from '../../../server/calibration/reference.ts';
import type { Vec3 } from '../../../server/config/types.ts';
import { distanceToRssi } from '../../../server/engine/rssi-model.ts';
import type { Fix, RawReading } from '../../../server/engine/types.ts';
import { fixture, PHONE, readingsFrom, stand, T0, type Fixture } from './session-support.ts';
import { TestPrng } from '../../support/prng.ts';

/** switch.plug in PLAN. */
const PLUG: Vec3 = [5, 4, 0.3];
const PLUG_DEVICE = 'aa:bb:cc:00:00:77';

let fx: Fixture;
beforeEach(async () => {
  fx = await fixture();
  fx.env.links = [{ entityId: 'switch.plug', device: PLUG_DEVICE, fix: fixAt([5.3, 4.4, 1]) }];
});
afterEach(() => fx.remove());

function fixAt(coordinates: Vec3): Fix {
  return { t: T0, device: PLUG_DEVICE, coordinates, accuracy: 1, confidence: 0.8, floor: 'ground', room: 'living', method: 'tracked', nodesUsed: [], residualRms: null, iterations: 1 };
}

/** The plug as heard: the proxy's distances 20 % long, 02's RSSI 6 dB strong, the others exact. */
function plugReadings(t: number): RawReading[] {
  return fx.env.store.config.beaconNodes.map((node) => {
    const d = Math.hypot(PLUG[0] - node.coordinates[0], PLUG[1] - node.coordinates[1], PLUG[2] - node.coordinates[2]);
    if (node.id === 'hall-proxy') return { t, device: PLUG_DEVICE, scanner: node.id, distance: 1.2 * d };
    const rssi = distanceToRssi(d, { refPower: -55, attenuation: 3 }) + (node.id === 'AA:00:00:00:00:02' ? 6 : 0);
    return { t, device: PLUG_DEVICE, scanner: node.id, rssi };
  });
}

function hear(seconds: number): void {
  for (let i = 0; i < seconds; i++) {
    fx.env.clock += 1;
    fx.manager.record(plugReadings(fx.env.clock));
  }
}

describe('reference beacons', () => {
  it('report how far each node drifts from the known position with the values in use, and the position error', () => {
    hear(30);
    const [beacon] = fx.manager.view().references;
    expect(beacon).toMatchObject({ entity_id: 'switch.plug', device: PLUG_DEVICE, coordinates: PLUG, floor: 'ground', position_error: 0.5 });
    const drift = new Map(beacon!.drift.map((d) => [d.node, d]));
    expect(drift.get('hall-proxy')).toMatchObject({ kind: 'distance', samples: 30 });
    expect(drift.get('hall-proxy')!.drift).toBeCloseTo(0.2, 2);
    expect(drift.get('AA:00:00:00:00:02')).toMatchObject({ kind: 'rssi', samples: 30 });
    expect(drift.get('AA:00:00:00:00:02')!.drift).toBeCloseTo(6, 1);
    expect(Math.abs(drift.get('AA:00:00:00:00:01')!.drift)).toBeLessThan(0.01);
  });

  it('keep the most recent readings of each node only', () => {
    hear(REFERENCE_WINDOW + 30);
    const [beacon] = fx.manager.view().references;
    expect(beacon!.drift.map((d) => d.samples)).toEqual(Array(5).fill(REFERENCE_WINDOW));
  });

  it('enter the fit, and apply writes their correction without a session; the drift is gone after it', async () => {
    hear(40);
    const { fit, session } = fx.manager.view();
    expect(session).toBeNull();
    const proxy = fit!.nodes.find((n) => n.node === 'hall-proxy')!;
    expect(proxy).toMatchObject({ kind: 'distance', samples: 40 });
    expect(proxy.fitted.distance_scale).toBeCloseTo(1 / 1.2, 2);
    expect(proxy.points[0]![1] / proxy.points[0]![0]).toBeCloseTo(1.2, 3);
    expect(fit!.applicable).toBe(true);
    expect(fit!.error_before).toBeNull();

    const { written, view } = await fx.manager.apply();
    expect(written).toContainEqual({ node: 'hall-proxy', distance_scale: proxy.fitted.distance_scale });
    const drift = view.references[0]!.drift.find((d) => d.node === 'hall-proxy')!;
    expect(Math.abs(drift.drift)).toBeLessThan(0.002);
    // Refitting the same readings with what was written changes nothing more.
    expect(view.fit!.applicable).toBe(false);
  });

  it('join a session\'s spots in the fit', async () => {
    await fx.manager.start({ device: PHONE.device });
    const prng = new TestPrng(1);
    const exact = { refPower: -55, attenuation: 3 };
    const radio = { 'AA:00:00:00:00:01': exact, 'AA:00:00:00:00:02': exact, 'AA:00:00:00:00:03': exact, 'AA:00:00:00:00:04': exact, 'hall-proxy': { distanceScale: 1 } };
    await stand(fx, 2, 2, 10, (t, at) => [...readingsFrom(fx.env.store.config, radio, prng, PHONE.device, at, t), ...plugReadings(t)]);
    const proxy = fx.manager.view().fit!.nodes.find((n) => n.node === 'hall-proxy')!;
    expect(proxy.samples).toBe(20);
  });

  it('are forgotten when the host no longer links them', () => {
    hear(10);
    fx.env.links = [];
    hear(1);
    expect(fx.manager.view()).toMatchObject({ references: [], fit: null });
  });
});
