import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore, fileSource } from '../../../server/config/store.ts';
import type { FloorplanConfig } from '../../../server/config/types.ts';
import type { MovingEntityState } from '../../../server/presence/moving-entities.ts';
import { callService, type ServiceHost } from '../../../server/services/dispatch.ts';
import type { ServiceError } from '../../../server/services/errors.ts';
import { idleCalibration } from '../../support/calibration.ts';
import { serviceError } from '../../support/service-error.ts';

const EXAMPLE = new URL('../../../floorplan/example.yaml', import.meta.url);

function alice(overrides: Partial<MovingEntityState> = {}): MovingEntityState {
  return {
    entityId: 'person.alice',
    device: 'c0:ff:ee:00:00:01',
    name: 'Alice',
    present: true,
    coordinates: [7.91234, 5.0249, 1],
    accuracy: 0.61234,
    confidence: 0.8123,
    floor: 'ground',
    room: 'kitchen',
    roomName: 'Kitchen',
    updatedAt: Date.UTC(2026, 10, 21, 9, 30, 12, 345) / 1000,
    reason: null,
    nodesUsed: [],
    proximity: { node: 'd4:8a:fc:10:00:05', nodeId: 'D4:8A:FC:10:00:05', nodeName: 'Kitchen', distance: 1.23456, window: 'near' },
    ...overrides,
  };
}

