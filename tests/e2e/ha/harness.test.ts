/**
 * Smoke test of the real-Home-Assistant harness and the test Bermuda: registry entries as real
 * Bermuda makes them, a distance sensor enabled the way a user (or `floorplan.enable_sensors`)
 * does it, values pushed by the test service, and a restart that the client rides through.
 */
import {
  callService,
  createConnection,
  createLongLivedTokenAuth,
  subscribeEntities,
  type Connection,
  type HassEntities,
} from 'home-assistant-js-websocket';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haVenv, startHomeAssistant, type BermudaConfig, type HomeAssistant } from './harness.ts';

// home-assistant-js-websocket expects the browser's WebSocket; Node 20 has none.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const SCANNERS = {
  '24:0a:c4:00:00:01': { name: 'Kitchen Proxy', area: 'Kitchen' },
  '24:0a:c4:00:00:02': { name: 'Hall Proxy', area: 'Hall' },
  '24:0a:c4:00:00:03': { name: 'Bedroom Proxy', area: 'Bedroom' },
};
const ALICE = 'aa:bb:cc:dd:ee:01';
const BOB = 'aa:bb:cc:dd:ee:02';
const BERMUDA: BermudaConfig = {
  scanners: SCANNERS,
  // Upper case on purpose: Bermuda's unique ids use the lower-case form.
  devices: { [ALICE.toUpperCase()]: { name: 'Alice Phone' }, [BOB]: { name: 'Bob Watch', home: false } },
};
const KITCHEN_RANGE = 'sensor.alice_phone_distance_to_kitchen_proxy';

interface RegistryEntity {
  entity_id: string;
  unique_id: string;
  platform: string;
  device_id: string | null;
  disabled_by: string | null;
  original_name: string | null;
}
interface RegistryDevice {
  id: string;
  name: string | null;
  identifiers: [string, string][];
  connections: [string, string][];
  area_id: string | null;
}

let ha: HomeAssistant | undefined;
let conn: Connection | undefined;
let states: HassEntities = {};
const started = Date.now();

