import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../server/config/load.ts';
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { Engine } from '../../../server/engine/engine.ts';
import { lnRangeSigma } from '../../../server/engine/rssi-model.ts';
import type { Fix, RawReading } from '../../../server/engine/types.ts';
import { movingEntityStates, type MovingEntityState } from '../../../server/presence/moving-entities.ts';
import { CardFeed } from '../../../server/sinks/card/feed.ts';

const PLAN = `floors:
  ground: {height: 2.6}
rooms:
  living: {name: Living room, floor: ground, boundaries: [[0, 0], [10, 0], [10, 8], [0, 8]]}
moving_entities:
  rssi_model: {noise_db: 5}
  beacon_nodes:
    "AA-00-00-00-00-01": {coordinates: [0, 0, 2]}
    "aa:00:00:00:00:02": {coordinates: [10, 0, 2], attenuation: 3.5}
    "AA:00:00:00:00:03": {coordinates: [10, 8, 2]}
    attic: {coordinates: [0, 8, 2]}
`;
const T0 = Date.UTC(2026, 10, 21, 9, 30) / 1000;
const NODES: [string, [number, number, number]][] = [
  ['aa:00:00:00:00:01', [0, 0, 2]],
  ['AA-00-00-00-00-02', [10, 0, 2]],
  ['aa:00:00:00:00:03', [10, 8, 2]],
];

describe('the card feed', () => {
  let config: FloorplanConfig;
  let engine: Engine;
  let now: number;
  let states: Map<string, MovingEntityState>;
  let feed: CardFeed;

  /** The phone heard from the three MAC nodes as standing at (x, y), at time t. */
  function hear(x: number, y: number, t: number): void {
    const readings: RawReading[] = NODES.map(([scanner, [nx, ny, nz]]) => ({ t, device: 'phone', scanner, distance: Math.hypot(x - nx, y - ny, 1 - nz) }));
    readings.push({ t, device: 'phone', scanner: 'ff:ff:ff:ff:ff:ff', distance: 1 });
    feed.recordReadings(readings);
    const [fix] = engine.processBatch(readings) as [Fix];
    const evidence = { key: 'phone', entityId: 'person.alice', name: 'Alice', away: false, sensorsEnabled: 3, sensorsWithValue: 3, unmatchedScanners: [], nodesHearing: 3, fix, proximity: null };
    states = movingEntityStates([evidence], (id) => config.rooms.find((r) => r.id === id)?.name ?? null);
    now = t;
  }

  beforeEach(() => {
    config = loadConfigText(PLAN, 'floorplan.yaml').config!;
    engine = new Engine(config);
    states = new Map();
    now = T0;
    feed = new CardFeed({ engine: () => engine, config: () => config, movingEntities: () => states, now: () => now });
  });

  it('shows each entity with the ranges behind its fix, their uncertainty and age, in the file\'s node ids', () => {
    hear(4, 3, T0);
    now = T0 + 2.5;
    const { entities, nodes_heard, timestamp } = feed.positions();
    expect(timestamp).toBe('2026-11-21T09:30:02.500Z');
    const [alice] = entities;
    expect(alice).toMatchObject({ entity_id: 'person.alice', name: 'Alice', present: true, floor: 'ground', room: 'living', room_name: 'Living room', reason: null, last_seen: '2026-11-21T09:30:00.000Z' });
    expect(alice!.coordinates![0]).toBeCloseTo(4, 0);
    expect(alice!.nodes_used.sort()).toEqual(['AA-00-00-00-00-01', 'AA:00:00:00:00:03', 'aa:00:00:00:00:02']);
    const range = (node: string) => alice!.ranges.find((r) => r.node === node)!;
    const distance = Math.hypot(4 - 10, 3, 1 - 2);
    expect(range('aa:00:00:00:00:02').distance).toBeCloseTo(distance, 3);
    // Sigma grows with the distance, by the node's own attenuation where it has one.
    expect(range('aa:00:00:00:00:02').sigma).toBeCloseTo(distance * lnRangeSigma(3.5, 5), 3);
    expect(range('AA-00-00-00-00-01').sigma).toBeCloseTo(range('AA-00-00-00-00-01').distance * lnRangeSigma(3, 5), 3);
    expect(range('AA:00:00:00:00:03').age).toBe(2.5);
    // A node never heard is listed as such; a scanner that is no node is not listed at all.
    expect(nodes_heard).toEqual({
      'AA-00-00-00-00-01': '2026-11-21T09:30:00.000Z',
      'aa:00:00:00:00:02': '2026-11-21T09:30:00.000Z',
      'AA:00:00:00:00:03': '2026-11-21T09:30:00.000Z',
      attic: null,
    });
  });

  it('streams only what changed since the last event, not ages that tick', () => {
    hear(4, 3, T0);
    const first = feed.changes()!;
    expect(first.type).toBe('positions');
    expect(first.entities.map((e) => e.entity_id)).toEqual(['person.alice']);
    expect(first.removed).toEqual([]);
    expect(first.nodes_heard['attic']).toBeNull();

    now = T0 + 5;
    expect(feed.changes()).toBeNull();

    hear(6, 3, T0 + 6);
    const moved = feed.changes()!;
    expect(moved.entities).toHaveLength(1);
    expect(moved.entities[0]!.coordinates![0]).toBeGreaterThan(first.entities[0]!.coordinates![0]);
    expect(moved.nodes_heard['AA-00-00-00-00-01']).toBe('2026-11-21T09:30:06.000Z');

    states = new Map();
    expect(feed.changes()).toEqual({ type: 'positions', entities: [], removed: ['person.alice'], nodes_heard: moved.nodes_heard });
    expect(feed.changes()).toBeNull();
  });

  it('streams a node heard again even when no entity changed', () => {
    hear(4, 3, T0);
    feed.changes();
    feed.recordReadings([{ t: T0 + 3, device: 'keys', scanner: 'attic', distance: 'unknown' }]);
    expect(feed.changes()).toMatchObject({ entities: [], removed: [], nodes_heard: { attic: '2026-11-21T09:30:03.000Z' } });
  });
});
