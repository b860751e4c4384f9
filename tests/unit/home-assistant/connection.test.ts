/** The sidecar's Home Assistant session, against the fake Home Assistant server. */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  ERR_CONNECTION_LOST,
  getStates,
  subscribeEntities,
  type Connection,
  type HassEntities,
} from 'home-assistant-js-websocket';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectHomeAssistant,
  HomeAssistantAuthError,
  type HomeAssistantOptions,
  type HomeAssistantSession,
} from '../../../server/providers/home-assistant/connection.ts';
import { startFakeHomeAssistant, type FakeHomeAssistant } from '../../support/fake-ha/index.ts';

const TOKEN = 'llat-secret-4f9a2c';
const WAIT = { timeout: 5_000, interval: 10 };

let fake: FakeHomeAssistant;
let logs: string[];
const sessions: HomeAssistantSession[] = [];

beforeEach(async () => {
  fake = await startFakeHomeAssistant({ tokens: [TOKEN] });
  logs = [];
});

afterEach(async () => {
  for (const session of sessions.splice(0)) session.close();
  await fake.close();
  expect(logs.join('\n')).not.toContain(TOKEN);
});

async function connect(options: Partial<HomeAssistantOptions> = {}): Promise<HomeAssistantSession> {
  const session = await connectHomeAssistant({
    url: fake.url,
    token: TOKEN,
    log: (message) => logs.push(message),
    ...options,
  });
  sessions.push(session);
  return session;
}

function nextReconnect(session: HomeAssistantSession): Promise<void> {
  return new Promise((resolve) => {
    const off = session.onReconnected(() => {
      off();
      resolve();
    });
  });
}

/** The entity map subscribeEntities keeps, as it is now. */
function watchEntities(connection: Connection): { readonly current: HassEntities } {
  const view = { current: {} as HassEntities };
  subscribeEntities(connection, (entities) => (view.current = entities));
  return view;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The promise's value, or a failure after ms instead of a hang to the test timeout. */
function within<T>(promise: Promise<T>, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function expectRejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('connecting', () => {
  it('authenticates and sees states through subscribe_entities, sent as coalesced frames', async () => {
    fake.setState('sensor.phone_kitchen_distance', '2.4', { unit_of_measurement: 'm', friendly_name: 'Phone kitchen' });
    const session = await connect();
    expect(session.connection.haVersion).toBe('2024.3.3');
    const entities = watchEntities(session.connection);
    await expect.poll(() => entities.current['sensor.phone_kitchen_distance']?.state, WAIT).toBe('2.4');
    expect(entities.current['sensor.phone_kitchen_distance']?.attributes.unit_of_measurement).toBe('m');

    fake.setState('sensor.phone_kitchen_distance', '3.1', { unit_of_measurement: 'm' });
    await expect.poll(() => entities.current['sensor.phone_kitchen_distance']?.state, WAIT).toBe('3.1');
    expect(entities.current['sensor.phone_kitchen_distance']?.attributes).toEqual({ unit_of_measurement: 'm' });
    fake.removeState('sensor.phone_kitchen_distance');
    await expect.poll(() => 'sensor.phone_kitchen_distance' in entities.current, WAIT).toBe(false);

    // The subscription's result and its first event went out as one JSON array.
    expect(fake.connections[0]?.coalescedFrames).toBeGreaterThan(0);
    expect(fake.authAttempts).toBe(1);
  });

  it('accepts http(s) and ws(s) URLs with or without a trailing slash or /api/websocket', async () => {
    const forms = [`${fake.url}/`, fake.wsUrl, `${fake.wsUrl}/`, `ws://127.0.0.1:${fake.port}`];
    for (const url of forms) {
      const session = await connect({ url });
      expect(session.connection.connected).toBe(true);
      session.close();
    }
    expect(fake.authAttempts).toBe(forms.length);
  });

  it('rejects a malformed URL or an empty token with a clear error, without connecting', async () => {
    await expect(connect({ url: 'homeassistant.local:8123' })).rejects.toThrow(/Invalid Home Assistant URL/);
    await expect(connect({ url: 'ftp://homeassistant.local' })).rejects.toThrow(/unsupported scheme ftp:/);
    await expect(connect({ token: ' ' })).rejects.toThrow(/access token is empty/);
    expect(fake.connectionCount).toBe(0);
  });

  it('rejects a refused token with HomeAssistantAuthError after exactly one attempt', async () => {
    const error = await expectRejection(connect({ token: 'revoked-token-77' }));
    expect(error).toBeInstanceOf(HomeAssistantAuthError);
    expect((error as Error).message).toMatch(
      /^Home Assistant rejected the access token \(Invalid access token or password\): create a long-lived token/,
    );
    expect((error as Error).message).not.toContain('revoked-token-77');
    await sleep(1_200); // longer than the library's own retry delay
    expect(fake.authAttempts).toBe(1);
    expect(fake.connections).toHaveLength(0);
  });

  it('rejects with an error naming the URL when Home Assistant is unreachable', async () => {
    const stopped = await startFakeHomeAssistant();
    const port = stopped.port;
    await stopped.close();
    const error = await expectRejection(connect({ url: `http://127.0.0.1:${port}` }));
    expect(error).not.toBeInstanceOf(HomeAssistantAuthError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Cannot connect to Home Assistant at ws://127\\.0\\.0\\.1:${port}/api/websocket: .*ECONNREFUSED`),
    );
  });

  it('gives up on a server that accepts the connection but never answers', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const error = await expectRejection(connect({ url: `http://127.0.0.1:${port}`, connectTimeoutMs: 300 }));
      expect((error as Error).message).toMatch(/^Cannot connect to Home Assistant at ws:\/\/127\.0\.0\.1:\d+\/api\/websocket/);
    } finally {
      silent.close();
    }
  });
});

