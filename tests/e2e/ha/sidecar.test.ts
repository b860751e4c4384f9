/**
 * End to end against a real Home Assistant 2024.3.3: the test-only Bermuda creates its sensors as
 * Bermuda does (disabled), the floorplan integration is installed from this repository, and the
 * sidecar runs as users run it (`floorplan serve`, a child process). It must report and enable the
 * disabled sensors, discover, locate, answer the services through Home Assistant, update the
 * entities, and resume after Home Assistant restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StatusReport } from '../../../server/services/status.ts';
import type { CalibrationApplyResult, CalibrationView, CardLayout, CardStreamEvent } from '../../../server/sinks/card/messages.ts';
import { openHaSocket } from './ws.ts';
import { startHomeAssistant, type HomeAssistant } from './harness.ts';
import { GROUND_FLOOR_ROOMS } from '../../support/plan-text.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PHONE = 'c0:ff:ee:00:00:01';
/** Scanners by WiFi MAC (Bermuda's key), with their positions on a 10 × 8 m ground floor. */
const SCANNERS: [string, string, [number, number, number]][] = [
  ['24:0a:c4:00:00:10', 'Living Proxy', [0.2, 0.2, 2.4]],
  ['24:0a:c4:00:00:20', 'Kitchen Proxy', [9.8, 0.2, 2.4]],
  ['24:0a:c4:00:00:30', 'Pantry Proxy', [9.8, 7.8, 2.4]],
  ['24:0a:c4:00:00:40', 'Hall Proxy', [0.2, 7.8, 2.4]],
];
// Node ids as users write them: a WiFi MAC in another case and separator, a BLE MAC (WiFi + 2),
// a HA device name, and a node whose scanner Bermuda does not know.
const PLAN = `# The e2e test's house
${GROUND_FLOOR_ROOMS}moving_entities:
  beacon_nodes:
    "24-0A-C4-00-00-10": {coordinates: [0.2, 0.2, 2.4]}  # living
    "24:0a:c4:00:00:22": {coordinates: [9.8, 0.2, 2.4]}  # kitchen, by its BLE MAC
    Pantry Proxy: {coordinates: [9.8, 7.8, 2.4]}
    "24:0a:c4:00:00:40": {coordinates: [0.2, 7.8, 2.4]}
    "de:ad:be:ef:00:01": {coordinates: [5, 4, 2.4]}      # unplugged
presence: {consider_home: 5}
zones:
  sofa: {name: Sofa, floor: ground, center: [2, 4], radius: 1}
`;

