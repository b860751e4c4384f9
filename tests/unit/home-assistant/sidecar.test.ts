/**
 * The sidecar against a fake Home Assistant that speaks the real websocket protocol, with the
 * floorplan integration's commands emulated as docs/HOME-ASSISTANT.md specifies them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigStore, fileSource } from '../../../server/config/store.ts';
import { connectHomeAssistant, type HomeAssistantSession } from '../../../server/providers/home-assistant/connection.ts';
import { Sidecar } from '../../../server/sidecar.ts';
import type { CardLayout, CardPositions, CardStreamEvent } from '../../../server/sinks/card/messages.ts';
import { deviceEntry, entityEntry, startFakeHomeAssistant, type FakeHomeAssistant, type Subscription } from '../../support/fake-ha/index.ts';

const PLAN = `floors:
  ground: {height: 2.6}
rooms:
  living: {name: Living room, floor: ground, boundaries: [[0, 0], [5, 0], [5, 8], [0, 8]]}
  kitchen: {floor: ground, boundaries: [[5, 0], [10, 0], [10, 8], [5, 8]]}
moving_entities:
  beacon_nodes:
    "AA:00:00:00:00:01": {coordinates: [0.2, 0.2, 2.4]}   # living
    "aa-00-00-00-00-02": {coordinates: [9.8, 0.2, 2.4]}
    "AA:00:00:00:00:03": {coordinates: [9.8, 7.8, 2.4]}
    hall-proxy: {coordinates: [0.2, 7.8, 2.4]}
`;
const NODES: [string, [number, number, number]][] = [
  ['aa:00:00:00:00:01', [0.2, 0.2, 2.4]],
  ['aa:00:00:00:00:02', [9.8, 0.2, 2.4]],
  ['aa:00:00:00:00:03', [9.8, 7.8, 2.4]],
  // Bermuda knows this proxy by its WiFi MAC; the plan names it by its HA device name.
  ['bb:00:00:00:00:04', [0.2, 7.8, 2.4]],
];
const PHONE = 'c0:ff:ee:00:00:01';
const sensorId = (i: number) => `sensor.phone_distance_to_scanner_${i}`;

interface IntegrationFake {
  sidecar: Subscription | null;
  updates: { full: boolean; entities: Record<string, Record<string, unknown>>; removed: string[] }[];
  /** What the sidecar sent for the cards. */
  stream: CardStreamEvent[];
  responses: Map<string, Record<string, unknown>>;
  request(name: string, data?: object): string;
  /** Cards subscribe (true) or the last one leaves (false): the integration tells the sidecar. */
  cardsListen(active: boolean): void;
}

/** The integration's side of the protocol, as commands on the fake. */
function emulateIntegration(ha: FakeHomeAssistant): IntegrationFake {
  let next = 0;
  let cards = false;
  const notifyStream = () => fake.sidecar?.push({ request_id: null, name: 'stream', data: { active: cards }, source: 'integration' });
  const fake: IntegrationFake = {
    sidecar: null,
    updates: [],
    stream: [],
    responses: new Map(),
    request(name, data = {}) {
      const id = `r${++next}`;
      fake.sidecar!.push({ request_id: id, name, data, source: name.startsWith('card_') ? 'card' : 'service' });
      return id;
    },
    cardsListen(active) {
      cards = active;
      notifyStream();
    },
  };
  ha.registerCommand('floorplan/sidecar/subscribe', (ctx) => {
    fake.sidecar = ctx.subscribe();
    // A new sidecar learns at once that cards are listening.
    if (cards) notifyStream();
  });
  ha.registerCommand('floorplan/sidecar/stream', (ctx) => {
    fake.stream.push((ctx.message as unknown as { event: CardStreamEvent }).event);
  });
  ha.registerCommand('floorplan/sidecar/respond', (ctx) => {
    const { request_id, id: _id, type: _type, ...reply } = ctx.message as unknown as { request_id: string; id: number; type: string };
    fake.responses.set(request_id, reply);
  });
  ha.registerCommand('floorplan/sidecar/update', (ctx) => {
    fake.updates.push(ctx.message as never);
  });
  return fake;
}