describe('floorplan services', () => {
  let dir: string;
  let file: string;
  let host: ServiceHost & { applied: FloorplanConfig[]; moving: Map<string, MovingEntityState> };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floorplan-services-'));
    file = join(dir, 'floorplan.yaml');
    await copyFile(EXAMPLE, file);
    const store = new ConfigStore(fileSource(file));
    await store.load();
    const moving = new Map<string, MovingEntityState>([
      ['person.alice', alice()],
      ['bermuda.keys', alice({ entityId: 'bermuda.keys', name: 'Keys', coordinates: null, accuracy: null, confidence: 0, floor: null, room: null, roomName: null, updatedAt: null, reason: 'Need 3+ beacons', proximity: { node: 'office-proxy', nodeId: 'office-proxy', nodeName: null, distance: 3.5, window: 'medium' } })],
    ]);
    const applied: FloorplanConfig[] = [];
    host = {
      store,
      applied,
      moving,
      queryContext: () => ({ config: store.config, movingEntities: moving, now: Date.UTC(2026, 10, 21, 9, 31) / 1000 }),
      configChanged: (config) => void applied.push(config),
      status: () => ({ connection: 'test' }),
      enableSensors: async () => ({ enabled: [] }),
      cardPositions: () => ({ entities: [], nodes_heard: {}, timestamp: '2026-11-21T09:31:00.000Z' }),
      unplacedScanners: () => [],
      calibration: idleCalibration(store),
    };
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const call = (name: string, data: unknown = {}) => callService(host, name, data);
  const failure = (name: string, data: unknown): Promise<ServiceError> => serviceError(call(name, data));

  it('answers get_moving_entity_coordinates in the Python integration\'s shape, rounded, with ISO UTC times', async () => {
    expect(await call('get_moving_entity_coordinates', { entity_id: 'person.alice' })).toEqual({
      entity_id: 'person.alice',
      coordinates: [7.912, 5.025, 1],
      confidence: 0.812,
      accuracy: 0.612,
      floor: 'ground',
      room: 'kitchen',
      last_updated: '2026-11-21T09:30:12.345Z',
      nearest_node: 'Kitchen',
      nearest_node_id: 'D4:8A:FC:10:00:05',
      nearest_distance: 1.235,
      proximity: 'near',
    });
  });

  it('gives coordinates null with a reason, not an error, for a device without a position or an unknown entity', async () => {
    // Fewer than three nodes: no position, but the nearest node (named by its id when it has no name).
    expect(await call('get_moving_entity_coordinates', { entity_id: 'bermuda.keys' })).toMatchObject({
      coordinates: null,
      reason: 'Need 3+ beacons',
      nearest_node: 'office-proxy',
      nearest_node_id: 'office-proxy',
      nearest_distance: 3.5,
      proximity: 'medium',
    });
    expect(await call('get_moving_entity_coordinates', { entity_id: 'person.nobody' })).toEqual({
      entity_id: 'person.nobody',
      coordinates: null,
      confidence: 0,
      accuracy: null,
      floor: null,
      room: null,
      last_updated: null,
      nearest_node: null,
      nearest_node_id: null,
      nearest_distance: null,
      proximity: null,
      reason: 'Device not tracked by Bermuda',
    });
  });

  it('lists every moving entity with a count and a timestamp', async () => {
    const all = (await call('get_all_moving_entity_coordinates')) as { moving_entities: Record<string, { coordinates: unknown }>; count: number; timestamp: string };
    expect(Object.keys(all.moving_entities)).toEqual(['person.alice', 'bermuda.keys']);
    expect(all.moving_entities['bermuda.keys']!.coordinates).toBeNull();
    expect(all.count).toBe(2);
    expect(all.timestamp).toBe('2026-11-21T09:31:00.000Z');
  });

  it('answers the floor plan queries from floorplan.yaml', async () => {
    const nodes = (await call('get_beacon_nodes')) as { nodes: Record<string, number[]>; count: number };
    expect(nodes.count).toBe(11);
    expect(nodes.nodes['D4:8A:FC:10:00:01']).toEqual([0.4, 0.4, 1]);
    const first = (await call('get_rooms_by_floor', { floor_id: 'first' })) as { rooms: { id: string; area: string | null }[]; count: number; floor_height: number; floor_min_height: number };
    expect(first.rooms.map((r) => r.id)).toEqual(['landing', 'main_bedroom', 'office', 'second_bedroom', 'bathroom']);
    expect([first.count, first.floor_height, first.floor_min_height]).toEqual([5, 5.4, 2.6]);
    expect((await failure('get_rooms_by_floor', { floor_id: 'attic' })).message).toBe('unknown floor `attic` (floors: ground, first)');
    expect(await call('get_entity_coordinates', { entity_id: 'light.kitchen' })).toEqual({ entity_id: 'light.kitchen', coordinates: [8.5, 6.5, 2.55] });
    expect(await call('get_entity_coordinates', { entity_id: 'person.alice' })).toEqual({ entity_id: 'person.alice', coordinates: [7.912, 5.025, 1] });
    expect(await call('get_entity_coordinates', { entity_id: 'light.nowhere' })).toEqual({ entity_id: 'light.nowhere', coordinates: null });
    const all = (await call('get_all_entity_coordinates')) as { count: number; beacon_nodes: Record<string, unknown>; beacon_nodes_count: number };
    expect(all.count).toBe(3);
    expect(all.beacon_nodes_count).toBe(11);
    expect(all.beacon_nodes['office-proxy']).toEqual({ coordinates: [0.3, 7.7, 3.6], name: 'Office proxy' });
  });

  it('adds, moves and deletes beacon nodes in the file, keeping its comments, and applies the new config', async () => {
    expect(await call('add_beacon_node', { node_id: 'AA:BB:CC:00:00:01', coordinates: [1, 2, '2.5'], name: 'Attic' })).toEqual({
      node_id: 'AA:BB:CC:00:00:01',
      coordinates: [1, 2, 2.5],
    });
    expect(await call('update_beacon_node', { node_id: 'aa-bb-cc-00-00-01', coordinates: [3, 2, 2.5] })).toEqual({ node_id: 'AA:BB:CC:00:00:01', coordinates: [3, 2, 2.5] });
    let text = await readFile(file, 'utf8');
    expect(text).toContain('# living room, bookshelf');
    expect(text).toContain('"AA:BB:CC:00:00:01": {name: Attic, coordinates: [3, 2, 2.5]}');
    expect(host.applied.at(-1)!.beaconNodes.find((n) => n.key === 'aa:bb:cc:00:00:01')!.coordinates).toEqual([3, 2, 2.5]);
    expect(await call('delete_beacon_node', { node_id: 'D4:8A:FC:10:00:02' })).toEqual({ node_id: 'D4:8A:FC:10:00:02' });
    text = await readFile(file, 'utf8');
    expect(text).not.toContain('dining room, top of the dresser');
    expect(text).toContain('# hall, above the front door');
    expect(host.applied.at(-1)!.beaconNodes).toHaveLength(11);
  });

  it('refuses bad node edits with a message naming the field, leaving the file as it was', async () => {
    const before = await readFile(file, 'utf8');
    expect((await failure('add_beacon_node', { node_id: 'd4-8a-fc-10-00-01', coordinates: [1, 2, 3] })).message).toMatch(/already exists \(written `D4:8A:FC:10:00:01`\)/);
    expect((await failure('add_beacon_node', { node_id: 'x', coordinates: [1, 2] })).message).toBe('`coordinates` must be three numbers [x, y, z] in metres, got [1,2]');
    expect((await failure('add_beacon_node', { coordinates: [1, 2, 3] })).message).toBe('missing required field `node_id`');
    expect((await failure('update_beacon_node', { node_id: 'ghost', coordinates: [1, 2, 3] })).message).toMatch(/^unknown beacon node `ghost` \(nodes: D4:8A:FC:10:00:01, /);
    expect((await failure('delete_beacon_node', { node_id: '' })).code).toBe('invalid');
    expect((await failure('no_such_service', {})).message).toMatch(/^unknown floorplan service `no_such_service`/);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(host.applied).toEqual([]);
  });

  it('refuses an edit when the file was changed on disk into something that does not load', async () => {
    await writeFile(file, 'rooms:\n  hall: {floor: nowhere, boundaries: [[0, 0], [1, 0], [1, 1]]}\n');
    const err = await failure('add_beacon_node', { node_id: 'n1', coordinates: [1, 2, 3] });
    expect(err.code).toBe('failed');
    expect(err.message).toMatch(/^not editing .*: it has errors; fix them first/);
  });

  it('reloads the file on request, and keeps the config in use when the file is broken', async () => {
    await writeFile(file, 'floors:\n  ground: {height: 3}\n');
    expect(await call('reload')).toEqual({ beacon_nodes: 0, rooms: 0, floors: 1 });
    await writeFile(file, 'floors:\n  ground: {height: -3}\n');
    const err = await failure('reload', {});
    expect(err.message).toMatch(/has 1 error; keeping the configuration in use\. First: line 2: floors\.ground\.height/);
    expect(host.store.config.floors).toEqual([{ id: 'ground', height: 3 }]);
  });
});
