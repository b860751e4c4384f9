/**
 * The stats card's watch on the live stream: it must say when someone arrives, leaves or changes
 * room, and stay quiet for the many events that only move a dot.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CardEntity, CardStreamEvent } from '../../../server/sinks/card/messages.ts';
import type { HomeAssistant } from '../../../card/ha/types.ts';
import { type Whereabouts, WhereaboutsWatch } from '../../../card/shared/whereabouts.ts';

const entity = (id: string, room: string | null, x = 1, present = true): CardEntity => ({
  entity_id: id,
  name: id,
  present,
  coordinates: present ? [x, 1, 1] : null,
  accuracy: 0.5,
  confidence: 0.8,
  floor: 'ground',
  room,
  room_name: room,
  last_seen: null,
  reason: null,
  nodes_used: [],
  ranges: [],
});

const positions = (entities: CardEntity[], removed: string[] = []): CardStreamEvent => ({ type: 'positions', entities, removed, nodes_heard: {} });

/** A watch on a stand-in connection whose events the test sends; `shown` is what the card shows. */
function watch(shown: Record<string, Whereabouts> | null) {
  let push: (event: CardStreamEvent) => void = () => undefined;
  const unsubscribe = vi.fn(async () => undefined);
  const subscribeMessage = vi.fn(async (callback: (event: CardStreamEvent) => void) => {
    push = callback;
    return unsubscribe;
  });
  const hass = { connection: { subscribeMessage } } as unknown as HomeAssistant;
  const onChange = vi.fn();
  const w = new WhereaboutsWatch((id) => (shown ? (shown[id] ?? { present: false, room: null }) : undefined), onChange);
  w.start(hass);
  return { w, hass, onChange, subscribeMessage, unsubscribe, send: (event: CardStreamEvent) => push(event) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve));

describe('stats card: whereabouts from the live stream', () => {
  it('says when someone changes room, and not when they only move within it', async () => {
    const { send, onChange } = watch({ 'person.bob': { present: true, room: 'kitchen' } });
    await flush();
    send(positions([entity('person.bob', 'kitchen', 1)]));
    send(positions([entity('person.bob', 'kitchen', 2)]));
    expect(onChange).not.toHaveBeenCalled();
    send(positions([entity('person.bob', 'hall', 3)]));
    expect(onChange).toHaveBeenCalledTimes(1);
    send(positions([entity('person.bob', 'hall', 4)]));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('compares an entity the stream first mentions with what the card shows', async () => {
    const { send, onChange } = watch({ 'person.bob': { present: true, room: 'kitchen' } });
    await flush();
    // Bob's first event already has him in the hall: the card shows the kitchen.
    send(positions([entity('person.bob', 'hall')]));
    expect(onChange).toHaveBeenCalledTimes(1);
    // Alice, away as far as the card knows, arrives.
    send(positions([entity('person.alice', 'hall')]));
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('says when someone leaves, by presence or by being removed', async () => {
    const shown = { 'person.bob': { present: true, room: 'kitchen' }, 'person.carol': { present: true, room: 'study' } };
    const { send, onChange } = watch(shown);
    await flush();
    send(positions([entity('person.bob', null, 1, false)]));
    expect(onChange).toHaveBeenCalledTimes(1);
    send(positions([], ['person.carol']));
    expect(onChange).toHaveBeenCalledTimes(2);
    // Someone who was not home going away changes nothing shown.
    send(positions([], ['tag.keys']));
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('without a summary yet, only learns: a change needs something to compare with', async () => {
    const { send, onChange } = watch(null);
    await flush();
    send(positions([entity('person.bob', 'kitchen')]));
    expect(onChange).not.toHaveBeenCalled();
    send(positions([entity('person.bob', 'hall')]));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('subscribes once, and after stop hears nothing more and unsubscribes', async () => {
    const { w, hass, send, onChange, subscribeMessage, unsubscribe } = watch({});
    w.start(hass);
    await flush();
    expect(subscribeMessage).toHaveBeenCalledTimes(1);
    expect(subscribeMessage.mock.calls[0]![1]).toEqual({ type: 'floorplan/subscribe' });
    w.stop();
    await flush();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    send(positions([entity('person.bob', 'hall')]));
    expect(onChange).not.toHaveBeenCalled();
  });
});
