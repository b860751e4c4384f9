import { describe, expect, it, vi } from 'vitest';
import type { CardEntity, CardLayout, CardPositions, CardStreamEvent } from '../../../server/sinks/card/messages.ts';
import type { HomeAssistant } from '../../../card/ha/types.ts';
import { type DataChange, FloorplanData } from '../../../card/shared/data.ts';

const LAYOUT: CardLayout = { revision: 'r1', floors: [{ id: 'ground', min_height: 0, height: 2.6 }], rooms: [], nodes: [], static_entities: [], unplaced_scanners: [] };

const entity = (id: string, x: number): CardEntity => ({
  entity_id: id,
  name: id,
  present: true,
  coordinates: [x, 1, 1],
  accuracy: 0.5,
  confidence: 0.8,
  floor: 'ground',
  room: 'hall',
  room_name: 'Hall',
  last_seen: '2025-01-01T00:00:00Z',
  reason: null,
  nodes_used: [],
  ranges: [],
});

const flush = () => new Promise((resolve) => setTimeout(resolve));

/** A stand-in `hass` whose answers the test releases, and whose subscription it drives. */
function fakeHass() {
  const calls: { name: string; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
  let push: (event: CardStreamEvent) => void = () => undefined;
  const unsubscribe = vi.fn(async () => undefined);
  const subscribeMessage = vi.fn(async (callback: (event: CardStreamEvent) => void) => {
    push = callback;
    return unsubscribe;
  });
  const hass = {
    states: {},
    language: 'en',
    connection: { subscribeMessage },
    callWS: (message: Record<string, unknown>) => new Promise((resolve, reject) => calls.push({ name: message.name as string, resolve, reject })),
  } as unknown as HomeAssistant;
  const take = (name: string) => calls.splice(calls.findIndex((c) => c.name === name), 1)[0]!;
  const answer = async (name: string, value: unknown) => {
    take(name).resolve(value);
    await flush();
  };
  const refuse = async (name: string, error: unknown) => {
    take(name).reject(error);
    await flush();
  };
  return { hass, calls, push: (event: CardStreamEvent) => push(event), subscribeMessage, unsubscribe, answer, refuse };
}

const positions = (entities: CardEntity[], nodes_heard: Record<string, string | null> = {}): CardPositions => ({ entities, nodes_heard, timestamp: '' });

describe('card data', () => {
  it('reads layout and positions once and subscribes once, however often hass changes', async () => {
    const ha = fakeHass();
    const data = new FloorplanData(() => undefined);
    for (let i = 0; i < 20; i++) data.setHass({ ...ha.hass });
    await flush();
    expect(ha.calls.map((c) => c.name).sort()).toEqual(['card_layout', 'card_positions']);
    expect(ha.subscribeMessage).toHaveBeenCalledTimes(1);
    expect(ha.subscribeMessage.mock.calls[0]![1]).toEqual({ type: 'floorplan/subscribe' });
    await ha.answer('card_layout', LAYOUT);
    await ha.answer('card_positions', positions([entity('person.alice', 1)], { n1: '2025-01-01T00:00:00Z' }));
    expect(data.layout).toEqual(LAYOUT);
    expect([...data.entities.keys()]).toEqual(['person.alice']);
    expect(data.nodesHeard).toEqual({ n1: '2025-01-01T00:00:00Z' });
  });

  it('merges streamed positions, drops removed entities and refetches the layout when it changes', async () => {
    const ha = fakeHass();
    const changes: DataChange[] = [];
    const data = new FloorplanData((change) => changes.push(change));
    data.setHass(ha.hass);
    await flush();
    await ha.answer('card_positions', positions([entity('person.alice', 1), entity('person.bob', 2)]));
    ha.push({ type: 'positions', entities: [entity('person.alice', 5)], removed: ['person.bob'], nodes_heard: { n2: null } });
    expect(data.entities.get('person.alice')!.coordinates![0]).toBe(5);
    expect(data.entities.has('person.bob')).toBe(false);
    expect(data.nodesHeard).toEqual({ n2: null });
    expect(changes.at(-1)).toEqual({ kind: 'positions', changed: ['person.alice'], removed: ['person.bob'] });
    ha.push({ type: 'layout_changed', revision: 'r2' });
    expect(ha.calls.map((c) => c.name)).toContain('card_layout');
  });

  it('keeps the last picture while the sidecar is away and refetches positions when it is back', async () => {
    const ha = fakeHass();
    const data = new FloorplanData(() => undefined);
    data.setHass(ha.hass);
    await flush();
    await ha.answer('card_layout', LAYOUT);
    await ha.answer('card_positions', positions([entity('person.alice', 1)]));
    ha.push({ type: 'connected', connected: true });
    expect(ha.calls).toEqual([]);
    ha.push({ type: 'connected', connected: false });
    expect(data.sidecarConnected).toBe(false);
    expect(data.entities.size).toBe(1);
    expect(data.layout).toEqual(LAYOUT);
    ha.push({ type: 'connected', connected: true });
    expect(ha.calls.map((c) => c.name)).toEqual(['card_positions']);
    await ha.answer('card_positions', positions([entity('person.alice', 3)]));
    expect(data.entities.get('person.alice')!.coordinates![0]).toBe(3);
    expect(data.sidecarConnected).toBe(true);
  });

  it('does not let an older snapshot undo positions streamed while it was on its way', async () => {
    const ha = fakeHass();
    const data = new FloorplanData(() => undefined);
    data.setHass(ha.hass);
    await flush();
    ha.push({ type: 'positions', entities: [entity('person.alice', 9)], removed: [], nodes_heard: {} });
    await ha.answer('card_positions', positions([entity('person.alice', 1), entity('person.bob', 2)]));
    expect(data.entities.get('person.alice')!.coordinates![0]).toBe(9);
    expect(data.entities.get('person.bob')!.coordinates![0]).toBe(2);
  });

  it('explains errors instead of throwing, and treats "not connected" as the sidecar being away', async () => {
    const ha = fakeHass();
    const data = new FloorplanData(() => undefined);
    data.setHass(ha.hass);
    await flush();
    await ha.refuse('card_layout', { code: 'not_set_up', message: 'Floorplan is not set up' });
    expect(data.error).toMatch(/integration is not set up: add it under Settings/);
    await ha.refuse('card_positions', { code: 'not_connected', message: 'no sidecar' });
    expect(data.sidecarConnected).toBe(false);
    expect(data.error).toMatch(/integration is not set up: add it under Settings/);

    const missing = fakeHass();
    const other = new FloorplanData(() => undefined);
    other.setHass(missing.hass);
    await flush();
    await missing.refuse('card_layout', { code: 'unknown_command', message: 'Unknown command.' });
    expect(other.error).toMatch(/install and set up the Floorplan Presence integration/);
  });

  it('unsubscribes when stopped, ignores late answers, and reads everything again when restarted', async () => {
    const ha = fakeHass();
    const data = new FloorplanData(() => undefined);
    data.setHass(ha.hass);
    await flush();
    data.stop();
    await flush();
    expect(ha.unsubscribe).toHaveBeenCalledTimes(1);
    await ha.answer('card_layout', LAYOUT);
    await ha.answer('card_positions', positions([entity('person.alice', 1)]));
    expect(data.layout).toBeNull();
    ha.push({ type: 'positions', entities: [entity('person.alice', 1)], removed: [], nodes_heard: {} });
    expect(data.entities.size).toBe(0);
    data.setHass(ha.hass);
    await flush();
    expect(ha.subscribeMessage).toHaveBeenCalledTimes(2);
    expect(ha.calls.map((c) => c.name).sort()).toEqual(['card_layout', 'card_positions']);
  });
});
