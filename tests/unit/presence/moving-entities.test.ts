import { describe, expect, it } from 'vitest';
import type { Fix } from '../../../server/engine/types.ts';
import { movingEntityStates, noPositionReason, REASONS, type DeviceEvidence } from '../../../server/presence/moving-entities.ts';
import type { Proximity } from '../../../server/presence/proximity.ts';

function fix(t: number, accuracy: number, x = 1): Fix {
  return { t, device: 'd', coordinates: [x, 2, 1], accuracy, confidence: 0.8, floor: 'ground', room: 'kitchen', method: 'tracked', nodesUsed: ['n1', 'n2', 'n3'], residualRms: 0, iterations: 1 };
}

function proximity(node: string, distance: number, window: Proximity['window'] = 'near'): Proximity {
  return { node, nodeId: node.toUpperCase(), nodeName: null, distance, window };
}

const roomName = (id: string) => (id === 'kitchen' ? 'Kitchen' : null);

function device(overrides: Partial<DeviceEvidence> = {}): DeviceEvidence {
  return {
    key: 'aa:bb:cc:dd:ee:ff',
    entityId: 'person.alice',
    name: 'Alice',
    away: false,
    sensorsEnabled: 4,
    sensorsWithValue: 4,
    unmatchedScanners: [],
    nodesHearing: 4,
    fix: fix(100, 0.5),
    proximity: null,
    ...overrides,
  };
}

describe('why a moving entity has no position', () => {
  it('gives none when three or more nodes hear a device that has a fix', () => {
    expect(noPositionReason(device())).toBeNull();
  });

  it.each([
    ['away', { away: true }, REASONS.away],
    ['every distance sensor disabled', { sensorsEnabled: 0, sensorsWithValue: 0, nodesHearing: 0, fix: null }, REASONS.sensorsDisabled],
    ['every sensor unknown', { sensorsWithValue: 0, nodesHearing: 0, fix: null }, REASONS.sensorUnknown],
    ['heard by a scanner that is no node', { nodesHearing: 2, unmatchedScanners: ['11:22:33:44:55:66'] }, 'No beacon node matches scanner 11:22:33:44:55:66'],
    ['heard by two nodes', { nodesHearing: 2 }, REASONS.needThree],
  ] as const)('names the cause: %s', (_, overrides, reason) => {
    expect(noPositionReason(device(overrides))).toBe(reason);
  });
});

describe('moving entity states', () => {
  it('reports a position with its fix fields, and none with the reason', () => {
    const states = movingEntityStates([device(), device({ key: 'k2', entityId: 'bermuda.keys', name: 'Keys', nodesHearing: 2 })], roomName);
    expect(states.get('person.alice')).toEqual({
      entityId: 'person.alice',
      device: 'aa:bb:cc:dd:ee:ff',
      name: 'Alice',
      present: true,
      coordinates: [1, 2, 1],
      accuracy: 0.5,
      confidence: 0.8,
      floor: 'ground',
      room: 'kitchen',
      roomName: 'Kitchen',
      updatedAt: 100,
      reason: null,
      nodesUsed: ['n1', 'n2', 'n3'],
      proximity: null,
    });
    expect(states.get('bermuda.keys')).toMatchObject({ device: 'k2', coordinates: null, room: null, confidence: 0, updatedAt: null, reason: REASONS.needThree, nodesUsed: [] });
  });

  it('takes, of a person\'s devices, the newest position, then the most accurate', () => {
    const phone = device({ key: 'phone', fix: fix(100, 1.0, 1) });
    const watch = device({ key: 'watch', fix: fix(101, 2.0, 5) });
    expect(movingEntityStates([phone, watch], roomName).get('person.alice')).toMatchObject({ device: 'watch', coordinates: [5, 2, 1] });
    const sameTime = device({ key: 'watch', fix: fix(100, 0.4, 7) });
    expect(movingEntityStates([phone, sameTime], roomName).get('person.alice')!.coordinates![0]).toBe(7);
    const silent = device({ key: 'tag', nodesHearing: 0, sensorsWithValue: 0, fix: null });
    expect(movingEntityStates([silent, phone], roomName).get('person.alice')!.coordinates![0]).toBe(1);
  });

  it('gives the proximity of the device nearest to a node, whichever device gives the position', () => {
    const phone = device({ key: 'phone', fix: fix(101, 0.5), proximity: proximity('sofa', 2.5, 'medium') });
    const watch = device({ key: 'watch', nodesHearing: 2, fix: null, proximity: proximity('desk', 0.8) });
    for (const order of [[phone, watch], [watch, phone]]) {
      expect(movingEntityStates(order, roomName).get('person.alice')).toMatchObject({ device: 'phone', coordinates: [1, 2, 1], proximity: proximity('desk', 0.8) });
    }
    // Without any position the proximity is still there.
    const keys = device({ key: 'keys', entityId: 'bermuda.keys', nodesHearing: 1, fix: null, proximity: proximity('hall', 3, 'medium') });
    expect(movingEntityStates([keys], roomName).get('bermuda.keys')).toMatchObject({ coordinates: null, reason: REASONS.needThree, proximity: proximity('hall', 3, 'medium') });
  });

  it('drops the proximity of a device that is away, even while a node still hears it', () => {
    const away = device({ key: 'phone', away: true, proximity: proximity('door', 0.5) });
    expect(movingEntityStates([away], roomName).get('person.alice')!.proximity).toBeNull();
    const home = device({ key: 'watch', nodesHearing: 1, fix: null, proximity: proximity('desk', 2, 'medium') });
    expect(movingEntityStates([away, home], roomName).get('person.alice')!.proximity).toEqual(proximity('desk', 2, 'medium'));
  });

  it('calls a person away only when every device of theirs is away', () => {
    const away = device({ key: 'phone', away: true });
    const home = device({ key: 'watch', nodesHearing: 1 });
    expect(movingEntityStates([away, home], roomName).get('person.alice')).toMatchObject({ present: true, reason: REASONS.needThree });
    expect(movingEntityStates([away, device({ key: 'watch', away: true })], roomName).get('person.alice')).toMatchObject({ present: false, reason: REASONS.away });
  });
});
