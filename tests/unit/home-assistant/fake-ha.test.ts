/** The fake Home Assistant where its behaviour is not obvious: protocol rules, registries, services, custom commands. */
import { callService } from 'home-assistant-js-websocket';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectHomeAssistant, type HomeAssistantSession } from '../../../server/providers/home-assistant/connection.ts';
import {
  deviceEntry,
  entityEntry,
  FakeHaError,
  startFakeHomeAssistant,
  type FakeHomeAssistant,
  type Subscription,
} from '../../support/fake-ha/index.ts';

const WAIT = { timeout: 5_000, interval: 10 };
let fake: FakeHomeAssistant;
let session: HomeAssistantSession | undefined;

beforeEach(async () => {
  fake = await startFakeHomeAssistant();
});

afterEach(async () => {
  session?.close();
  session = undefined;
  await fake.close();
});

async function connect(): Promise<HomeAssistantSession> {
  session = await connectHomeAssistant({ url: fake.url, token: 'test-token' });
  return session;
}

/** A raw client: every frame received, parsed. */
async function rawClient(): Promise<{ ws: WebSocket; frames: unknown[] }> {
  const ws = new WebSocket(fake.wsUrl);
  const frames: unknown[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve) => ws.once('open', resolve));
  return { ws, frames };
}

describe('fake Home Assistant protocol', () => {
  it('runs the auth phase and closes after auth_invalid', async () => {
    const { ws, frames } = await rawClient();
    await expect.poll(() => frames, WAIT).toEqual([{ type: 'auth_required', ha_version: '2024.3.3' }]);
    ws.send(JSON.stringify({ type: 'auth', access_token: 'wrong' }));
    const closed = new Promise((resolve) => ws.once('close', resolve));
    await closed;
    expect(frames[1]).toEqual({ type: 'auth_invalid', message: 'Invalid access token or password' });
    expect(fake.authAttempts).toBe(1);
  });

  it('answers id reuse, unknown commands and pings as Home Assistant does', async () => {
    const { ws, frames } = await rawClient();
    ws.send(JSON.stringify({ type: 'auth', access_token: 'test-token' }));
    await expect.poll(() => frames.length, WAIT).toBe(2);
    ws.send(JSON.stringify({ id: 1, type: 'supported_features', features: { coalesce_messages: 1 } }));
    ws.send(JSON.stringify({ id: 2, type: 'ping' }));
    ws.send(JSON.stringify({ id: 2, type: 'ping' }));
    ws.send(JSON.stringify({ id: 3, type: 'floorplan/nothing' }));
    await expect.poll(() => frames.slice(2).flat().length, WAIT).toBe(4);
    expect(frames.slice(2).flat()).toEqual([
      { id: 1, type: 'result', success: true, result: null },
      { id: 2, type: 'pong' },
      { id: 2, type: 'result', success: false, error: { code: 'id_reuse', message: 'Identifier values have to increase.' } },
      { id: 3, type: 'result', success: false, error: { code: 'unknown_command', message: 'Unknown command.' } },
    ]);
    ws.close();
  });
});

describe('fake Home Assistant commands', () => {
  it('lists the registries and enables an entity, answering with reload_delay', async () => {
    const device = deviceEntry({ name: 'Alice phone', connections: [['bluetooth', 'AA:BB:CC:DD:EE:FF']], identifiers: [['bermuda', 'aa:bb:cc:dd:ee:ff']] });
    fake.setDeviceRegistry([device]);
    fake.setEntityRegistry([
      entityEntry({
        entity_id: 'sensor.alice_phone_distance_kitchen',
        platform: 'bermuda',
        device_id: device.id,
        config_entry_id: 'c0ffee',
        disabled_by: 'integration',
      }),
    ]);
    const { connection } = await connect();
    const entities = await connection.sendMessagePromise<Record<string, unknown>[]>({ type: 'config/entity_registry/list' });
    expect(Object.keys(entities[0] ?? {}).sort()).toEqual([
      'area_id', 'config_entry_id', 'device_id', 'disabled_by', 'entity_category', 'entity_id', 'has_entity_name',
      'hidden_by', 'icon', 'id', 'name', 'options', 'original_name', 'platform', 'translation_key', 'unique_id',
    ]);
    expect(await connection.sendMessagePromise({ type: 'config/device_registry/list' })).toEqual([device]);

    const updated = await connection.sendMessagePromise({
      type: 'config/entity_registry/update',
      entity_id: 'sensor.alice_phone_distance_kitchen',
      disabled_by: null,
    });
    expect(updated).toMatchObject({ entity_entry: { disabled_by: null, aliases: [] }, reload_delay: 30 });
    await expect(
      connection.sendMessagePromise({ type: 'config/entity_registry/update', entity_id: 'sensor.nope', disabled_by: null }),
    ).rejects.toEqual({ code: 'not_found', message: 'Entity not found' });
  });

  it('calls a registered service and returns its response when asked', async () => {
    fake.registerService('floorplan', 'get_beacon_nodes', () => ({ nodes: { kitchen: [1, 2, 2.2] }, count: 1 }), 'only');
    const { connection } = await connect();
    expect(await callService(connection, 'floorplan', 'get_beacon_nodes', {}, undefined, true)).toMatchObject({
      context: { id: expect.any(String), parent_id: null },
      response: { count: 1 },
    });
    await expect(callService(connection, 'floorplan', 'get_beacon_nodes')).rejects.toMatchObject({
      code: 'service_validation_error',
    });
    await expect(callService(connection, 'floorplan', 'missing')).rejects.toEqual({
      code: 'not_found',
      message: 'Service floorplan.missing not found.',
    });
  });

  it('runs custom commands, subscriptions included, and counts their subscriptions', async () => {
    const subscribers: Subscription[] = [];
    let ended = 0;
    fake.registerCommand('floorplan/sidecar/subscribe', ({ message, subscribe }) => {
      if (message.version !== '0.1.0') throw new FakeHaError('invalid_format', 'unsupported version');
      subscribers.push(subscribe(() => ended++));
      return null;
    });
    const { connection } = await connect();
    const requests: unknown[] = [];
    const unsubscribe = await connection.subscribeMessage((event) => requests.push(event), {
      type: 'floorplan/sidecar/subscribe',
      version: '0.1.0',
    });
    expect(fake.subscriptionCount).toBe(1);
    subscribers[0]?.push({ request_id: 'r1', name: 'status', data: {}, source: 'service' });
    await expect.poll(() => requests, WAIT).toEqual([{ request_id: 'r1', name: 'status', data: {}, source: 'service' }]);
    await unsubscribe();
    expect(ended).toBe(1);
    expect(fake.subscriptionCount).toBe(0);
    await expect(
      connection.subscribeMessage(() => {}, { type: 'floorplan/sidecar/subscribe', version: '9' }),
    ).rejects.toEqual({ code: 'invalid_format', message: 'unsupported version' });
  });
});