describe('reconnecting', () => {
  it('after dropped sockets, reconnects, resyncs the states and keeps one subscription of each', async () => {
    fake.setState('sensor.tag_distance', '1.0');
    const session = await connect();
    const entities = watchEntities(session.connection);
    const events: unknown[] = [];
    await session.connection.subscribeEvents((event) => events.push(event), 'floorplan_integration_started');
    await expect.poll(() => entities.current['sensor.tag_distance']?.state, WAIT).toBe('1.0');
    const subscriptions = fake.subscriptionCount;
    expect(subscriptions).toBe(2);

    for (let cycle = 1; cycle <= 5; cycle++) {
      const reconnected = nextReconnect(session);
      fake.dropAllSockets();
      fake.setState('sensor.tag_distance', `${cycle}.5`); // while the session is disconnected
      await within(reconnected);
      await expect.poll(() => entities.current['sensor.tag_distance']?.state, WAIT).toBe(`${cycle}.5`);
      expect(fake.connections).toHaveLength(1);
      expect(fake.subscriptionCount).toBe(subscriptions);
      fake.fireEvent('floorplan_integration_started', { cycle });
      await expect.poll(() => events.length, WAIT).toBe(cycle);
    }
    await sleep(50);
    expect(events).toHaveLength(5); // each event once: no duplicate subscription
    expect(logs).toContain('Lost the connection to Home Assistant; reconnecting');
  });

  it('calls onReconnected once Home Assistant has answered every resubscription', async () => {
    const session = await connect();
    await session.connection.subscribeEvents(() => {}, 'state_changed');
    await session.connection.subscribeMessage(() => {}, { type: 'subscribe_entities', entity_ids: ['sensor.a'] });
    const seen: number[] = [];
    session.onReconnected(() => seen.push(fake.subscriptionCount));
    fake.dropAllSockets();
    await expect.poll(() => seen, WAIT).toEqual([2]);
  });

  it('survives a resubscription that Home Assistant refuses, and still reports the reconnect', async () => {
    const removeCommand = fake.registerCommand('floorplan/sidecar/subscribe', ({ subscribe }) => {
      subscribe();
      return null;
    });
    const session = await connect();
    await session.connection.subscribeMessage(() => {}, { type: 'floorplan/sidecar/subscribe', version: '0.1.0' });
    await session.connection.subscribeEvents(() => {}, 'floorplan_integration_started');
    removeCommand(); // the integration was removed while the sidecar was away
    const reconnected = nextReconnect(session);
    fake.dropAllSockets();
    await within(reconnected);
    expect(fake.subscriptionCount).toBe(1);
    expect(logs).toContain('Home Assistant refused a resubscription after the reconnect: unknown_command Unknown command.');
    expect(await getStates(session.connection)).toEqual([]);
  });

  it('sends a subscription or a command made while disconnected once reconnected', async () => {
    const session = await connect();
    const { connection } = session;
    const events: unknown[] = [];
    let subscribed: Promise<unknown> | undefined;
    let states: Promise<unknown> | undefined;
    connection.addEventListener('disconnected', () => {
      subscribed ??= connection.subscribeEvents((event) => events.push(event), 'zone_entered');
      states ??= getStates(connection);
    });
    fake.setState('person.alice', 'home');
    fake.dropAllSockets();
    await expect.poll(() => subscribed !== undefined, WAIT).toBe(true);
    await within(subscribed!);
    expect(await within(states!)).toMatchObject([{ entity_id: 'person.alice', state: 'home' }]);
    fake.fireEvent('zone_entered');
    await expect.poll(() => events.length, WAIT).toBe(1);
    expect(fake.subscriptionCount).toBe(1);
  });

  it('keeps retrying until Home Assistant is back, then resyncs', async () => {
    fake.setState('sensor.tag_distance', 'before');
    const session = await connect();
    const entities = watchEntities(session.connection);
    await session.connection.subscribeEvents(() => {}, 'floorplan_integration_started');
    await expect.poll(() => entities.current['sensor.tag_distance']?.state, WAIT).toBe('before');
    const port = fake.port;
    const reconnected = nextReconnect(session);
    await fake.close(); // Home Assistant restarts
    await sleep(300);
    fake = await startFakeHomeAssistant({ port, tokens: [TOKEN] });
    fake.setState('sensor.tag_distance', 'after');
    await within(reconnected);
    await expect.poll(() => entities.current['sensor.tag_distance']?.state, WAIT).toBe('after');
    expect(fake.subscriptionCount).toBe(2);
    expect(logs.some((line) => line.startsWith(`Cannot reach Home Assistant at ws://127.0.0.1:${port}/api/websocket`))).toBe(true);
  });

  it('forces a reconnect when a ping is not answered in time', async () => {
    fake.setState('sensor.tag_distance', '1.0');
    const session = await connect({ pingIntervalMs: 50, pingTimeoutMs: 400 });
    const entities = watchEntities(session.connection);
    await expect.poll(() => entities.current['sensor.tag_distance']?.state, WAIT).toBe('1.0');
    const stalled = fake.connections[0]!;
    const reconnected = nextReconnect(session);
    stalled.answerPings = false;
    fake.setState('sensor.tag_distance', '2.0');
    await within(reconnected);
    await expect.poll(() => stalled.open, WAIT).toBe(false); // the stalled socket was discarded
    expect(fake.connections).toHaveLength(1);
    expect(fake.subscriptionCount).toBe(1);
    expect(entities.current['sensor.tag_distance']?.state).toBe('2.0');
    expect(logs).toContain('Home Assistant did not answer a ping within 0.4 s; reconnecting');
  });

  it('waits for slow answers instead of treating the connection as dead', async () => {
    fake.setState('sensor.tag_distance', '1.0');
    const session = await connect({ pingIntervalMs: 50, pingTimeoutMs: 1_000 });
    fake.setAnswerDelay(250);
    const entities = watchEntities(session.connection);
    expect(await getStates(session.connection)).toHaveLength(1);
    await expect.poll(() => entities.current['sensor.tag_distance']?.state, WAIT).toBe('1.0');
    await sleep(500); // several pings, each answered late
    expect(fake.connectionCount).toBe(1);
    expect(session.connection.connected).toBe(true);
  });

  it('ignores frames that are not JSON messages and survives a throwing subscriber', async () => {
    const session = await connect();
    await session.connection.subscribeEvents(() => {
      throw new Error('subscriber bug');
    }, 'boom');
    fake.sendGarbage();
    fake.sendGarbage('null');
    fake.sendGarbage('[{"id": 1, "type": "result"}, 42]');
    fake.sendGarbage(Buffer.from([0xde, 0xad]));
    fake.fireEvent('boom');
    fake.setState('sensor.after', 'ok');
    expect(await getStates(session.connection)).toMatchObject([{ entity_id: 'sensor.after' }]);
    await expect.poll(() => logs.filter((line) => line.includes('not a JSON message')).length, WAIT).toBe(4);
    await expect.poll(() => logs.some((line) => line.includes('subscriber bug')), WAIT).toBe(true);
    expect(fake.connectionCount).toBe(1);
  });

  it('ends with reason auth, without retrying, when the token is refused on a reconnect', async () => {
    const session = await connect();
    watchEntities(session.connection);
    fake.rejectToken(TOKEN);
    fake.dropAllSockets();
    const end = await within(session.ended);
    expect(end.reason).toBe('auth');
    expect(end.reason === 'auth' && end.error).toBeInstanceOf(HomeAssistantAuthError);
    await sleep(1_200);
    expect(fake.authAttempts).toBe(2);
    expect(fake.connections).toHaveLength(0);
  });
});