/** What Bermuda reports at [x, y] (phone 1 m high); `gain` makes a scanner read long, as an uncalibrated one does. */
function distancesAt([x, y]: [number, number], gain: Record<string, number> = {}): Record<string, number> {
  return Object.fromEntries(SCANNERS.map(([mac, , [sx, sy, sz]]) => [mac, Math.round(Math.hypot(x - sx, y - sy, 1 - sz) * (gain[mac] ?? 1) * 100) / 100]));
}
const KITCHEN_WIFI_MAC = '24:0a:c4:00:00:20';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Serve {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function serve(ha: HomeAssistant, token: string, httpPort: number, stateDir: string): Serve {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve', '--http-port', String(httpPort), '--state-dir', stateDir], {
    cwd: ROOT,
    env: { ...process.env, HA_URL: ha.url, HA_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('the sidecar with a real Home Assistant', () => {
  let ha: HomeAssistant;
  let sidecar: Serve;
  let httpPort: number;
  let stateDir: string;

  const callService = async <T>(service: string, data: object = {}, domain = 'floorplan'): Promise<T> =>
    (await ha.command<{ response: T }>({ type: 'call_service', domain, service, service_data: data, return_response: true })).response;
  const setDistances = (at: [number, number] | Record<string, number | null>) =>
    ha.command({
      type: 'call_service',
      domain: 'bermuda',
      service: 'set_distances',
      service_data: { device: PHONE, distances: Array.isArray(at) ? distancesAt(at) : at },
    });
  const aliceSensors = async () =>
    (await ha.command<{ entity_id: string; state: string; attributes: Record<string, unknown> }[]>({ type: 'get_states' })).filter(
      (s) => s.entity_id.startsWith('sensor.') && s.attributes['entity_id'] === 'person.alice',
    );
  const status = async () => (await (await fetch(`http://127.0.0.1:${httpPort}/status`)).json()) as StatusReport;
  const position = () => callService<Record<string, unknown>>('get_moving_entity_coordinates', { entity_id: 'person.alice' });

  beforeAll(async () => {
    ha = await startHomeAssistant({
      bermuda: {
        scanners: Object.fromEntries(SCANNERS.map(([mac, name]) => [mac, { name }])),
        devices: { [PHONE]: { name: 'Alice Phone' } },
      },
      floorplan: true,
      files: { 'floorplan/floorplan.yaml': PLAN },
      configuration: { person: [{ name: 'Alice', id: 'alice', device_trackers: ['device_tracker.alice_phone_bermuda_tracker'] }] },
    });
    // The integration is set up from the UI in real life: the same config flow, over REST.
    expect((await ha.configFlow('floorplan', [{}])).type).toBe('create_entry');
    httpPort = await freePort();
    stateDir = await mkdtemp(join(tmpdir(), 'floorplan-e2e-state-'));
    sidecar = serve(ha, ha.token, httpPort, stateDir);
  }, 20 * 60_000);

  afterAll(async () => {
    sidecar?.child.kill('SIGTERM');
    await sidecar?.exited;
    await ha?.stop();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  }, 60_000);

  it('refuses a rejected token at once with a clear message and exit status 1', async () => {
    const bad = serve(ha, 'not-a-token', 0, stateDir);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/Home Assistant rejected the access token/);
    expect(bad.output()).not.toContain('not-a-token');
  }, 60_000);

  it('attaches, reads floorplan.yaml through the integration and reports the disabled sensors', async () => {
    await vi.waitFor(async () => expect((await status()).connection).toMatchObject({ connected: true, integration_attached: true }), { timeout: 60_000, interval: 500 });
    const report = await status();
    expect(report.config).toMatchObject({ source: expect.stringContaining('floorplan/floorplan.yaml (via Home Assistant)'), beacon_nodes: 5 });
    expect(report.disabled_sensors.length).toBeGreaterThanOrEqual(4);
    expect(report.nodes.unmatched).toEqual([expect.objectContaining({ node_id: 'de:ad:be:ef:00:01' })]);
    expect(report.nodes.matched.map((m) => [m.node_id, m.how]).sort()).toEqual([
      ['24-0A-C4-00-00-10', 'mac'],
      ['24:0a:c4:00:00:22', 'mac_variant'],
      ['24:0a:c4:00:00:40', 'mac'],
      ['Pantry Proxy', 'device_name'],
    ]);
    expect(await position()).toMatchObject({ coordinates: null, reason: expect.stringMatching(/^Distance sensors disabled/) });
  }, 90_000);

  it('enables the sensors through the service, then locates the phone as Alice', async () => {
    const { enabled } = await callService<{ enabled: string[] }>('enable_sensors');
    expect(enabled).toHaveLength(4);
    await setDistances([7.5, 4]);
    await vi.waitFor(async () => expect(await position()).toMatchObject({ entity_id: 'person.alice', floor: 'ground', room: 'kitchen' }), { timeout: 60_000, interval: 1000 });
    const fix = await position();
    expect((fix['coordinates'] as number[])[0]).toBeCloseTo(7.5, 0);
    expect(fix['last_updated']).toMatch(/Z$/);
  }, 120_000);

  it('answers the floor plan services through Home Assistant in the Python integration\'s shapes', async () => {
    expect(await callService('get_rooms_by_floor', { floor_id: 'ground' })).toMatchObject({ count: 2, floor_height: 2.6, floor_min_height: 0 });
    expect(await callService('get_beacon_nodes')).toMatchObject({ count: 5, nodes: { 'Pantry Proxy': [9.8, 7.8, 2.4] } });
    const all = await callService<{ moving_entities: Record<string, unknown>; count: number }>('get_all_moving_entity_coordinates');
    expect(all.moving_entities['person.alice']).toMatchObject({ room: 'kitchen' });
    await expect(callService('get_rooms_by_floor', { floor_id: 'attic' })).rejects.toMatchObject({ message: expect.stringContaining('unknown floor `attic`') });
  }, 60_000);

  it('keeps the room sensor of Alice up to date', async () => {
    const room = async () => (await aliceSensors()).find((s) => 'room_id' in s.attributes);
    await vi.waitFor(async () => expect(await room()).toMatchObject({ state: 'Kitchen', attributes: { floor: 'ground', room_id: 'kitchen' } }), { timeout: 30_000, interval: 1000 });
    // Walk to the living room, one Bermuda cycle a second.
    for (let x = 7; x >= 2; x -= 1) await setDistances([x, 4]).then(() => new Promise((r) => setTimeout(r, 1000)));
    await vi.waitFor(async () => expect(await room()).toMatchObject({ state: 'Living room', attributes: { room_id: 'living' } }), { timeout: 30_000, interval: 1000 });
  }, 90_000);

  it('gives a card the layout, then streams Alice walking through floorplan/subscribe', async () => {
    const card = await openHaSocket(ha.wsUrl, ha.token);
    try {
      const layout = await card.command<CardLayout>({ type: 'floorplan/call', name: 'card_layout', data: {} });
      expect(layout.rooms.map((r) => r.id).sort()).toEqual(['kitchen', 'living']);
      expect(layout.nodes).toHaveLength(5);
      const events: CardStreamEvent[] = [];
      await card.subscribe({ type: 'floorplan/subscribe' }, (event) => events.push(event as CardStreamEvent));
      await vi.waitFor(() => expect(events[0]).toEqual({ type: 'connected', connected: true }), { timeout: 10_000 });
      for (let x = 2; x <= 7; x += 1) await setDistances([x, 4]).then(() => new Promise((r) => setTimeout(r, 1000)));
      const alice = () =>
        events.flatMap((e) => (e.type === 'positions' ? e.entities : [])).filter((entity) => entity.entity_id === 'person.alice' && entity.coordinates);
      await vi.waitFor(() => expect(alice().at(-1)).toMatchObject({ room: 'kitchen', nodes_used: expect.arrayContaining(['Pantry Proxy']) }), { timeout: 30_000, interval: 500 });
      // The card sees the walk, not only where it ended, and each range with its uncertainty.
      expect(new Set(alice().map((entity) => entity.room))).toEqual(new Set(['living', 'kitchen']));
      expect(alice().at(-1)!.ranges.every((range) => range.sigma > 0 && range.distance > 0)).toBe(true);
    } finally {
      card.close();
    }
  }, 90_000);

  it('resumes after Home Assistant restarts', async () => {
    await ha.restart();
    await vi.waitFor(async () => expect((await status()).connection).toMatchObject({ connected: true, integration_attached: true }), { timeout: 60_000, interval: 500 });
    for (let x = 3; x <= 8; x += 1) await setDistances([x, 4]).then(() => new Promise((r) => setTimeout(r, 1000)));
    await vi.waitFor(async () => expect(await position()).toMatchObject({ room: 'kitchen' }), { timeout: 60_000, interval: 1000 });
    expect(sidecar.output()).not.toContain(ha.token);
    expect(sidecar.child.exitCode).toBeNull();
  }, 240_000);
  it('shows the nearest node and its window as sensors, also when only two nodes hear Alice', async () => {
    await setDistances({ '24:0a:c4:00:00:10': 1.2, '24:0a:c4:00:00:20': null, '24:0a:c4:00:00:30': null, '24:0a:c4:00:00:40': 6.5 });
    const nearest = async () => (await aliceSensors()).find((s) => 'proximity' in s.attributes);
    const proximity = async () => (await aliceSensors()).find((s) => s.attributes['device_class'] === 'enum');
    await vi.waitFor(async () => expect(await nearest()).toMatchObject({ state: '24-0A-C4-00-00-10', attributes: { node_id: '24-0A-C4-00-00-10', proximity: 'near', distance: 1.2 } }), {
      timeout: 30_000,
      interval: 1000,
    });
    expect(await proximity()).toMatchObject({ state: 'near', attributes: { options: ['near', 'medium', 'far', 'not_home'] } });
    // No position from two nodes: the room-level signal is all there is.
    expect(await position()).toMatchObject({ coordinates: null, reason: 'Need 3+ beacons' });
  }, 60_000);

  it('calibrates from the card: a stand-here session finds the scanner that reads long and writes floorplan.yaml', async () => {
    const card = await openHaSocket(ha.wsUrl, ha.token);
    const call = <T>(name: string, data: object = {}) => card.command<T>({ type: 'floorplan/call', name, data });
    try {
      const idle = await call<CalibrationView>('calibration_status');
      expect(idle.session).toBeNull();
      expect(idle.devices.map((d) => d.device)).toContain(PHONE);
      await call('calibration_start', { device: PHONE });
      const spots: [number, number][] = [
        [2, 2],
        [8, 2],
        [5, 6],
      ];
      for (const [i, at] of spots.entries()) {
        await call('calibration_spot', { x: at[0], y: at[1], floor: 'ground', height: 1, duration: 4 });
        // Bermuda's values wobble while one stands still: each is a new state, a new sample.
        for (let k = 0; k < 5; k++) {
          await setDistances(distancesAt([at[0] + 0.01 * k, at[1]], { [KITCHEN_WIFI_MAC]: 1.3 }));
          await new Promise((r) => setTimeout(r, 700));
        }
        await vi.waitFor(async () => expect((await call<CalibrationView>('calibration_status')).session).toMatchObject({ recording: null, spots: { length: i + 1 } }), {
          timeout: 15_000,
          interval: 500,
        });
      }
      const { fit } = await call<CalibrationView>('calibration_status');
      const kitchen = fit!.nodes.find((n) => n.node === '24:0a:c4:00:00:22')!;
      expect(kitchen.fitted.distance_scale).toBeCloseTo(1 / 1.3, 1);
      expect(fit!.error_after!).toBeLessThan(fit!.error_before!);

      const applied = await call<CalibrationApplyResult>('calibration_apply');
      expect(applied.view.session).toBeNull();
      expect(applied.written).toContainEqual(expect.objectContaining({ node: '24:0a:c4:00:00:22', distance_scale: kitchen.fitted.distance_scale }));
      const { content } = await ha.command<{ content: string }>({ type: 'floorplan/config/get' });
      expect(content).toContain("# The e2e test's house");
      expect(content).toMatch(/"24:0a:c4:00:00:22": \{.*distance_scale: 0\.7\d*/);
    } finally {
      card.close();
    }
  }, 120_000);
  it('keeps presence, room and zone occupancy in Home Assistant, and marks Alice away after consider_home', async () => {
    // Entity ids as Home Assistant names them: the device (person, house, room, zone) and the entity's own name.
    const entity = async (id: string) => (await ha.command<{ entity_id: string; state: string; attributes: Record<string, unknown> }[]>({ type: 'get_states' })).find((s) => s.entity_id === id);
    const presence = () => entity('sensor.alice_presence');
    const house = () => entity('sensor.home_occupancy');
    const livingRoom = () => entity('sensor.living_room_occupants');
    const livingOccupied = () => entity('binary_sensor.living_room_occupancy');
    const sofa = () => entity('sensor.sofa_occupant');

    for (let x = 4; x >= 2; x -= 1) await setDistances([x, 4]).then(() => new Promise((r) => setTimeout(r, 1000)));
    // She sits down on the sofa: Bermuda's values wobble while one stands still, each a new state,
    // so the track settles there rather than where the walk's last readings left it.
    for (let k = 1; k <= 4; k++) await setDistances([2 + 0.01 * k, 4]).then(() => new Promise((r) => setTimeout(r, 700)));
    await vi.waitFor(async () => expect(await livingRoom()).toMatchObject({ state: '1', attributes: { occupants: ['Alice'] } }), { timeout: 30_000, interval: 1000 });
    expect(await livingOccupied()).toMatchObject({ state: 'on' });
    expect(await presence()).toMatchObject({ state: 'home' });
    expect(await house()).toMatchObject({ state: 'somebody', attributes: { people: ['Alice'] } });
    await vi.waitFor(async () => expect(await sofa()).toMatchObject({ state: 'Alice' }), { timeout: 15_000, interval: 1000 });

    // Alice leaves: Bermuda's tracker says not_home and the scanners stop hearing her.
    await ha.command({ type: 'call_service', domain: 'bermuda', service: 'set_presence', service_data: { device: PHONE, home: false } });
    await setDistances(Object.fromEntries(SCANNERS.map(([mac]) => [mac, null])));
    await vi.waitFor(async () => expect(await presence()).toMatchObject({ state: 'not_home' }), { timeout: 30_000, interval: 1000 });
    expect(await house()).toMatchObject({ state: 'nobody', attributes: { people: [] } });
    expect(await livingOccupied()).toMatchObject({ state: 'off' });
    expect(await sofa()).toMatchObject({ state: 'vacant' });
  }, 90_000);
});
