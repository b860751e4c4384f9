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
import { Sidecar, type SidecarOptions } from '../../../server/sidecar.ts';
import type { CalibrationApplyResult, CalibrationView, CardLayout, CardPositions, CardStreamEvent, StatsSummary } from '../../../server/sinks/card/messages.ts';
import type { PresenceMessage } from '../../../server/sinks/home-assistant/presence-updates.ts';
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
/** A second Bermuda device: a tag that stays on a shelf. */
const TAG = 'c0:ff:ee:00:00:02';
const tagSensorId = (i: number) => `sensor.hall_tag_distance_to_scanner_${i}`;

interface IntegrationFake {
  sidecar: Subscription | null;
  updates: { full: boolean; entities: Record<string, Record<string, unknown>>; removed: string[] }[];
  /** What the sidecar sent with floorplan/sidecar/presence. */
  presence: PresenceMessage[];
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
    presence: [],
    stream: [],
    responses: new Map(),
    request(name, data = {}) {
      const id = `r${++next}`;
      // The card's requests (card_*, calibration_*) come through floorplan/call.
      fake.sidecar!.push({ request_id: id, name, data, source: /^(card|calibration)_/.test(name) ? 'card' : 'service' });
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
  ha.registerCommand('floorplan/sidecar/presence', (ctx) => {
    fake.presence.push(ctx.message as never);
  });
  return fake;
}

/** A Bermuda device with a distance sensor per node and its device tracker, as Bermuda registers them. */
function bermudaDevice(mac: string, name: string, sensor: (i: number) => string, tracker: string, disabledScanner = -1) {
  const device = deviceEntry({ name, identifiers: [['bermuda', mac]] });
  const sensors = NODES.map(([scanner], i) =>
    entityEntry({
      entity_id: sensor(i),
      platform: 'bermuda',
      unique_id: `${mac}_${scanner}_range`,
      device_id: device.id,
      config_entry_id: 'bermuda-entry',
      disabled_by: i === disabledScanner ? 'integration' : null,
    }),
  );
  return { device, entities: [...sensors, entityEntry({ entity_id: tracker, platform: 'bermuda', unique_id: mac, device_id: device.id })] };
}

type BermudaDevice = ReturnType<typeof bermudaDevice>;

/** The phone (and `devices`), a proxy known by its WiFi MAC, and Alice with the phone's tracker. */
function bermuda(ha: FakeHomeAssistant, { disabledScanner = -1, devices = [] }: { disabledScanner?: number; devices?: BermudaDevice[] } = {}): void {
  const phone = bermudaDevice(PHONE, 'Alice phone', sensorId, 'device_tracker.alice_phone', disabledScanner);
  const hallProxy = deviceEntry({ name: 'hall-proxy', connections: [['mac', 'bb:00:00:00:00:04']] });
  const more = devices.flatMap((d) => d.entities);
  ha.setEntityRegistry([...phone.entities, ...more, entityEntry({ entity_id: 'sensor.radar_distance_to_target', platform: 'ld2410', unique_id: 'x_distance_to_target' })]);
  ha.setDeviceRegistry([phone.device, hallProxy, ...devices.map((d) => d.device)]);
  ha.setState('device_tracker.alice_phone', 'home', { source_type: 'bluetooth_le' });
  ha.setState('person.alice', 'home', { friendly_name: 'Alice', device_trackers: ['device_tracker.alice_phone'] });
}

/**
 * A device's distance sensors at (x, y), 1 m above the floor: each node's true distance times
 * `factor(i)` (null: that node does not hear it), written at `time` (default now).
 */
function publishDistances(
  ha: FakeHomeAssistant,
  sensor: (i: number) => string,
  [x, y]: [number, number],
  factor: (i: number) => number | null = () => 1,
  time?: number,
): void {
  NODES.forEach(([, [nx, ny, nz]], i) => {
    const f = factor(i);
    if (f !== null) ha.setState(sensor(i), (f * Math.hypot(x - nx, y - ny, 1 - nz)).toFixed(2), { unit_of_measurement: 'm' }, { time });
  });
}

/** Distances from a point to each node, as the phone's sensors. */
function standAt(ha: FakeHomeAssistant, at: [number, number], skip = -1): void {
  publishDistances(ha, sensorId, at, (i) => (i === skip ? null : 1));
}

describe('the sidecar with Home Assistant', () => {
  let ha: FakeHomeAssistant;
  let integration: IntegrationFake;
  let dir: string;
  let session: HomeAssistantSession;
  let sidecar: Sidecar;
  const logs: string[] = [];

  async function startSidecar(options: Partial<Pick<SidecarOptions, 'stateDir' | 'clock' | 'history'>> = {}): Promise<void> {
    const store = new ConfigStore(fileSource(join(dir, 'floorplan.yaml')));
    await store.load();
    session = await connectHomeAssistant({ url: ha.url, token: 'secret-token', log: (m) => logs.push(m) });
    sidecar = new Sidecar({ session, url: ha.url, store, version: 'test', attach: true, stateDir: null, log: (m) => logs.push(m), ...options });
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
    // A round trip takes milliseconds: polling at waitFor's default 50 ms would dominate the calibration tests.
    await vi.waitFor(() => expect(integration.responses.has(id)).toBe(true), { interval: 5 });
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
    const hearTwo = (at: [number, number]) => publishDistances(ha, sensorId, at, (i) => (i < 2 ? 1 : null));
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

  it('keeps a history in its state folder: stats in Home Assistant\'s time zone, and a history block in the status', async () => {
    bermuda(ha);
    await startSidecar({ stateDir: dir, history: { retentionDays: 30, names: false } });
    await vi.waitFor(() => expect(integration.sidecar?.active).toBe(true));
    standAt(ha, [7.5, 4]);
    const stats = async (): Promise<StatsSummary> => (await answer('stats_summary', { range: 'today' })).result as StatsSummary;
    await vi.waitFor(async () => expect((await stats()).timeline).toMatchObject([{ entity_id: 'person.alice', name: 'Alice', transitions: [{ room: 'kitchen' }] }]), { timeout: 5000 });
    const summary = await stats();
    expect(summary.time_zone).toBe('Europe/Amsterdam');
    expect(summary.now.home).toMatchObject([{ entity_id: 'person.alice', room: 'kitchen', room_name: 'kitchen' }]);
    expect(sidecar.status().history).toMatchObject({ ok: true, file: join(dir, 'history.sqlite'), retention_days: 30, names: false, dropped_rows: 0 });
    expect(sidecar.status().history!.transitions).toBeGreaterThan(0);
  });

  describe('presence and occupancy', () => {
    const T0 = 1_800_000_000;
    let now = T0;
    const clock = () => now;
    const CONSIDER_HOME = 60;
    /** A desk in the living room with a radar over it. */
    const ZONED = `${PLAN}presence: {consider_home: ${CONSIDER_HOME}, occupied_state: occupied, vacant_state: empty}
zones:
  desk: {name: Desk, floor: ground, center: [2, 4], radius: 0.8, distance: 0.5, occupancy_sensor: binary_sensor.desk_radar}
`;
    /** The last fields sent of one item: a device, a room or a zone. */
    function last(part: 'devices' | 'rooms' | 'zones', id: string): Record<string, unknown> | undefined {
      return [...integration.presence].reverse().find((m) => m[part][id] !== undefined)?.[part][id];
    }
    const lastHouse = () => [...integration.presence].reverse().find((m) => m.house !== undefined)?.house;
    const fullMessages = () => integration.presence.filter((m) => m.full);
    /** Resolves once the sidecar computed presence at the clock's time (a tick runs every second). */
    const settled = () => vi.waitFor(() => expect(sidecar.presence().t).toBe(now), { timeout: 3000 });

    beforeEach(async () => {
      now = T0;
      await writeFile(join(dir, 'floorplan.yaml'), ZONED);
    });

    it('follows a person arriving, moving room, the radar, and leaving after consider_home', async () => {
      bermuda(ha);
      ha.setState('binary_sensor.desk_radar', 'off', { device_class: 'occupancy' });
      await startSidecar({ clock });
      // Everything once attached: her BLE tracker says home already.
      await vi.waitFor(() => expect(fullMessages()).toHaveLength(1), { timeout: 3000 });
      const [full] = fullMessages();
      expect(full!.devices['person.alice']).toMatchObject({ name: 'Alice', home: true, state: 'home', since: null, room: null });
      expect(full!.house).toEqual({ state: 'occupied', occupied: true, people: ['Alice'], entity_ids: ['person.alice'] });
      expect(Object.keys(full!.rooms)).toEqual(['living', 'kitchen']);
      expect(full!.zones['desk']).toEqual({ name: 'Desk', floor: 'ground', state: 'vacant', occupants: [], entity_ids: [], sensor: false, sensor_entity_id: 'binary_sensor.desk_radar' });

      // Located in the kitchen.
      publishDistances(ha, sensorId, [7.5, 4], () => 1, now);
      await vi.waitFor(() => expect(last('rooms', 'kitchen')).toMatchObject({ occupants: ['Alice'], entity_ids: ['person.alice'] }));
      expect(last('devices', 'person.alice')).toMatchObject({ home: true, room: 'kitchen', room_name: 'kitchen', floor: 'ground' });
      expect(last('rooms', 'living')).toMatchObject({ occupants: [] });

      // The radar sees someone at the desk while nobody tracked is there.
      ha.setState('binary_sensor.desk_radar', 'on', { device_class: 'occupancy' });
      await vi.waitFor(() => expect(last('zones', 'desk')).toMatchObject({ state: 'unknown', occupants: [], sensor: true }));

      // She sits down at the desk in the living room (15 s later: her track starts afresh there).
      now += 15;
      publishDistances(ha, sensorId, [2.3, 4], () => 1, now);
      await vi.waitFor(() => expect(last('devices', 'person.alice')).toMatchObject({ room: 'living', room_name: 'Living room' }));
      expect(last('rooms', 'living')).toMatchObject({ occupants: ['Alice'] });
      expect(last('rooms', 'kitchen')).toMatchObject({ occupants: [] });
      await vi.waitFor(() => expect(last('zones', 'desk')).toMatchObject({ state: 'Alice', occupants: ['Alice'], entity_ids: ['person.alice'] }));
      // The radar says the desk is empty: it wins over her position.
      ha.setState('binary_sensor.desk_radar', 'off', { device_class: 'occupancy' });
      await vi.waitFor(() => expect(last('zones', 'desk')).toMatchObject({ state: 'vacant', occupants: [], sensor: false }));

      // She leaves: the tracker says not_home, no node hears her any more.
      const leftAt = now;
      ha.setState('device_tracker.alice_phone', 'not_home', { source_type: 'bluetooth_le' });
      NODES.forEach((_, i) => ha.setState(sensorId(i), 'unknown', {}, { time: now }));
      await vi.waitFor(() => expect(lastEntity('person.alice')).toMatchObject({ present: false }));
      now = leftAt + CONSIDER_HOME - 1;
      await settled();
      expect(sidecar.presence().devices[0]).toMatchObject({ home: true, lastSeen: leftAt });
      expect(last('devices', 'person.alice')).toMatchObject({ home: true, state: 'home' });

      now = leftAt + CONSIDER_HOME;
      await vi.waitFor(() => expect(last('devices', 'person.alice')).toMatchObject({ home: false, state: 'not_home', room: null }), { timeout: 3000 });
      expect(last('devices', 'person.alice')!['since']).toBe(new Date(now * 1000).toISOString());
      expect(lastHouse()).toEqual({ state: 'empty', occupied: false, people: [], entity_ids: [] });
      expect(last('rooms', 'living')).toMatchObject({ occupants: [] });
      // After the first message, only what changed went out.
      expect(fullMessages()).toHaveLength(1);
    });

    it('sends everything again after a re-attach', async () => {
      bermuda(ha);
      await startSidecar({ clock });
      await vi.waitFor(() => expect(fullMessages()).toHaveLength(1), { timeout: 3000 });
      integration.sidecar!.push({ request_id: null, name: 'detached', data: { reason: 'unloaded' }, source: 'integration' });
      ha.fireEvent('floorplan_integration_started', { version: '0.1.0' });
      await vi.waitFor(() => expect(fullMessages()).toHaveLength(2), { timeout: 3000 });
      expect(integration.presence.at(-1)).toMatchObject({ full: true, devices: { 'person.alice': { home: true } }, zones: { desk: { sensor: null } } });
    });
  });

  describe('calibration, as the card drives it', () => {
    /** The sidecar's clock, which the test moves; the fake writes the sensors' states at its time. */
    const T0 = 1_800_000_000;
    let now = T0;
    const clock = () => now;
    /** Seconds a spot records; the phone's sensors change this much from one state to the next. */
    const SPOT_S = 4;
    const WOBBLE = [1.01, 0.99, 1.02];
    const LIVING_NODE = 'AA:00:00:00:00:01';
    const NODE_IDS = ['AA:00:00:00:00:01', 'aa-00-00-00-00-02', 'AA:00:00:00:00:03', 'hall-proxy'];
    /** The first node (index 0) reports distances 30 % long. */
    const longFirst = (i: number) => (i === 0 ? 1.3 : 1);

    beforeEach(() => {
      now = T0;
    });

    const view = async (name: string, data?: object) => (await answer(name, data)).result as CalibrationView;

    /**
     * Stands at (x, y) for one spot: the phone's sensors change as the user arrives (before the
     * spot starts, so not recorded), then a few times while it records; returns the view once the
     * spot's time is up.
     */
    async function recordSpot([x, y]: [number, number], factor: (i: number) => number): Promise<CalibrationView> {
      now += 1;
      publishDistances(ha, sensorId, [x, y], factor, now);
      // The states arrive before this request on the sidecar's socket: from here on a "still
      // heard" re-read of the sensors reads this spot's distances.
      await view('calibration_status');
      now += 1;
      const started = now;
      const recording = (await view('calibration_spot', { x, y, floor: 'ground', height: 1, duration: SPOT_S })).session!.recording;
      expect(recording).toMatchObject({ coordinates: [x, y, 1], floor: 'ground', height: 1, ends: new Date((started + SPOT_S) * 1000).toISOString() });
      WOBBLE.forEach((wobble, k) => {
        now = started + 0.5 + k;
        publishDistances(ha, sensorId, [x, y], (i) => factor(i) * wobble, now);
      });
      await vi.waitFor(async () => expect((await view('calibration_status')).session!.recording!.samples).toBeGreaterThanOrEqual(WOBBLE.length * NODES.length), {
        interval: 10,
      });
      now = started + SPOT_S;
      return view('calibration_status');
    }

    async function startSession(): Promise<CalibrationView> {
      const status = await view('calibration_status');
      const phone = status.devices.find((d) => d.entity_id === 'person.alice')!;
      expect(phone).toMatchObject({ device: PHONE, name: 'Alice' });
      return view('calibration_start', { device: phone.device });
    }

    it('fits a node that reads 30 % long from a stand-here session and writes its distance_scale into floorplan.yaml', async () => {
      bermuda(ha);
      await startSidecar({ clock });
      await vi.waitFor(() => expect(integration.sidecar?.active).toBe(true));
      expect(await view('calibration_status')).toMatchObject({ session: null, references: [], fit: null });

      expect((await startSession()).session).toMatchObject({ device: PHONE, entity_id: 'person.alice', name: 'Alice', spots: [], recording: null });
      const spots: [number, number][] = [
        [2, 2],
        [7.5, 2],
        [7.5, 6],
        [2.5, 6],
      ];
      let after: CalibrationView | undefined;
      for (const spot of spots) after = await recordSpot(spot, longFirst);

      const { session, fit } = after!;
      expect(session!.recording).toBeNull();
      expect(session!.spots.map((s) => [s.id, s.coordinates, s.duration, s.nodes])).toEqual(spots.map(([x, y], i) => [i + 1, [x, y, 1], SPOT_S, NODE_IDS]));
      expect(fit!.nodes.map((n) => [n.node, n.kind])).toEqual(NODE_IDS.map((id) => [id, 'distance']));
      for (const node of fit!.nodes) {
        const truth = node.node === LIVING_NODE ? 1 / 1.3 : 1;
        expect(Math.abs(node.fitted.distance_scale! / truth - 1)).toBeLessThan(0.03);
      }
      expect(fit!.applicable).toBe(true);
      expect(fit!.error_before).toBeGreaterThan(0.2);
      expect(fit!.error_after!).toBeLessThan(fit!.error_before! / 2);

      // A card listens: it is told the layout changed.
      integration.cardsListen(true);
      const before = (await answer('card_layout')).result as CardLayout;
      const applied = (await answer('calibration_apply')).result as CalibrationApplyResult;
      const written = applied.written.find((w) => w.node === LIVING_NODE)!;
      expect(Math.abs(written.distance_scale! * 1.3 - 1)).toBeLessThan(0.03);
      expect(applied.view.session).toBeNull();

      const text = await readFile(join(dir, 'floorplan.yaml'), 'utf8');
      expect(text).toContain('# living');
      const reread = new ConfigStore(fileSource(join(dir, 'floorplan.yaml')));
      const { config } = await reread.load();
      expect(config.beaconNodes.find((n) => n.id === LIVING_NODE)!.distanceScale).toBe(written.distance_scale);

      const layout = (await answer('card_layout')).result as CardLayout;
      expect(layout.revision).not.toBe(before.revision);
      await vi.waitFor(() => expect(integration.stream).toContainEqual({ type: 'layout_changed', revision: layout.revision }));
      expect((await view('calibration_status')).session).toBeNull();
    });

    it('continues a session after the sidecar restarts', async () => {
      bermuda(ha);
      const stateDir = join(dir, 'state');
      await startSidecar({ clock, stateDir });
      await startSession();
      await recordSpot([2, 2], longFirst);
      const recorded = (await recordSpot([7.5, 6], longFirst)).session!;
      expect(recorded.spots).toHaveLength(2);
      // As `floorplan serve` stops: the spot that just ended is still being written.
      sidecar.stop();
      await sidecar.calibration.saved();
      session.close();

      await startSidecar({ clock, stateDir });
      expect(logs).toContain(`calibration: continuing the session of Alice with 2 spots from ${join(stateDir, 'calibration.json')}`);
      const restored = (await view('calibration_status')).session!;
      expect(restored).toEqual(recorded);
    });

    it('reports a static entity that is a Bermuda tag as a reference beacon, with each node\'s drift', async () => {
      const tag = bermudaDevice(TAG, 'Hall tag', tagSensorId, 'device_tracker.hall_tag');
      bermuda(ha, { devices: [tag] });
      // The tag is shown under a moving entity of its own: the plan names it by Bermuda's tracker.
      const plan = `${PLAN}  entities:\n    device_tracker.shelf: {device: "${TAG}"}\nstatic_entities:\n  device_tracker.hall_tag: {coordinates: [5, 4, 1]}   # on the shelf\n`;
      await writeFile(join(dir, 'floorplan.yaml'), plan);
      await startSidecar({ clock });
      // The third node reads the tag 20 % long; the tag's sensors change a little over time.
      const steps = [1.01, 0.99, 1.02, 0.98, 1];
      steps.forEach((wobble, k) => {
        now = T0 + k;
        publishDistances(ha, tagSensorId, [5, 4], (i) => (i === 2 ? 1.2 : 1) * wobble, now);
      });
      // At least: a "still heard" re-read of the sensors may add repeats of the last values.
      await vi.waitFor(async () => {
        const drift = (await view('calibration_status')).references[0]?.drift ?? [];
        expect(drift.map((d) => d.node)).toEqual(NODE_IDS);
        for (const d of drift) expect(d.samples).toBeGreaterThanOrEqual(steps.length);
      });

      const { references, fit, session: none, devices } = await view('calibration_status');
      expect(none).toBeNull();
      expect(devices.find((d) => d.device === TAG)).toMatchObject({ entity_id: 'device_tracker.shelf', nodes_hearing: 4 });
      expect(references).toHaveLength(1);
      const [beacon] = references;
      expect(beacon).toMatchObject({ entity_id: 'device_tracker.hall_tag', device: TAG, coordinates: [5, 4, 1], floor: 'ground' });
      expect(beacon!.position_error).toBeGreaterThanOrEqual(0);
      expect(beacon!.position_error).toBeLessThan(1);
      for (const { node, drift } of beacon!.drift) expect(drift).toBeCloseTo(node === 'AA:00:00:00:00:03' ? 0.2 : 0, 1);
      // Its readings are calibration samples too.
      const third = fit!.nodes.find((n) => n.node === 'AA:00:00:00:00:03')!;
      expect(Math.abs(third.fitted.distance_scale! * 1.2 - 1)).toBeLessThan(0.03);
    });

    it('refuses requests that do not fit the session, saying why', async () => {
      bermuda(ha);
      await startSidecar({ clock });
      const refused = (message: string) => ({ error: { code: 'invalid', message } });
      expect(await answer('calibration_spot', { x: 2, y: 2 })).toEqual(refused('no calibration session: start one with calibration_start first'));
      expect(await answer('calibration_apply')).toEqual(
        refused('nothing to apply: no calibration samples yet (record spots in a session, or wait for a reference beacon to be heard)'),
      );
      expect(await answer('calibration_start', { device: 'aa:bb:cc:dd:ee:ff' })).toEqual(
        refused(`unknown device \`aa:bb:cc:dd:ee:ff\` to calibrate with (devices: ${PHONE} (Alice))`),
      );

      await startSession();
      expect(await answer('calibration_spot', { x: 12, y: 2 })).toEqual(
        refused('`x`, `y` (12, 2) lie outside floor `ground`: x must be within -1 to 11 m and y within -1 to 9 m'),
      );
      expect(await answer('calibration_spot', { x: 2, y: 2, floor: 'attic' })).toEqual(refused('unknown floor `attic` (floors: ground)'));
      await view('calibration_spot', { x: 2, y: 2, duration: 10 });
      now += 4;
      const ends = new Date((T0 + 10) * 1000).toISOString();
      expect(await answer('calibration_spot', { x: 5, y: 5 })).toEqual(refused(`a spot is still recording until ${ends} (6 s left): wait for it to end`));
      expect(await answer('calibration_apply')).toEqual(refused(`a spot is still recording until ${ends}: wait for it to end before applying`));
      expect(await answer('calibration_remove_spot', { spot: 7 })).toEqual(refused('no spot `7` in the calibration session (spots: none)'));
    });
  });
});