describe('closing', () => {
  it('settles ended, closes the socket and rejects commands still waiting for a reconnect', async () => {
    const session = await connect();
    const { port } = fake;
    await fake.close(); // the session now waits between reconnect attempts
    await expect.poll(() => session.connection.connected, WAIT).toBe(false);
    const waiting = getStates(session.connection);
    session.close();
    expect(await within(session.ended)).toEqual({ reason: 'closed' });
    expect(await expectRejection(waiting)).toBe(ERR_CONNECTION_LOST);
    // No attempt after close(), even once Home Assistant is back.
    fake = await startFakeHomeAssistant({ port, tokens: [TOKEN] });
    await sleep(1_500);
    expect(fake.connectionCount).toBe(0);
  });

  it('closes the socket when closed while connected', async () => {
    const session = await connect();
    session.close();
    session.close();
    expect(await within(session.ended)).toEqual({ reason: 'closed' });
    await expect.poll(() => fake.connections.length, WAIT).toBe(0);
  });

  it('leaves no timer behind: a process that closed its session exits', async () => {
    const connectionModule = fileURLToPath(new URL('../../../server/providers/home-assistant/connection.ts', import.meta.url));
    const script = `
      const { connectHomeAssistant } = await import(${JSON.stringify(connectionModule)});
      const session = await connectHomeAssistant({ url: process.env.HA_URL, token: process.env.HA_TOKEN });
      await session.connection.subscribeEvents(() => {}, 'state_changed');
      session.close();
      await session.ended;
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, HA_URL: fake.url, HA_TOKEN: TOKEN },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The default ping interval is 30 s: a leaked keepalive would hold the process that long.
    const code = await Promise.race([exited, sleep(15_000).then(() => 'still running')]);
    if (code === 'still running') child.kill();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(fake.authAttempts).toBe(1);
  });
});
