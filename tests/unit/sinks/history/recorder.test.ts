import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MovingEntityState } from '../../../../server/presence/moving-entities.ts';
import type { PresenceSnapshot } from '../../../../server/presence/types.ts';
import { currentSubjects, HistoryRecorder } from '../../../../server/sinks/history/recorder.ts';
import { HistoryStore } from '../../../../server/sinks/history/store.ts';

function state(overrides: Partial<MovingEntityState> = {}): MovingEntityState {
  return {
    entityId: 'person.alice',
    device: 'aa:bb',
    name: 'Alice',
    present: true,
    coordinates: [8, 6, 1],
    accuracy: 0.8,
    confidence: 0.9,
    floor: 'ground',
    room: 'kitchen',
    roomName: 'Kitchen',
    updatedAt: 100,
    reason: null,
    nodesUsed: [],
    proximity: null,
    ...overrides,
  };
}

const states = (...list: MovingEntityState[]): Map<string, MovingEntityState> => new Map(list.map((s) => [s.entityId, s]));

describe('the history recorder', () => {
  let dir: string;
  let store: HistoryStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floorplan-recorder-'));
    store = HistoryStore.open({ file: join(dir, 'history.sqlite'), names: false, log: () => {} });
  });
  afterEach(async () => {
    store.close(1000);
    await rm(dir, { recursive: true, force: true });
  });

  it('records a transition when home, room or floor changes, and positions at most once a second', () => {
    const recorder = new HistoryRecorder(store);
    const feed = (t: number, ...list: MovingEntityState[]): void => recorder.record(t, currentSubjects(states(...list), null));
    feed(100.2, state());
    feed(100.7, state({ coordinates: [8.2, 6, 1] }));
    feed(101.1, state({ coordinates: [8.4, 6, 1] }));
    feed(102, state({ room: 'hall', coordinates: [6, 4, 1] }));
    feed(102.5, state({ room: null, floor: null, coordinates: null, reason: 'Need 3+ beacons' }));
    feed(103, state({ present: false, room: null, floor: null, coordinates: null, reason: 'Device is away' }));
    feed(104);
    store.flush();

    const alice = store.hash('person.alice');
    expect(store.transitions(0, 200)).toEqual([
      { t: 100.2, subject: alice, home: true, room: 'kitchen', floor: 'ground' },
      { t: 102, subject: alice, home: true, room: 'hall', floor: 'ground' },
      { t: 102.5, subject: alice, home: true, room: null, floor: null },
      { t: 103, subject: alice, home: false, room: null, floor: null },
      // Gone from the moving entities: not known from here on.
      { t: 104, subject: alice, home: null, room: null, floor: null },
    ]);
    expect([...store.eachPosition(0, 200)].map((p) => [p.t, p.x])).toEqual([
      [100, 8],
      [101, 8.4],
      [102, 6],
    ]);
  });

  it('takes who is home and where from the presence stage when there is one, and positions from the moving entities', () => {
    const device = { name: 'Alice', state: 'home', lastSeen: 99, since: 50 };
    // The presence stage leaves out fixed reference tags, and holds Alice home for a while after she was last heard.
    const presence = { devices: [{ ...device, entityId: 'person.alice', home: true, room: 'kitchen', floor: 'ground' }] } as PresenceSnapshot;
    const heardNowhere = state({ present: false, room: null, floor: null, coordinates: null });
    const tag = state({ entityId: 'device_tracker.reference_tag', name: 'Tag' });
    expect(currentSubjects(states(heardNowhere, tag), presence)).toEqual([{ entityId: 'person.alice', name: 'Alice', home: true, room: 'kitchen', floor: 'ground', coordinates: null }]);
    expect(currentSubjects(states(state(), tag), presence)).toEqual([{ entityId: 'person.alice', name: 'Alice', home: true, room: 'kitchen', floor: 'ground', coordinates: [8, 6, 1] }]);
    expect(currentSubjects(states(state()), null)).toEqual([{ entityId: 'person.alice', name: 'Alice', home: true, room: 'kitchen', floor: 'ground', coordinates: [8, 6, 1] }]);
  });
});