function bermuda(ha: FakeHomeAssistant, { disabledScanner = -1 } = {}): void {
  const phoneDevice = deviceEntry({ name: 'Alice phone', identifiers: [['bermuda', PHONE]] });
  const hallProxy = deviceEntry({ name: 'hall-proxy', connections: [['mac', 'bb:00:00:00:00:04']] });
  const sensors = NODES.map(([mac], i) =>
    entityEntry({
      entity_id: sensorId(i),
      platform: 'bermuda',
      unique_id: `${PHONE}_${mac}_range`,
      device_id: phoneDevice.id,
      config_entry_id: 'bermuda-entry',
      disabled_by: i === disabledScanner ? 'integration' : null,
    }),
  );
  const tracker = entityEntry({ entity_id: 'device_tracker.alice_phone', platform: 'bermuda', unique_id: PHONE, device_id: phoneDevice.id });
  ha.setEntityRegistry([...sensors, tracker, entityEntry({ entity_id: 'sensor.radar_distance_to_target', platform: 'ld2410', unique_id: 'x_distance_to_target' })]);
  ha.setDeviceRegistry([phoneDevice, hallProxy]);
  ha.setState('device_tracker.alice_phone', 'home', { source_type: 'bluetooth_le' });
  ha.setState('person.alice', 'home', { friendly_name: 'Alice', device_trackers: ['device_tracker.alice_phone'] });
}

/** Distances from a point to each node, as the phone's sensors. */
function standAt(ha: FakeHomeAssistant, [x, y]: [number, number], skip = -1): void {
  NODES.forEach(([, [nx, ny, nz]], i) => {
    if (i !== skip) ha.setState(sensorId(i), Math.hypot(x - nx, y - ny, 1 - nz).toFixed(2), { unit_of_measurement: 'm' });
  });
}

