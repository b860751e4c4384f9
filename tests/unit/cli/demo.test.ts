import { access, appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { runDemo } from '../../../server/cli/demo.ts';
import { loadConfigFile, loadConfigText } from '../../../server/config/load.ts';
import { DemoHost, personFor } from '../../../server/demo/host.ts';
import { parseScenario } from '../../../server/providers/scenario.ts';
import type { CalibrationView, CardEntity, CardLayout, CardStreamEvent, StatsSummary } from '../../../server/sinks/card/messages.ts';
import { startDemoServer, WEBSOCKET_PATH, type DemoServer } from '../../../server/sinks/http/demo-server.ts';

const EXAMPLE = 'floorplan/example.yaml';
const SCENARIO = 'tests/fixtures/scenarios/example-walk.yaml';

type Message = { id: number | null; type: string; success?: boolean; result?: unknown; error?: { code: string; message: string }; event?: CardStreamEvent };

/** A websocket client that keeps every message, to wait for the one a test expects. */
class Client {
  readonly messages: Message[] = [];
  private nextId = 1;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as Message));
  }

  static async open(url: string): Promise<Client> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new Client(socket);
  }

  send(message: object): number {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ ...message, id }));
    return id;
  }

  async call(name: string, data?: object): Promise<Message> {
    const id = this.send({ type: 'floorplan/call', name, data });
    return this.waitFor((m) => m.id === id && m.type === 'result');
  }

  waitFor(matches: (message: Message) => boolean, timeoutMs = 5_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.messages.find(matches);
        if (found === undefined) return false;
        clearTimeout(timer);
        this.socket.off('message', check);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.socket.off('message', check);
        reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-3))}`));
      }, timeoutMs);
      if (!check()) this.socket.on('message', check);
    });
  }

  close(): void {
    this.socket.close();
  }
}

describe('the demo', () => {
  let temp: string;
  let host: DemoHost;
  let server: DemoServer;
  let client: Client;
  const exampleText = readFile(EXAMPLE, 'utf8');

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'floorplan-demo-test-'));
    const pageDir = join(temp, 'page');
    await build({ configFile: 'card/demo/vite.config.ts', logLevel: 'silent', build: { outDir: pageDir } });
    const plan = (await loadConfigFile(EXAMPLE)).config!;
    const scenario = parseScenario(await readFile(SCENARIO, 'utf8'), SCENARIO, plan).scenario!;
    host = await DemoHost.start({ planFile: EXAMPLE, plan, scenario, seed: 1, speed: 10, log: () => undefined });
    server = await startDemoServer(host, { host: '127.0.0.1', port: 0, pageDir, cardBundle: join(temp, 'missing-card.js') });
    client = await Client.open(`${server.url.replace('http', 'ws')}${WEBSOCKET_PATH.slice(1)}`);
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await server?.close();
    await host?.stop();
    await rm(temp, { recursive: true, force: true });
    if (host) await rm(join(host.planFile, '..'), { recursive: true, force: true });
  });

  it('serves the page and its script, /health, and says how to build a missing card', async () => {
    const page = await fetch(server.url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('<title>Floorplan Presence demo</title>');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(new URL(script!, server.url));
    expect([js.status, js.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);

    expect(await (await fetch(new URL('/health', server.url))).json()).toMatchObject({ demo: true, connected: true, plan: host.planFile });
    const card = await fetch(new URL('/floorplan-presence-card.js', server.url));
    expect(card.status).toBe(404);
    expect(await card.text()).toContain('npm run build:card');
    expect((await fetch(new URL('/..%2f..%2fpackage.json', server.url))).status).toBe(404);
  });

  it('answers card_layout with the example plan', async () => {
    const { success, result } = await client.call('card_layout');
    const layout = result as CardLayout;
    expect(success).toBe(true);
    expect([layout.floors.length, layout.rooms.length, layout.nodes.length, layout.static_entities.length]).toEqual([2, 11, 11, 3]);
  });

  it('answers services, with the error code of a refused one', async () => {
    const nodes = await client.call('get_beacon_nodes');
    expect(nodes.result).toMatchObject({ count: 11 });
    const refused = await client.call('get_rooms_by_floor', { floor_id: 'attic' });
    expect(refused).toMatchObject({ success: false, error: { code: 'invalid', message: expect.stringContaining('attic') } });
    const id = client.send({ type: 'auth' });
    expect(await client.waitFor((m) => m.id === id)).toMatchObject({ success: false, error: { code: 'unknown_command' } });
  });

  it('keeps a history of the walk for the stats view, on the simulated clock', async () => {
    const stats = async (): Promise<StatsSummary> => (await client.call('stats_summary', { range: 'today' })).result as StatsSummary;
    // At ten times real speed, the walkers spend a minute in rooms within a few seconds.
    await vi.waitFor(async () => expect((await stats()).dwell.map((d) => d.name)).toEqual(['Alice', 'Bob', 'Carol']), { timeout: 10_000, interval: 500 });
    const summary = await stats();
    expect(summary.now.home.map((p) => p.entity_id)).toEqual(['person.alice', 'person.bob', 'person.carol']);
    expect(summary.heatmap.map((h) => h.floor)).toEqual(['ground', 'first']);
    expect(summary.heatmap.flatMap((h) => h.counts).reduce((a, b) => a + b)).toBeGreaterThan(0);
  }, 15_000);

  it('streams connected first, then the three people moving, until unsubscribed', async () => {
    const id = client.send({ type: 'floorplan/subscribe' });
    const events = (): CardStreamEvent[] => client.messages.filter((m) => m.id === id && m.type === 'event').map((m) => m.event!);
    const positionsOf = (entityId: string): CardEntity[] =>
      events().flatMap((e) => (e.type === 'positions' ? e.entities.filter((entity) => entity.entity_id === entityId && entity.coordinates) : []));
    await client.waitFor((m) => m.id === id && m.type === 'result');
    // At ten times real speed, a few seconds are half a minute of walking.
    await client.waitFor(() => new Set(positionsOf('person.alice').map((e) => JSON.stringify(e.coordinates))).size >= 3, 8_000);
    expect(events()[0]).toEqual({ type: 'connected', connected: true });
    const names = new Set(events().flatMap((e) => (e.type === 'positions' ? e.entities.map((entity) => entity.name) : [])));
    expect(names).toEqual(new Set(['Alice', 'Bob', 'Carol']));

    const stop = client.send({ type: 'unsubscribe_events', subscription: id });
    await client.waitFor((m) => m.id === stop && m.type === 'result');
    const count = events().length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(events().length).toBe(count);
  }, 15_000);

  it('saves an edit to the temporary copy, keeping its comments, and announces the new layout', async () => {
    const id = client.send({ type: 'floorplan/subscribe' });
    const { revision } = (await client.call('card_layout')).result as CardLayout;
    const moved = await client.call('card_edit', { revision, edits: [{ op: 'set_node', id: 'office-proxy', coordinates: [1, 7, 3.5] }] });
    expect(moved.success).toBe(true);
    const layout = moved.result as CardLayout;
    expect(layout.nodes.find((n) => n.id === 'office-proxy')?.coordinates).toEqual([1, 7, 3.5]);
    await client.waitFor((m) => m.id === id && m.event?.type === 'layout_changed' && m.event.revision === layout.revision);

    const copy = await readFile(host.planFile, 'utf8');
    expect(copy).toContain('office-proxy: # a Raspberry Pi known to Bermuda by name, on a shelf');
    expect(loadConfigText(copy, 'copy').config!.beaconNodes.find((n) => n.id === 'office-proxy')?.coordinates).toEqual([1, 7, 3.5]);
    expect(await readFile(EXAMPLE, 'utf8')).toBe(await exampleText);
  });
  it('calibrates with the demo phone, which stands where each spot is recorded: the fit finds the miscalibrated scanners', async () => {
    const started = (await client.call('calibration_start', { device: 'demo_phone' })).result as CalibrationView;
    expect(started.session).toMatchObject({ device: 'demo_phone', spots: [] });
    // The scenario's kitchen scanner reads long and the main bedroom's short (see example-walk.yaml).
    const spots = [
      { x: 8.5, y: 6.5, floor: 'ground' },
      { x: 6.0, y: 2.0, floor: 'ground' },
      { x: 2.5, y: 2.0, floor: 'first' },
      { x: 8.5, y: 2.5, floor: 'first' },
    ];
    let view = started;
    for (const spot of spots) {
      const recording = await client.call('calibration_spot', { ...spot, duration: 20 });
      expect(recording.success).toBe(true);
      // Twenty simulated seconds at ten times real speed.
      for (let wait = 0; wait < 40 && (view.session?.recording !== null || view.session.spots.length < spots.indexOf(spot) + 1); wait++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        view = (await client.call('calibration_status')).result as CalibrationView;
      }
    }
    expect(view.session!.spots.map((s) => s.nodes.length >= 3)).toEqual([true, true, true, true]);
    const fitted = (node: string) => view.fit!.nodes.find((n) => n.node === node)?.fitted.distance_scale;
    expect(fitted('D4:8A:FC:10:00:05')).toBeLessThan(0.8);
    expect(fitted('E8:31:CD:20:00:01')).toBeGreaterThan(1.2);
    const cancelled = (await client.call('calibration_cancel')).result as CalibrationView;
    expect(cancelled.session).toBeNull();
  }, 30_000);
});

describe('personFor', () => {
  it('names a simulated device after the person its name ends with, unless the plan maps it', () => {
    const plan = loadConfigText('moving_entities:\n  entities:\n    device_tracker.bobs_watch:\n      device: watch_bob\n', 'plan').config!;
    expect(personFor('phone_alice', plan)).toEqual({ device: 'phone_alice', entityId: 'person.alice', name: 'Alice' });
    expect(personFor('watch_bob', plan)).toEqual({ device: 'watch_bob', entityId: 'device_tracker.bobs_watch', name: 'Bobs watch' });
  });
});

describe('floorplan demo', () => {
  it('refuses a port that is not one', async () => {
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(await runDemo(['--port', '99999'])).toBe(2);
    } finally {
      process.stderr.write = stderr;
    }
  });
});

describe('the demo stopping', () => {
  const start = async (): Promise<{ host: DemoHost; log: string[] }> => {
    const plan = (await loadConfigFile(EXAMPLE)).config!;
    const scenario = parseScenario(await readFile(SCENARIO, 'utf8'), SCENARIO, plan).scenario!;
    const log: string[] = [];
    const host = await DemoHost.start({ planFile: EXAMPLE, plan, scenario, seed: 1, speed: 10, log: (line) => log.push(line) });
    return { host, log };
  };

  it('removes its temporary copy of the plan', async () => {
    const { host } = await start();
    const folder = dirname(host.planFile);
    await host.stop();
    await expect(access(folder)).rejects.toThrow();
  });

  it('keeps the copy when the plan was edited in the demo, and says where', async () => {
    const { host, log } = await start();
    await appendFile(host.planFile, '# drawn in the card\n');
    await host.stop();
    expect(await readFile(host.planFile, 'utf8')).toContain('# drawn in the card');
    expect(log).toContain(`the plan edited in the demo is kept: ${host.planFile}`);
    await rm(dirname(host.planFile), { recursive: true, force: true });
  });
});
