/**
 * The MQTT sink against a real Mosquitto on 127.0.0.1 (tests/mqtt/broker.ts): what a person's
 * arrival, move and departure publish, as a second client and Home Assistant would see it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { MqttSink, type MqttSettings } from '../../server/sinks/mqtt/publisher.ts';
import { startBroker, type Broker } from './broker.ts';
import { positionsOf, snapshotOf, type Person } from './snapshots.ts';

const T0 = 1_700_000_000;
const WAIT = { timeout: 10_000, interval: 20 };
const ALICE = 'floorplan/home/person_alice';
const ALICE_CONFIG = 'homeassistant/device_tracker/floorplan_home/person_alice/config';
const alice = (room: Person['room'], at?: [number, number, number]): Person => ({ entityId: 'person.alice', name: 'Alice', room, since: T0, ...(at ? { at } : {}) });
const bob = (room: Person['room']): Person => ({ entityId: 'person.bob', name: 'Bob', room });

interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

/** A second client that records everything under the sink's root and Home Assistant's discovery prefix. */
async function observe(url: string, options: mqtt.IClientOptions = {}): Promise<{ client: MqttClient; messages: Received[]; last(topic: string): unknown }> {
  // MQTT 5 with "retain as published": a live message shows whether the sink retained it.
  const client = await mqtt.connectAsync(url, { protocolVersion: 5, ...options });
  const messages: Received[] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, payload: payload.toString(), retain: packet.retain }));
  await client.subscribeAsync(['floorplan/#', 'homeassistant/#'], { qos: 1, rap: true });
  const last = (topic: string): unknown => {
    const found = messages.findLast((m) => m.topic === topic)?.payload;
    return found === undefined || found === '' || !found.startsWith('{') ? found : JSON.parse(found);
  };
  return { client, messages, last };
}

/** What a client subscribing now gets: the retained messages, topic → payload. */
async function retained(url: string, options: mqtt.IClientOptions = {}): Promise<Map<string, string>> {
  const client = await mqtt.connectAsync(url, options);
  const seen = new Map<string, string>();
  const marker = `test/marker/${Math.random()}`;
  let done: () => void;
  const markerSeen = new Promise<void>((resolve) => (done = resolve));
  client.on('message', (topic, payload) => (topic === marker ? done() : seen.set(topic, payload.toString())));
  await client.subscribeAsync(['floorplan/#', 'homeassistant/#', marker], { qos: 1 });
  // The broker delivers in order: once our own marker arrives, every retained message came before it.
  await client.publishAsync(marker, 'x', { qos: 1 });
  await markerSeen;
  await client.endAsync();
  return seen;
}

