/**
 * The sidecar with its MQTT sink: a phone located from Bermuda's sensors (a fake Home Assistant)
 * shows up as its person on a real Mosquitto, and the sidecar says offline when it stops.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore, fileSource } from '../../server/config/store.ts';
import { connectHomeAssistant, type HomeAssistantSession } from '../../server/providers/home-assistant/connection.ts';
import { Sidecar } from '../../server/sidecar.ts';
import type { MqttSettings } from '../../server/sinks/mqtt/publisher.ts';
import { deviceEntry, entityEntry, startFakeHomeAssistant, type FakeHomeAssistant } from '../support/fake-ha/index.ts';
import { startBroker, type Broker } from './broker.ts';
import { GROUND_FLOOR_ROOMS } from '../support/plan-text.ts';

const PLAN = `${GROUND_FLOOR_ROOMS}moving_entities:
  beacon_nodes:
    "AA:00:00:00:00:01": {coordinates: [0.2, 0.2, 2.4]}
    "AA:00:00:00:00:02": {coordinates: [9.8, 0.2, 2.4]}
    "AA:00:00:00:00:03": {coordinates: [9.8, 7.8, 2.4]}
`;
const NODES: [string, [number, number, number]][] = [
  ['aa:00:00:00:00:01', [0.2, 0.2, 2.4]],
  ['aa:00:00:00:00:02', [9.8, 0.2, 2.4]],
  ['aa:00:00:00:00:03', [9.8, 7.8, 2.4]],
];
const PHONE = 'c0:ff:ee:00:00:01';
const WAIT = { timeout: 15_000, interval: 50 };

/** Alice's phone as Bermuda registers it: a distance sensor per scanner and a device tracker. */
function bermuda(ha: FakeHomeAssistant): void {
  const device = deviceEntry({ name: 'Alice phone', identifiers: [['bermuda', PHONE]] });
  const sensors = NODES.map(([scanner], i) =>
    entityEntry({ entity_id: `sensor.phone_distance_to_scanner_${i}`, platform: 'bermuda', unique_id: `${PHONE}_${scanner}_range`, device_id: device.id }),
  );
  ha.setEntityRegistry([...sensors, entityEntry({ entity_id: 'device_tracker.alice_phone', platform: 'bermuda', unique_id: PHONE, device_id: device.id })]);
  ha.setDeviceRegistry([device]);
  ha.setState('device_tracker.alice_phone', 'home', { source_type: 'bluetooth_le' });
  ha.setState('person.alice', 'home', { friendly_name: 'Alice', device_trackers: ['device_tracker.alice_phone'] });
}

function standAt(ha: FakeHomeAssistant, [x, y]: [number, number]): void {
  NODES.forEach(([, [nx, ny, nz]], i) => ha.setState(`sensor.phone_distance_to_scanner_${i}`, Math.hypot(x - nx, y - ny, 1 - nz).toFixed(2), { unit_of_measurement: 'm' }));
}

describe('the sidecar with MQTT', () => {
  let ha: FakeHomeAssistant;
  let broker: Broker;
  let dir: string;
  let session: HomeAssistantSession | undefined;
  let sidecar: Sidecar | undefined;
  let observer: MqttClient;
  const seen = new Map<string, string>();
  const logs: string[] = [];

  async function startSidecar(mqttSettings: MqttSettings): Promise<void> {
    const store = new ConfigStore(fileSource(join(dir, 'floorplan.yaml')));
    await store.load();
    session = await connectHomeAssistant({ url: ha.url, token: 'secret-token', log: (m) => logs.push(m) });
    sidecar = new Sidecar({ session, url: ha.url, store, version: 'test', attach: false, stateDir: null, mqtt: mqttSettings, log: (m) => logs.push(m) });
    await sidecar.start();
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floorplan-mqtt-sidecar-'));
    await writeFile(join(dir, 'floorplan.yaml'), PLAN);
    ha = await startFakeHomeAssistant({ tokens: ['secret-token'] });
    bermuda(ha);
    broker = await startBroker();
    observer = await mqtt.connectAsync(broker.url);
    observer.on('message', (topic, payload) => seen.set(topic, payload.toString()));
    await observer.subscribeAsync('floorplan/#', { qos: 1 });
  });
  afterEach(async () => {
    await sidecar?.stop();
    session?.close();
    await observer.endAsync(true);
    await broker.close();
    await ha.close();
    await rm(dir, { recursive: true, force: true });
    seen.clear();
    logs.length = 0;
  });

  it('publishes the person where the phone is, and offline when it stops', async () => {
    await startSidecar({ url: broker.url, username: null, password: null, root: 'floorplan', location: 'home', discoveryPrefix: 'homeassistant' });
    standAt(ha, [7.5, 4]);
    await expect.poll(() => JSON.parse(seen.get('floorplan/home/person_alice') ?? '{}'), WAIT).toMatchObject({ home: true, name: 'Alice', room: 'kitchen', room_name: 'Kitchen', floor: 'ground' });
    expect(JSON.parse(seen.get('floorplan/home/person_alice')!).x).toBeCloseTo(7.5, 0);
    expect(JSON.parse(seen.get('floorplan/home/occupancy')!)).toMatchObject({ occupied: true, people: ['Alice'] });
    expect(seen.get('floorplan/home/status')).toBe('online');

    await sidecar!.stop();
    sidecar = undefined;
    await expect.poll(() => seen.get('floorplan/home/status'), WAIT).toBe('offline');
  });

  it('runs without the broker: starts, locates, and logs the broker once', async () => {
    const port = broker.port;
    await broker.stop();
    await startSidecar({ url: `mqtt://127.0.0.1:${port}`, username: null, password: null, root: 'floorplan', location: 'home', discoveryPrefix: null });
    standAt(ha, [2, 4]);
    await expect.poll(() => sidecar!.presence().devices.find((d) => d.entityId === 'person.alice')?.room, WAIT).toBe('living');
    expect(logs.filter((m) => m.startsWith('MQTT:'))).toEqual([expect.stringMatching(/^MQTT: cannot reach the broker at mqtt:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED/)]);
  });
});