describe('the sidecar with Home Assistant', () => {
  let ha: FakeHomeAssistant;
  let integration: IntegrationFake;
  let dir: string;
  let session: HomeAssistantSession;
  let sidecar: Sidecar;
  const logs: string[] = [];

  async function startSidecar(): Promise<void> {
    const store = new ConfigStore(fileSource(join(dir, 'floorplan.yaml')));
    await store.load();
    session = await connectHomeAssistant({ url: ha.url, token: 'secret-token', log: (m) => logs.push(m) });
    sidecar = new Sidecar({ session, url: ha.url, store, version: 'test', attach: true, stateDir: null, log: (m) => logs.push(m) });
    await sidecar.start();
  }

  beforeEach(async () => {
    logs.length = 0;
    dir = await mkdtemp(join(tmpdir(), 'floorplan-sidecar-'));
    await writeFile(join(dir, 'floorplan.yaml'), PLAN);
    ha = await startFakeHomeAssistant({ tokens: ['secret-token'] });
    integration = emulateIntegration(ha);
  });
  afterEach(async () => {
    sidecar?.stop();
    session?.close();
    await ha.close();
    await rm(dir, { recursive: true, force: true });
  });

  const lastEntity = (id: string) => [...integration.updates].reverse().find((u) => u.entities[id])?.entities[id];
  async function answer(name: string, data?: object): Promise<Record<string, unknown>> {
    const id = integration.request(name, data);
    await vi.waitFor(() => expect(integration.responses.has(id)).toBe(true));
    return integration.responses.get(id)!;
  }

  it('discovers Bermuda, locates the phone, reports it as its person and answers services', async () => {
    bermuda(ha);
    await startSidecar();
    await vi.waitFor(() => expect(integration.sidecar?.active).toBe(true));
    standAt(ha, [7.5, 4]);
    await vi.waitFor(() => expect(lastEntity('person.alice')).toMatchObject({ name: 'Alice', present: true, room: 'kitchen', room_name: 'kitchen', floor: 'ground' }));
    const entity = lastEntity('person.alice')!;
    expect(entity['x']).toBeCloseTo(7.5, 0);
    expect(entity['last_seen']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const position = (await answer('get_moving_entity_coordinates', { entity_id: 'person.alice' })).result as Record<string, unknown>;
    expect(position).toMatchObject({ entity_id: 'person.alice', floor: 'ground', room: 'kitchen' });
    expect(position).not.toHaveProperty('reason');
    expect(await answer('get_rooms_by_floor', { floor_id: 'attic' })).toEqual({ error: { code: 'invalid', message: 'unknown floor `attic` (floors: ground)' } });

    const status = (await answer('status')).result as { nodes: { matched: { node_id: string; how: string }[]; unmatched: unknown[] }; devices: { entity_id: string; heard_by: unknown[] }[] };
    expect(status.nodes.matched.map((m) => [m.node_id, m.how]).sort()).toEqual([
      ['AA:00:00:00:00:01', 'mac'],
      ['AA:00:00:00:00:03', 'mac'],
      ['aa-00-00-00-00-02', 'mac'],
      ['hall-proxy', 'device_name'],
    ]);
    expect(status.devices[0]).toMatchObject({ entity_id: 'person.alice' });
    expect(status.devices[0]!.heard_by).toHaveLength(4);
    // The token is never logged.
    expect(logs.join('\n')).not.toContain('secret-token');
  });

  it('says why there is no position: a disabled sensor leaves too few nodes, enable_sensors fixes it', async () => {
    bermuda(ha, { disabledScanner: 1 });
    const calls: unknown[] = [];
    ha.registerService('homeassistant', 'reload_config_entry', (call) => void calls.push(call.data));
    await startSidecar();
    await vi.waitFor(() => expect(integration.sidecar?.active).toBe(true));
    standAt(ha, [2, 4], 1);
    ha.removeState(sensorId(2));
    await vi.waitFor(async () =>
      expect(((await answer('get_moving_entity_coordinates', { entity_id: 'person.alice' })).result as { reason?: string }).reason).toBe('Need 3+ beacons'),
    );
    const status = (await answer('status')).result as { disabled_sensors: { entity_id: string }[] };
    expect(status.disabled_sensors.map((s) => s.entity_id)).toEqual([sensorId(1)]);

    expect((await answer('enable_sensors')).result).toEqual({ enabled: [sensorId(1)] });
    expect(ha.entityRegistry.find((e) => e.entity_id === sensorId(1))!.disabled_by).toBeNull();
    expect(calls).toEqual([{ entry_id: 'bermuda-entry' }]);
  });

  it('gives a phone heard by only two nodes its nearest node and window, without a position', async () => {
    bermuda(ha);
    await startSidecar();
    await vi.waitFor(() => expect(integration.sidecar?.active).toBe(true));
    // Only the first two scanners hear the phone; the others' sensors have no state.
    const hearTwo = ([x, y]: [number, number]) =>
      NODES.slice(0, 2).forEach(([, [nx, ny, nz]], i) => ha.setState(sensorId(i), Math.hypot(x - nx, y - ny, 1 - nz).toFixed(2), { unit_of_measurement: 'm' }));
    hearTwo([0.5, 0.5]);
    await vi.waitFor(() =>
      expect(lastEntity('person.alice')).toMatchObject({ present: true, x: null, room: null, nearest_node: 'AA:00:00:00:00:01', nearest_node_id: 'AA:00:00:00:00:01', proximity: 'near' }),
    );
    expect(lastEntity('person.alice')!['nearest_distance']).toBeCloseTo(1.46, 2);
    // Walking 2.5 m away from it is a change of window, sent at once.
    hearTwo([3, 1]);
    await vi.waitFor(() => expect(lastEntity('person.alice')).toMatchObject({ x: null, nearest_node_id: 'AA:00:00:00:00:01', proximity: 'medium' }));
  });

  it('marks a person away when their BLE tracker says not_home', async () => {
    bermuda(ha);
    await startSidecar();
    standAt(ha, [7.5, 4]);
    await vi.waitFor(() => expect(lastEntity('person.alice')).toMatchObject({ present: true, room: 'kitchen' }));
    ha.setState('device_tracker.alice_phone', 'not_home', { source_type: 'bluetooth_le' });
    await vi.waitFor(() => expect(lastEntity('person.alice')).toMatchObject({ present: false, x: null, room: null }));
  });

  it('moves a node through the service, keeping the file\'s comments, and locates with the new plan', async () => {
    bermuda(ha);
    await startSidecar();
    expect((await answer('update_beacon_node', { node_id: 'AA:00:00:00:00:01', coordinates: [0.5, 0.5, 2.4] })).result).toEqual({
      node_id: 'AA:00:00:00:00:01',
      coordinates: [0.5, 0.5, 2.4],
    });
    const text = await readFile(join(dir, 'floorplan.yaml'), 'utf8');
    expect(text).toContain('"AA:00:00:00:00:01": {coordinates: [0.5, 0.5, 2.4]}   # living');
    expect(((await answer('get_beacon_nodes')).result as { nodes: Record<string, unknown> }).nodes['AA:00:00:00:00:01']).toEqual([0.5, 0.5, 2.4]);
  });

  it('after Home Assistant drops the socket: reconnects, re-attaches once and sends everything again', async () => {
    bermuda(ha);
    await startSidecar();
    standAt(ha, [7.5, 4]);
    await vi.waitFor(() => expect(lastEntity('person.alice')).toMatchObject({ room: 'kitchen' }));
    const subscriptionsBefore = ha.subscriptionCount;
    const fullBefore = integration.updates.filter((u) => u.full).length;
    ha.dropAllSockets();
    await vi.waitFor(() => expect(integration.updates.filter((u) => u.full).length).toBe(fullBefore + 1), { timeout: 10_000 });
    await vi.waitFor(() => expect(ha.subscriptionCount).toBe(subscriptionsBefore));
    // Walking to the living room, one Bermuda cycle every 150 ms.
    for (let x = 7; x >= 2; x -= 0.5) {
      standAt(ha, [x, 4]);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await vi.waitFor(() => expect(lastEntity('person.alice')).toMatchObject({ room: 'living', room_name: 'Living room' }), { timeout: 10_000 });
  });

  it('streams positions while cards listen, and answers their layout and positions requests', async () => {
    bermuda(ha);
    // A scanner Bermuda reports that no node of the plan matches.
    const garage = deviceEntry({ name: 'Garage proxy', connections: [['mac', 'cc:00:00:00:00:05']] });
    ha.setDeviceRegistry([...ha.deviceRegistry, garage]);
    ha.setEntityRegistry([...ha.entityRegistry, entityEntry({ entity_id: 'sensor.phone_distance_to_garage', platform: 'bermuda', unique_id: `${PHONE}_cc:00:00:00:00:05_range` })]);
    await startSidecar();
    await vi.waitFor(() => expect(integration.sidecar?.active).toBe(true));
    standAt(ha, [7.5, 4]);
    await vi.waitFor(() => expect(lastEntity('person.alice')).toMatchObject({ room: 'kitchen' }));
    expect(integration.stream).toEqual([]);

    integration.cardsListen(true);
    standAt(ha, [7, 4]);
    const positionsOf = (id: string) =>
      integration.stream.flatMap((e) => (e.type === 'positions' ? e.entities : [])).filter((e) => e.entity_id === id);
    await vi.waitFor(() => expect(positionsOf('person.alice').at(-1)).toMatchObject({ room: 'kitchen', reason: null }));
    const alice = positionsOf('person.alice').at(-1)!;
    expect(alice.ranges.map((r) => r.node).sort()).toEqual(['AA:00:00:00:00:01', 'AA:00:00:00:00:03', 'aa-00-00-00-00-02', 'hall-proxy']);
    expect(alice.nodes_used.length).toBeGreaterThan(0);
    const event = integration.stream.find((e) => e.type === 'positions')!;
    expect(Object.keys((event as { nodes_heard: object }).nodes_heard).sort()).toEqual(['AA:00:00:00:00:01', 'AA:00:00:00:00:03', 'aa-00-00-00-00-02', 'hall-proxy']);

    const positions = (await answer('card_positions')).result as CardPositions;
    expect(positions.entities.map((e) => e.entity_id)).toEqual(['person.alice']);
    expect(positions.nodes_heard['hall-proxy']).toMatch(/Z$/);
    const layout = (await answer('card_layout')).result as CardLayout;
    expect(layout.rooms.map((r) => r.id)).toEqual(['living', 'kitchen']);
    expect(layout.unplaced_scanners).toEqual([{ id: 'CC:00:00:00:00:05', name: 'Garage proxy' }]);

    // The last card left: nothing more for the cards, though Home Assistant still gets updates.
    integration.cardsListen(false);
    const sent = integration.stream.length;
    ha.setState('device_tracker.alice_phone', 'not_home', { source_type: 'bluetooth_le' });
    await vi.waitFor(() => expect(lastEntity('person.alice')).toMatchObject({ present: false }));
    // A round trip on the same socket: anything sent for the cards before it has arrived.
    await answer('status');
    expect(integration.stream).toHaveLength(sent);
  });

  it('moves a node for the card\'s editor and tells the cards the layout changed', async () => {
    bermuda(ha);
    await startSidecar();
    integration.cardsListen(true);
    const before = (await answer('card_layout')).result as CardLayout;
    const reply = await answer('card_edit', { revision: before.revision, edits: [{ op: 'set_node', id: 'aa:00:00:00:00:01', coordinates: [0.5, 0.5, 2.4] }] });
    const after = reply.result as CardLayout;
    expect(after.nodes.find((n) => n.id === 'AA:00:00:00:00:01')!.coordinates).toEqual([0.5, 0.5, 2.4]);
    expect(await readFile(join(dir, 'floorplan.yaml'), 'utf8')).toBe(PLAN.replace('[0.2, 0.2, 2.4]', '[0.5, 0.5, 2.4]'));
    await vi.waitFor(() => expect(integration.stream).toContainEqual({ type: 'layout_changed', revision: after.revision }));

    // The editor still holding the old plan is refused.
    expect(await answer('card_edit', { revision: before.revision, edits: [{ op: 'remove_node', id: 'hall-proxy' }] })).toEqual({
      error: { code: 'invalid', message: 'floorplan.yaml changed since the editor loaded it; reload the editor' },
    });
  });

  it('waits for the integration when it is not loaded, and attaches on its start event', async () => {
    bermuda(ha);
    const unregister = ha.registerCommand('floorplan/sidecar/subscribe', () => {
      throw Object.assign(new Error('Unknown command.'), { code: 'unknown_command' });
    });
    await startSidecar();
    expect(integration.sidecar).toBeNull();
    expect(logs.some((l) => l.includes('floorplan integration not available'))).toBe(true);
    unregister();
    integration = emulateIntegration(ha);
    ha.fireEvent('floorplan_integration_started', { version: '0.1.0' });
    await vi.waitFor(() => expect(integration.sidecar?.active).toBe(true));
    await vi.waitFor(() => expect(integration.updates.some((u) => u.full)).toBe(true));
  });

  it('applies floorplan.yaml when the integration says it was saved, and stays detached when replaced', async () => {
    bermuda(ha);
    await startSidecar();
    await vi.waitFor(() => expect(integration.sidecar?.active).toBe(true));
    await writeFile(join(dir, 'floorplan.yaml'), PLAN.replace('[9.8, 7.8, 2.4]', '[9.0, 7.0, 2.4]'));
    integration.sidecar!.push({ request_id: null, name: 'config_changed', data: { path: 'x', sha256: 'y' }, source: 'integration' });
    await vi.waitFor(async () => expect(((await answer('get_beacon_nodes')).result as { nodes: Record<string, unknown> }).nodes['AA:00:00:00:00:03']).toEqual([9, 7, 2.4]));

    const attaches = ha.connectionCount;
    integration.sidecar!.push({ request_id: null, name: 'detached', data: { reason: 'replaced' }, source: 'integration' });
    await vi.waitFor(() => expect(logs.some((l) => l.includes('this one stays detached'))).toBe(true));
    expect(sidecar.health()).toEqual({ connected: true, integration_attached: false });
    expect(ha.connectionCount).toBe(attaches);
  });
});
