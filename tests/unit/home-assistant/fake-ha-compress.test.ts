/** The fake's subscribe_entities compression: the diffs must be what the library decodes. */
import { describe, expect, it } from 'vitest';
import { compressState, entitiesEvent, initialEntitiesEvent, stateDiff } from '../../support/fake-ha/compress.ts';
import { StateMachine, type FakeState } from '../../support/fake-ha/states.ts';

function state(fields: Partial<FakeState>): FakeState {
  return {
    entity_id: 'sensor.phone_distance',
    state: '2.5',
    attributes: { unit_of_measurement: 'm', area: 'kitchen' },
    last_changed: 1710410000.25,
    last_updated: 1710410000.25,
    context: { id: '01HRXYZAAAAAAAAAAAAAAAAAAA', parent_id: null, user_id: null },
    ...fields,
  };
}

describe('compressed states', () => {
  it('sends the context as its id alone, and lu only when it differs from lc', () => {
    expect(compressState(state({}))).toEqual({
      s: '2.5',
      a: { unit_of_measurement: 'm', area: 'kitchen' },
      c: '01HRXYZAAAAAAAAAAAAAAAAAAA',
      lc: 1710410000.25,
    });
    const withUser = state({ last_updated: 1710410001.5, context: { id: 'X', parent_id: null, user_id: 'u1' } });
    expect(compressState(withUser)).toMatchObject({ c: { id: 'X', parent_id: null, user_id: 'u1' }, lu: 1710410001.5 });
  });

  it('diffs a state change: new value and lc, changed and removed attributes, new context id', () => {
    const before = state({});
    const after = state({
      state: '3.1',
      attributes: { unit_of_measurement: 'm', scanner: 'kitchen_proxy' },
      last_changed: 1710410005.5,
      last_updated: 1710410005.5,
      context: { id: 'NEW', parent_id: null, user_id: null },
    });
    expect(stateDiff(before, after)).toEqual({
      '+': { s: '3.1', lc: 1710410005.5, c: 'NEW', a: { scanner: 'kitchen_proxy' } },
      '-': { a: ['area'] },
    });
  });

  it('sends lu (not lc) for an attribute-only change, and a context object when user or parent change', () => {
    const before = state({});
    const after = state({
      attributes: { unit_of_measurement: 'm', area: 'hall' },
      last_updated: 1710410009,
      context: { id: 'NEW', parent_id: 'P', user_id: null },
    });
    expect(stateDiff(before, after)).toEqual({
      '+': { lu: 1710410009, c: { parent_id: 'P', id: 'NEW' }, a: { area: 'hall' } },
    });
  });

  it('turns the state machine changes into a, c and r events', () => {
    const machine = new StateMachine();
    const added = machine.set('sensor.a', '1', { x: 1 }, { time: 100 });
    expect(added && entitiesEvent(added)).toEqual({ a: { 'sensor.a': { s: '1', a: { x: 1 }, c: expect.any(String), lc: 100 } } });
    expect(machine.set('sensor.a', '1', { x: 1 }, { time: 101 })).toBeNull(); // no change, no event
    const changed = machine.set('sensor.a', '1', { x: 2 }, { time: 102 });
    expect(changed && entitiesEvent(changed)).toEqual({ c: { 'sensor.a': { '+': { lu: 102, c: expect.any(String), a: { x: 2 } } } } });
    const removed = machine.remove('sensor.a');
    expect(removed && entitiesEvent(removed)).toEqual({ r: ['sensor.a'] });
  });

  it('filters the first event by entity_ids', () => {
    const machine = new StateMachine();
    machine.set('sensor.a', '1');
    machine.set('sensor.b', '2');
    expect(Object.keys(initialEntitiesEvent(machine.all(), ['sensor.b']).a ?? {})).toEqual(['sensor.b']);
    expect(Object.keys(initialEntitiesEvent(machine.all()).a ?? {})).toEqual(['sensor.a', 'sensor.b']);
  });
});