function waitForState(predicate: (all: HassEntities) => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const timer = setInterval(() => {
      if (predicate(states)) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}; ${KITCHEN_RANGE} = ${JSON.stringify(states[KITCHEN_RANGE])}`));
      }
    }, 25);
  });
}

describe('real Home Assistant harness with the test Bermuda', () => {
  beforeAll(async () => {
    await haVenv(); // installs Home Assistant on the very first run (minutes)
  }, 15 * 60_000);

  beforeAll(async () => {
    ha = await startHomeAssistant({ bermuda: BERMUDA });
    conn = await createConnection({ auth: createLongLivedTokenAuth(ha.url, ha.token) });
    subscribeEntities(conn, (entities) => (states = entities));
  }, 180_000);

  afterAll(async () => {
    conn?.close();
    await ha?.stop();
    if (ha) {
      console.log(
        `harness timings (ms): starts ${ha.timings.starts.join(', ')}; stops ${ha.timings.stops.join(', ')}; ` +
          `whole file ${Date.now() - started}`,
      );
    }
  }, 60_000);

  it('registers the per-scanner distance sensors disabled, with Bermuda unique ids and devices', async () => {
    const entities = await conn!.sendMessagePromise<RegistryEntity[]>({ type: 'config/entity_registry/list' });
    const devices = await conn!.sendMessagePromise<RegistryDevice[]>({ type: 'config/device_registry/list' });
    const deviceOf = (key: string) => devices.find((d) => d.identifiers.some(([domain, id]) => domain === 'bermuda' && id === key));

    for (const key of [ALICE, BOB]) {
      const device = deviceOf(key);
      expect(device, key).toBeDefined();
      expect(device!.connections).toContainEqual(['bluetooth', key.toUpperCase()]);
      for (const [mac, scanner] of Object.entries(SCANNERS)) {
        const range = entities.find((e) => e.unique_id === `${key}_${mac}_range`);
        expect(range, `${key}_${mac}_range`).toMatchObject({
          platform: 'bermuda',
          disabled_by: 'integration',
          device_id: device!.id,
          original_name: `Distance to ${scanner.name}`,
        });
        expect(entities.find((e) => e.unique_id === `${key}_${mac}_range_raw`)?.disabled_by).toBe('integration');
      }
    }
    // The nearest-distance sensor `<key>_range` is Bermuda's too, and enabled.
    expect(entities.find((e) => e.unique_id === `${ALICE}_range`)?.disabled_by).toBeNull();

    // The proxies as ESPHome registers them: by WiFi MAC, named, in their area.
    for (const [mac, scanner] of Object.entries(SCANNERS)) {
      const device = devices.find((d) => d.connections.some(([type, id]) => type === 'mac' && id === mac));
      expect(device?.name).toBe(scanner.name);
      expect(device?.area_id).toBe(scanner.area.toLowerCase());
    }

    // Disabled entities have no state; the trackers do.
    expect(states[KITCHEN_RANGE]).toBeUndefined();
    expect(states['device_tracker.alice_phone_bermuda_tracker']).toMatchObject({
      state: 'home',
      attributes: { source_type: 'bluetooth_le' },
    });
    expect(states['device_tracker.bob_watch_bermuda_tracker']?.state).toBe('not_home');
  });

  it('enables a sensor, reloads Bermuda and sees the values the test sets', async () => {
    const updated = await conn!.sendMessagePromise<{ entity_entry: RegistryEntity }>({
      type: 'config/entity_registry/update',
      entity_id: KITCHEN_RANGE,
      disabled_by: null,
    });
    expect(updated.entity_entry.disabled_by).toBeNull();

    const [entry] = await conn!.sendMessagePromise<{ entry_id: string }[]>({ type: 'config_entries/get', domain: 'bermuda' });
    await callService(conn!, 'homeassistant', 'reload_config_entry', { entry_id: entry!.entry_id });
    await waitForState((s) => s[KITCHEN_RANGE] !== undefined, `${KITCHEN_RANGE} to exist`);
    expect(states[KITCHEN_RANGE]!.state).toBe('unknown');

    await callService(conn!, 'bermuda', 'set_distances', { device: ALICE, distances: { '24:0A:C4:00:00:01': 2.3456 } });
    await waitForState((s) => s[KITCHEN_RANGE]?.state === '2.346', 'the distance');
    const state = states[KITCHEN_RANGE]!;
    expect(state.attributes).toMatchObject({
      unit_of_measurement: 'm',
      device_class: 'distance',
      state_class: 'measurement',
      area_name: 'Kitchen',
      area_scanner_mac: '24:0a:c4:00:00:01',
      area_scanner_name: 'Kitchen Proxy',
    });
    expect(Date.parse(state.last_updated)).toBeGreaterThan(Date.now() - 60_000);
    expect(states['sensor.alice_phone_distance']?.state).toBe('2.3');
    expect(states['sensor.alice_phone_area']?.state).toBe('Kitchen');

    await callService(conn!, 'bermuda', 'set_distances', { device: ALICE, distances: { '24:0a:c4:00:00:01': 'unavailable' } });
    await waitForState((s) => s[KITCHEN_RANGE]?.state === 'unavailable', 'unavailable');
    await callService(conn!, 'bermuda', 'set_distances', { device: ALICE, distances: { '24:0a:c4:00:00:01': null } });
    await waitForState((s) => s[KITCHEN_RANGE]?.state === 'unknown', 'unknown');
    await callService(conn!, 'bermuda', 'set_distances', { device: ALICE, distances: { '24:0a:c4:00:00:01': 1.5 } });
    await waitForState((s) => s[KITCHEN_RANGE]?.state === '1.5', 'the distance again');

    await callService(conn!, 'bermuda', 'set_presence', { device: BOB, home: true });
    await waitForState((s) => s['device_tracker.bob_watch_bermuda_tracker']?.state === 'home', 'Bob home');

    await expect(callService(conn!, 'bermuda', 'set_distances', { device: 'aa:bb:cc:dd:ee:99', distances: {} })).rejects.toMatchObject({
      message: expect.stringContaining('unknown device'),
    });
  });

  it('restarts; the client reconnects and the state survives', async () => {
    let reconnected = false;
    conn!.addEventListener('ready', () => (reconnected = true));
    const before = states[KITCHEN_RANGE]!.last_updated;

    await ha!.restart();
    await waitForState(() => reconnected, 'the client to reconnect', 30_000);
    await waitForState((s) => s[KITCHEN_RANGE]?.state === '1.5' && s[KITCHEN_RANGE]!.last_updated !== before, 'the state after restart');
    expect(states[KITCHEN_RANGE]!.attributes.unit_of_measurement).toBe('m');
    expect(states['device_tracker.bob_watch_bermuda_tracker']?.state).toBe('home');

    const entities = await conn!.sendMessagePromise<RegistryEntity[]>({ type: 'config/entity_registry/list' });
    expect(entities.find((e) => e.entity_id === KITCHEN_RANGE)?.disabled_by).toBeNull();
    // Home Assistant 2024.3 logs a ServiceValidationError of a websocket call at ERROR level.
    expect(ha!.logErrors().filter((line) => !line.includes('unknown device `aa:bb:cc:dd:ee:99`'))).toEqual([]);
  }, 120_000);
});