describe('MQTT sink on a real broker', () => {
  let broker: Broker | undefined;
  let sink: MqttSink | undefined;
  const clients: MqttClient[] = [];
  const logs: string[] = [];

  const settings = (url: string, overrides: Partial<MqttSettings> = {}): MqttSettings => ({ url, username: null, password: null, root: 'floorplan', location: 'home', discoveryPrefix: 'homeassistant', ...overrides });
  const startSink = (s: MqttSettings): MqttSink => {
    sink = new MqttSink(s, { version: '9.9.9', log: (m) => logs.push(m), reconnectMs: 200 });
    sink.start();
    return sink;
  };
  const watch = async (url: string, options?: mqtt.IClientOptions) => {
    const observer = await observe(url, options);
    clients.push(observer.client);
    return observer;
  };

  afterEach(async () => {
    await sink?.stop();
    sink = undefined;
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await broker?.close();
    broker = undefined;
    logs.length = 0;
  });

  it('publishes an arrival, a move and a departure, with the house and the rooms', async () => {
    broker = await startBroker();
    const seen = await watch(broker.url);
    startSink(settings(broker.url));
    await expect.poll(() => seen.last('floorplan/home/status'), WAIT).toBe('online');

    const arrived = [alice('kitchen', [1, 2, 0.8]), bob(null)];
    sink!.update(snapshotOf(T0, arrived), positionsOf(arrived));
    await expect.poll(() => seen.last(ALICE), WAIT).toMatchObject({ state: 'home', home: true, room: 'kitchen', room_name: 'Kitchen', floor: 'ground', x: 1, y: 2, z: 0.8 });
    await expect.poll(() => seen.last('floorplan/home/occupancy'), WAIT).toEqual({ state: 'somebody', occupied: true, people: ['Alice'], entity_ids: ['person.alice'], count: 1 });
    expect(seen.last('floorplan/home/person_bob')).toMatchObject({ state: 'not_home', home: false, room: null });
    expect(seen.last('floorplan/home/rooms/kitchen')).toMatchObject({ occupied: true, people: ['Alice'] });

    const moved = [alice('bedroom', [4, 5, 3.5]), bob(null)];
    sink!.update(snapshotOf(T0 + 5, moved), positionsOf(moved));
    await expect.poll(() => seen.last(ALICE), WAIT).toMatchObject({ room: 'bedroom', room_name: 'Bedroom', floor: 'first', x: 4, y: 5, z: 3.5 });
    await expect.poll(() => seen.last('floorplan/home/rooms/kitchen'), WAIT).toMatchObject({ occupied: false, count: 0, people: [] });

    const left = [{ ...alice(null), since: T0 + 9 }, bob(null)];
    sink!.update(snapshotOf(T0 + 10, left), positionsOf(left));
    await expect.poll(() => seen.last(ALICE), WAIT).toMatchObject({ state: 'not_home', home: false, room: null, x: null, since: new Date((T0 + 9) * 1000).toISOString() });
    await expect.poll(() => seen.last('floorplan/home/occupancy'), WAIT).toMatchObject({ state: 'nobody', occupied: false, people: [], count: 0 });

    // Each arrived as a retained message, and Bob, who did not change, was sent once.
    expect(seen.messages.filter((m) => m.topic.startsWith('floorplan/')).every((m) => m.retain)).toBe(true);
    expect(seen.messages.filter((m) => m.topic === 'floorplan/home/person_bob')).toHaveLength(1);
  });

  it('leaves the current state and Home Assistant discovery for a late subscriber, and removes a device that is gone', async () => {
    broker = await startBroker();
    startSink(settings(broker.url));
    const people = [alice('kitchen', [1, 2, 0]), bob('bedroom')];
    sink!.update(snapshotOf(T0, people), positionsOf(people));
    await expect.poll(async () => (await retained(broker!.url)).has('floorplan/home/person_bob'), WAIT).toBe(true);

    const state = await retained(broker.url);
    expect(state.get('floorplan/home/status')).toBe('online');
    expect(JSON.parse(state.get(ALICE)!)).toMatchObject({ state: 'home', room: 'kitchen', name: 'Alice', entity_id: 'person.alice' });
    const tracker = JSON.parse(state.get(ALICE_CONFIG)!);
    // What Home Assistant needs to make an entity of it, pointing at topics that hold the data.
    expect(tracker).toMatchObject({ unique_id: 'floorplan_home_person_alice', state_topic: ALICE, json_attributes_topic: ALICE, availability_topic: 'floorplan/home/status', device: { name: 'Alice' } });
    expect(state.has(tracker.availability_topic)).toBe(true);
    const occupancy = JSON.parse(state.get('homeassistant/binary_sensor/floorplan_home/occupancy/config')!);
    expect(occupancy).toMatchObject({ device_class: 'occupancy', state_topic: 'floorplan/home/occupancy' });
    expect(JSON.parse(state.get(occupancy.state_topic)!)).toMatchObject({ occupied: true, count: 2 });
    expect(JSON.parse(state.get('homeassistant/sensor/floorplan_home/people/config')!)).toMatchObject({ value_template: '{{ value_json.count }}', state_topic: 'floorplan/home/occupancy' });

    sink!.update(snapshotOf(T0 + 1, [alice('kitchen', [1, 2, 0])]), positionsOf(people));
    await expect.poll(async () => (await retained(broker!.url)).has('floorplan/home/person_bob'), WAIT).toBe(false);
    const after = await retained(broker.url);
    expect(after.has('homeassistant/device_tracker/floorplan_home/person_bob/config')).toBe(false);
    expect(after.has(ALICE_CONFIG)).toBe(true);
  });

  it('says offline on a clean stop', async () => {
    broker = await startBroker();
    const seen = await watch(broker.url);
    startSink(settings(broker.url, { discoveryPrefix: null }));
    await expect.poll(() => seen.last('floorplan/home/status'), WAIT).toBe('online');
    await sink!.stop();
    await expect.poll(() => seen.last('floorplan/home/status'), WAIT).toBe('offline');
    expect((await retained(broker.url)).get('floorplan/home/status')).toBe('offline');
    expect(seen.messages.some((m) => m.topic.startsWith('homeassistant/'))).toBe(false);
    // Stopping is not losing the broker.
    expect(logs).toEqual([`MQTT: connected to ${broker.url}; publishing under floorplan/home`]);
  });

  it('stops within seconds when the broker hangs', async () => {
    broker = await startBroker();
    startSink(settings(broker.url));
    await expect.poll(() => sink!.isConnected, WAIT).toBe(true);
    broker.signal('SIGSTOP');
    const started = Date.now();
    await sink!.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('has the broker say offline when the sidecar dies without a word (its last will)', async () => {
    broker = await startBroker();
    const seen = await watch(broker.url);
    const publisher = fileURLToPath(new URL('../../server/sinks/mqtt/publisher.ts', import.meta.url));
    const script = `
      const { MqttSink } = await import(${JSON.stringify(publisher)});
      new MqttSink(${JSON.stringify(settings(broker.url))}, { version: 't', log: (m) => console.log(m) }).start();
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let output = '';
      child.stdout.on('data', (chunk) => (output += String(chunk)));
      await expect.poll(() => output, WAIT).toContain('MQTT: connected');
      await expect.poll(() => seen.last('floorplan/home/status'), WAIT).toBe('online');
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    await expect.poll(() => seen.last('floorplan/home/status'), WAIT).toBe('offline');
    expect((await retained(broker.url)).get('floorplan/home/status')).toBe('offline');
  });

  it('republishes everything after the broker restarts, having said once that it lost it', async () => {
    broker = await startBroker();
    startSink(settings(broker.url));
    const people = [alice('kitchen', [1, 2, 0])];
    sink!.update(snapshotOf(T0, people), positionsOf(people));
    await expect.poll(async () => (await retained(broker!.url)).has(ALICE), WAIT).toBe(true);

    // Without persistence the restarted broker has forgotten every retained message.
    await broker.stop();
    await expect.poll(() => sink!.isConnected, WAIT).toBe(false);
    // Several attempts fail meanwhile (every 200 ms), each is not a new log line.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // A change while the broker is down is not lost.
    const moved = [alice('bedroom', [4, 5, 3.5])];
    sink!.update(snapshotOf(T0 + 5, moved), positionsOf(moved));
    await broker.start();
    await expect.poll(() => sink!.isConnected, WAIT).toBe(true);
    await expect.poll(async () => (await retained(broker!.url)).get(ALICE), WAIT).toBeDefined();
    const state = await retained(broker.url);
    expect(JSON.parse(state.get(ALICE)!)).toMatchObject({ room: 'bedroom' });
    expect(state.get('floorplan/home/status')).toBe('online');
    expect(state.has(ALICE_CONFIG)).toBe(true);
    expect(state.has('floorplan/home/occupancy')).toBe(true);
    const troubles = logs.filter((m) => !m.startsWith('MQTT: connected'));
    expect(troubles[0]).toBe(`MQTT: lost the connection to ${broker.url}; reconnecting`);
    expect(troubles.slice(1).every((m) => m.startsWith(`MQTT: cannot reach the broker at ${broker!.url}`))).toBe(true);
    expect(troubles.length).toBeLessThanOrEqual(2);
    expect(logs.filter((m) => m.startsWith('MQTT: connected'))).toHaveLength(2);
  });

  it('logs a broker that is down once, never throws, and connects when it comes up', async () => {
    broker = await startBroker();
    await broker.stop();
    startSink(settings(broker.url));
    const people = [alice('kitchen')];
    sink!.update(snapshotOf(T0, people), positionsOf(people));
    await expect.poll(() => logs.length, WAIT).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(logs).toEqual([`MQTT: cannot reach the broker at ${broker.url} (connect ECONNREFUSED 127.0.0.1:${broker.port}); retrying every few seconds, the sidecar works on without it`]);
    await broker.start();
    await expect.poll(async () => (await retained(broker!.url)).has(ALICE), WAIT).toBe(true);
  });

  it('authenticates with a user name and password, and says clearly when they are refused', async () => {
    const user = { username: 'floorplan', password: 'correct horse' };
    broker = await startBroker(user);
    startSink(settings(broker.url, { username: user.username, password: 'wrong' }));
    await expect.poll(() => logs, WAIT).toContainEqual(expect.stringMatching(/^MQTT: the broker at mqtt:\/\/127\.0\.0\.1:\d+ refused the credentials \(Connection refused: Not authorized\); check mqtt_username and mqtt_password/));
    expect(logs.join('\n')).not.toContain('wrong');
    expect(sink!.isConnected).toBe(false);
    await sink!.stop();

    startSink(settings(broker.url, user));
    const people = [alice('kitchen')];
    sink!.update(snapshotOf(T0, people), positionsOf(people));
    await expect.poll(async () => (await retained(broker!.url, user)).has(ALICE), WAIT).toBe(true);
  });
});
