import { describe, expect, it } from 'vitest';
import type { MovingEntityState } from '../../../server/presence/moving-entities.ts';
import { UpdateThrottle } from '../../../server/sinks/home-assistant/update-throttle.ts';

function state(x: number, overrides: Partial<MovingEntityState> = {}): MovingEntityState {
  return { entityId: 'person.alice', device: 'phone', name: 'Alice', present: true, coordinates: [x, 1, 1], accuracy: 0.5, confidence: 0.8, floor: 'ground', room: 'kitchen', roomName: 'Kitchen', updatedAt: 0, reason: null, nodesUsed: [], proximity: null, ...overrides };
}

const sentXs = (throttle: UpdateThrottle, s: MovingEntityState, now: number) => throttle.select([s], now).map((d) => d.coordinates?.[0] ?? null);

describe('update throttle', () => {
  it('sends the first state, then only moves of 0.3 m or more from the last one sent', () => {
    const throttle = new UpdateThrottle();
    expect(sentXs(throttle, state(1, { updatedAt: 1 }), 1)).toEqual([1]);
    expect(sentXs(throttle, state(1.2, { updatedAt: 2 }), 2)).toEqual([]);
    // 0.25 m from the last sent, though each step was small: still jitter.
    expect(sentXs(throttle, state(1.25, { updatedAt: 3 }), 3)).toEqual([]);
    expect(sentXs(throttle, state(1.31, { updatedAt: 4 }), 4)).toEqual([1.31]);
  });

  it('refreshes a still position after 30 s, but not an unchanged one', () => {
    const throttle = new UpdateThrottle();
    throttle.select([state(1, { updatedAt: 1 })], 1);
    expect(sentXs(throttle, state(1.1, { updatedAt: 20 }), 20)).toEqual([]);
    expect(sentXs(throttle, state(1.1, { updatedAt: 31 }), 31)).toEqual([1.1]);
    expect(sentXs(throttle, state(1.1, { updatedAt: 31 }), 70)).toEqual([]);
  });

  it('always sends a change of room, floor, presence or reason, and the loss of a position', () => {
    const throttle = new UpdateThrottle();
    throttle.select([state(1)], 0);
    expect(sentXs(throttle, state(1.05, { room: 'hall' }), 1)).toEqual([1.05]);
    expect(sentXs(throttle, state(1.05, { room: 'hall', floor: 'first' }), 2)).toEqual([1.05]);
    expect(sentXs(throttle, state(1.05, { room: 'hall', floor: 'first', present: false }), 3)).toEqual([1.05]);
    expect(sentXs(throttle, state(0, { coordinates: null, room: null, floor: 'first', present: false, reason: 'Need 3+ beacons' }), 4)).toEqual([null]);
  });

  it('sends a change of nearest node or window at once, and a changed distance without a position after 30 s', () => {
    const throttle = new UpdateThrottle();
    const near = (node: string, distance: number, window: 'near' | 'medium' | 'far') =>
      state(0, { coordinates: null, room: null, floor: null, updatedAt: null, reason: 'Need 3+ beacons', proximity: { node, nodeId: node, nodeName: null, distance, window } });
    const sent = (s: MovingEntityState, now: number) => throttle.select([s], now).map((d) => d.proximity && [d.proximity.node, d.proximity.window]);
    expect(sent(near('desk', 1, 'near'), 0)).toEqual([['desk', 'near']]);
    expect(sent(near('desk', 1.2, 'near'), 1)).toEqual([]);
    expect(sent(near('desk', 2, 'medium'), 2)).toEqual([['desk', 'medium']]);
    expect(sent(near('sofa', 2, 'medium'), 3)).toEqual([['sofa', 'medium']]);
    expect(sent(near('sofa', 2.3, 'medium'), 20)).toEqual([]);
    expect(sent(near('sofa', 2.3, 'medium'), 33)).toEqual([['sofa', 'medium']]);
    expect(sent(near('sofa', 2.3, 'medium'), 70)).toEqual([]);
  });

  it('sends everything again after a reset (a re-attach)', () => {
    const throttle = new UpdateThrottle();
    throttle.select([state(1)], 0);
    throttle.reset();
    expect(sentXs(throttle, state(1), 1)).toEqual([1]);
  });
});
