import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callService, SERVICE_NAMES, type ServiceHost } from '../../../server/services/dispatch.ts';
import { CALIBRATION_REQUESTS, type CalibrationApplyResult, type CalibrationView } from '../../../server/sinks/card/messages.ts';
import { TestPrng } from '../../support/prng.ts';
import { serviceError } from '../../support/service-error.ts';
import { fixture, MISCALIBRATED, PHONE, readingsFrom, SPOTS, stand, type Fixture } from '../calibration/session-support.ts';

describe('the calibration requests', () => {
  let fx: Fixture;
  let host: ServiceHost;

  beforeEach(async () => {
    fx = await fixture();
    const { env } = fx;
    host = {
      store: env.store,
      calibration: fx.manager,
      configChanged: (config) => env.configChanged(config),
      queryContext: () => ({ config: env.store.config, movingEntities: new Map(), now: env.clock }),
      status: () => ({}),
      enableSensors: async () => ({ enabled: [] }),
      cardPositions: () => ({ entities: [], nodes_heard: {}, timestamp: '2027-01-15T08:00:00.000Z' }),
      unplacedScanners: () => [],
    };
  });
  afterEach(() => fx.remove());

  const call = <T>(name: string, data: unknown = {}): Promise<T> => callService(host, name, data) as Promise<T>;

  it('reach the calibration manager through callService, and are not Home Assistant services', async () => {
    expect(SERVICE_NAMES.filter((name) => (CALIBRATION_REQUESTS as readonly string[]).includes(name))).toEqual([]);
    expect(await call<CalibrationView>('calibration_status')).toEqual({ session: null, devices: [PHONE], references: [], fit: null });
    const started = await call<CalibrationView>('calibration_start', { device: PHONE.device });
    expect(started.session).toMatchObject({ device: PHONE.device, spots: [], recording: null });
    const recording = await call<CalibrationView>('calibration_spot', { x: 2, y: 2, height: 1.2, duration: 30 });
    expect(recording.session!.recording).toMatchObject({ coordinates: [2, 2, 1.2], samples: 0 });
    fx.env.clock += 30;
    expect((await call<CalibrationView>('calibration_remove_spot', { spot: 1 })).session!.spots).toEqual([]);
    expect((await call<CalibrationView>('calibration_cancel')).session).toBeNull();
    const refused = await serviceError(call('calibration_spot', { x: 2, y: 2 }));
    expect(refused).toMatchObject({ code: 'invalid', message: 'no calibration session: start one with calibration_start first' });
  });

  it('run one at a time: a spot sent while apply writes the file waits, and finds the session ended', async () => {
    const prng = new TestPrng(1);
    await call('calibration_start', { device: PHONE.device });
    for (const [x, y] of SPOTS) await stand(fx, x, y, 45, (t, at) => readingsFrom(fx.env.store.config, MISCALIBRATED, prng, PHONE.device, at, t));
    const applying = call<CalibrationApplyResult>('calibration_apply');
    const spot = call('calibration_spot', { x: 2, y: 2 });
    expect((await applying).view.session).toBeNull();
    expect(await serviceError(spot)).toMatchObject({ message: 'no calibration session: start one with calibration_start first' });
    expect(fx.manager.view().session).toBeNull();
  });
});
