/**
 * The card in Chromium, fed through a mock `hass` with the example house (two floors, 11 rooms,
 * 11 nodes) and scripted positions: what a user sees and does on it.
 */
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../server/config/types.ts';
import type { CardEntity, CardLayout, PlanEdit, Point2 } from '../../server/sinks/card/messages.ts';
import { contrast, over, parseColour, type Rgba } from './support/colour.ts';
import { walkers } from './support/fixtures.ts';
import {
  boxCentre,
  centres,
  DETAILS,
  DISCONNECTED,
  ENTITY,
  entity,
  offsetMetres,
  pixelsPerMetre,
  planToScreen,
  RANGE,
  rangeOf,
  ROOM,
  ROOM_LABEL,
  tab,
} from './support/plan.ts';
import { useBrowser, type BrowserTest } from './support/suite.ts';

const browser = useBrowser();
const CARD = { type: 'custom:floorplan-presence-card' };
/** How far a marker may be from where its coordinates project: 0.15 m is ~7 px on a 600 px card. */
const TOLERANCE_M = 0.15;

function roomsOn(test: BrowserTest, floor: string) {
  return test.sidecar.store.config.rooms.filter((r) => r.floor === floor);
}

async function drawnRooms(test: BrowserTest): Promise<string[]> {
  return (await test.card.card.locator(ROOM).evaluateAll((rooms: { getAttribute(n: string): string | null }[]) => rooms.map((r) => r.getAttribute('data-room-id')!))).sort();
}

const idsOf = (items: readonly { id: string }[]): string[] => items.map((i) => i.id).sort();

/** The largest distance, in metres, between a marker and where its entity's coordinates are drawn. */
async function worstOffset(test: BrowserTest, entities: readonly CardEntity[]): Promise<number> {
  const map = await planToScreen(test.card.card, roomsOn(test, 'ground'));
  const drawn = await centres(test.card.card);
  return Math.max(
    ...entities.map((e) => {
      const at = drawn[e.entity_id];
      return at ? offsetMetres(map, at, e.coordinates!) : Infinity;
    }),
  );
}

/** The latest state of each entity in a list of updates. */
function latest(updates: readonly CardEntity[]): CardEntity[] {
  return [...new Map(updates.map((e) => [e.entity_id, e])).values()];
}

describe('the card draws moving entities where the sidecar places them', () => {
  it('draws the rooms of the first floor and no marker when nobody is tracked', async () => {
    const test = browser();
    await test.card.mount({ config: CARD });
    await expect.poll(() => drawnRooms(test)).toEqual(idsOf(roomsOn(test, 'ground')));
    expect(await test.card.card.locator(ENTITY).count()).toBe(0);
    expect(await test.card.harness('calls')).toEqual(expect.arrayContaining(['card_layout', 'card_positions']));
    await test.card.screenshot('card-empty');
  });

  it('draws one entity at its coordinates', async () => {
    const test = browser();
    const alice = test.factory.located('person.alice', [2.5, 2, 1]);
    test.sidecar.positions = test.factory.positions([alice]);
    await test.card.mount({ config: CARD });
    await expect.poll(() => test.card.card.locator(ENTITY).count()).toBe(1);
    expect(await worstOffset(test, [alice])).toBeLessThan(TOLERANCE_M);
  });

  it('draws 100 moving entities and follows each one as new positions stream in', async () => {
    const test = browser();
    const { initial, schedule } = walkers(test.factory, { count: 100, seconds: 2, hz: 1, batchMs: 100 });
    test.sidecar.positions = test.factory.positions(initial);
    await test.card.mount({ config: CARD });
    await expect.poll(() => test.card.card.locator(ENTITY).count()).toBe(100);
    expect(await worstOffset(test, initial)).toBeLessThan(TOLERANCE_M);

    await test.card.harness('replay', schedule);
    const last = latest(schedule.flatMap((s) => (s.event.type === 'positions' ? s.event.entities : [])));
    expect(last).toHaveLength(100);
    // Markers glide to each fix (at most 2 s), then rest where the last one put them.
    await expect.poll(() => worstOffset(test, last), { timeout: 5_000 }).toBeLessThan(TOLERANCE_M);
    expect(await test.card.card.locator(ENTITY).count()).toBe(100);
    await test.card.screenshot('card-100-entities');
  });

  it('removes the marker of an entity the sidecar no longer reports', async () => {
    const test = browser();
    const [alice, bob] = [test.factory.located('person.alice', [2, 2, 1]), test.factory.located('person.bob', [8, 6, 1])];
    test.sidecar.positions = test.factory.positions([alice, bob]);
    await test.card.mount({ config: CARD });
    await expect.poll(() => test.card.card.locator(ENTITY).count()).toBe(2);
    await test.card.push(test.factory.event([], ['person.bob']));
    await expect.poll(() => test.card.card.locator(ENTITY).count()).toBe(1);
    await expect.poll(() => test.card.card.locator(entity('person.alice')).count()).toBe(1);
  });
});

describe('plan changes', () => {
  it('redraws the plan when floorplan.yaml changes', async () => {
    const test = browser();
    await test.card.mount({ config: CARD });
    const node = test.card.card.locator('svg.plan g.node[data-node-id="D4:8A:FC:10:00:01"]');
    await node.waitFor();

    // An edit made elsewhere (another browser's editor): the sidecar streams layout_changed.
    const { revision } = (await test.sidecar.handle('card_layout', {})) as CardLayout;
    const pantry: Point2[] = [[10, 5], [11, 5], [11, 6], [10, 6]];
    const edits: PlanEdit[] = [
      { op: 'set_node', id: 'D4:8A:FC:10:00:01', coordinates: [2, 1.5, 1] },
      { op: 'set_room', id: 'pantry', floor: 'ground', boundaries: pantry, name: 'Pantry' },
    ];
    await test.sidecar.handle('card_edit', { revision, edits });

    await expect.poll(() => drawnRooms(test)).toContain('pantry');
    const map = await planToScreen(test.card.card, roomsOn(test, 'ground'));
    expect(offsetMetres(map, boxCentre((await node.boundingBox())!), [2, 1.5])).toBeLessThan(TOLERANCE_M);
  });

  it('names a U-shaped room inside it, not in the notch where its centroid falls', async () => {
    const test = browser();
    await test.card.mount({ config: CARD });
    await test.card.card.locator(ROOM_LABEL).first().waitFor();
    const { revision } = (await test.sidecar.handle('card_layout', {})) as CardLayout;
    // Two 1 m arms on a 1 m bar: the centroid is (12, 1.36), in the notch between the arms.
    const garden: Point2[] = [[10.5, 0], [13.5, 0], [13.5, 3], [12.5, 3], [12.5, 1], [11.5, 1], [11.5, 3], [10.5, 3]];
    await test.sidecar.handle('card_edit', { revision, edits: [{ op: 'set_room', id: 'garden', floor: 'ground', boundaries: garden, name: 'Garden' }] });
    const label = test.card.card.locator(ROOM_LABEL, { hasText: 'Garden' });
    await label.waitFor();
    const map = await planToScreen(test.card.card, roomsOn(test, 'ground'));
    const at = boxCentre((await label.boundingBox())!);
    // On the centroid's line, half way across the first arm it crosses.
    expect(offsetMetres(map, at, [11, 9.5 / 7])).toBeLessThan(TOLERANCE_M);
  });
  it('shows every person’s chip on a phone’s card, wrapped onto more rows, none cut off', async () => {
    const test = browser();
    const people = ['person.alice', 'person.bob', 'person.carol', 'person.dave'];
    test.sidecar.positions = test.factory.positions(people.map((id, i) => test.factory.located(id, [1 + 2 * i, 2, i < 2 ? 1 : 3.6])));
    await test.card.mount({ config: CARD, width: 340 });
    const chips = test.card.card.locator('.chips button.chip');
    await expect.poll(() => chips.count()).toBe(people.length);
    const card = (await test.card.card.boundingBox())!;
    const boxes = await Promise.all((await chips.all()).map(async (chip) => (await chip.boundingBox())!));
    for (const b of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(card.x);
      expect(b.x + b.width).toBeLessThanOrEqual(card.x + card.width + 0.5);
    }
    expect(new Set(boxes.map((b) => Math.round(b.y))).size).toBeGreaterThan(1);
  });

  it('moves a room’s name clear of the ceiling light drawn at its middle', async () => {
    const test = browser();
    await test.card.mount({ config: CARD });
    // The example house's living room light hangs at the room's middle, (2.5, 2.25).
    const light = test.card.card.locator('svg.plan g.static[data-static-id="light.living_room"]');
    const label = test.card.card.locator(ROOM_LABEL, { hasText: 'Living room' });
    await light.waitFor();
    const [lightBox, labelBox] = [(await light.boundingBox())!, (await label.boundingBox())!];
    const apart = labelBox.y >= lightBox.y + lightBox.height || lightBox.y >= labelBox.y + labelBox.height;
    expect(apart).toBe(true);
    // Still the room's name at its middle: centred under the light, within a line or two.
    expect(Math.abs(boxCentre(labelBox)[0] - boxCentre(lightBox)[0])).toBeLessThan(2);
    expect(labelBox.y - (lightBox.y + lightBox.height)).toBeLessThan(10);
  });
});

describe('floors', () => {
  it('shows one floor at a time, and a tab switches to another', async () => {
    const test = browser();
    test.sidecar.positions = test.factory.positions([
      test.factory.located('person.alice', [2, 2, 1]),
      test.factory.located('person.bob', [2, 6, 3.6]),
    ]);
    await test.card.mount({ config: CARD });
    await expect.poll(() => drawnRooms(test)).toEqual(idsOf(roomsOn(test, 'ground')));
    await expect.poll(() => test.card.card.locator(ENTITY).count()).toBe(1);
    expect(await test.card.card.locator(entity('person.alice')).count()).toBe(1);
    expect(await test.card.card.locator(tab('ground')).getAttribute('aria-selected')).toBe('true');

    await test.card.card.locator(tab('first')).click();
    await expect.poll(() => drawnRooms(test)).toEqual(idsOf(roomsOn(test, 'first')));
    expect(await test.card.card.locator(tab('first')).getAttribute('aria-selected')).toBe('true');
    expect(await test.card.card.locator(tab('ground')).getAttribute('aria-selected')).toBe('false');
    await expect.poll(() => test.card.card.locator(ENTITY).count()).toBe(1);
    expect(await test.card.card.locator(entity('person.bob')).count()).toBe(1);
    await test.card.screenshot('card-first-floor');
  });

  it('switches floor with the followed entity when it changes floor', async () => {
    const test = browser();
    const downstairs: Vec3 = [6, 4, 1];
    const upstairs: Vec3 = [6, 4, 3.6];
    test.sidecar.positions = test.factory.positions([
      test.factory.located('person.alice', downstairs),
      test.factory.located('person.bob', [2, 6, 3.6]),
    ]);
    await test.card.mount({ config: { ...CARD, follow: 'person.alice' } });
    await expect.poll(() => drawnRooms(test)).toEqual(idsOf(roomsOn(test, 'ground')));

    // Someone else going upstairs changes nothing; the followed person does.
    await test.card.push(test.factory.event([test.factory.located('person.bob', [3, 6, 3.6])]));
    await test.card.push(test.factory.event([test.factory.located('person.alice', upstairs)]));
    await expect.poll(() => drawnRooms(test)).toEqual(idsOf(roomsOn(test, 'first')));
    await expect.poll(() => test.card.card.locator(entity('person.alice')).count()).toBe(1);
    expect(await test.card.card.locator(tab('first')).getAttribute('aria-selected')).toBe('true');

    await test.card.push(test.factory.event([test.factory.located('person.alice', downstairs)]));
    await expect.poll(() => drawnRooms(test)).toEqual(idsOf(roomsOn(test, 'ground')));
  });
});

describe('selection', () => {
  it('shows the selected entity’s range circles and its details', async () => {
    const test = browser();
    const alice = test.factory.located('person.alice', [2.5, 2, 1], { accuracy: 0.7 });
    test.sidecar.positions = test.factory.positions([alice, test.factory.located('person.bob', [8, 6, 1])]);
    await test.card.mount({ config: CARD });
    const marker = test.card.card.locator(entity('person.alice'));
    await marker.waitFor();
    expect(await test.card.card.locator(RANGE).count()).toBe(0);

    await marker.locator('circle.badge').click();
    await expect.poll(() => test.card.card.locator(RANGE).count()).toBe(alice.ranges.length);
    const ranges = test.card.card.locator(RANGE);
    const nodes = await ranges.evaluateAll((els: { getAttribute(n: string): string | null }[]) => els.map((el) => el.getAttribute('data-node-id')!));
    expect(nodes.sort()).toEqual(alice.ranges.map((r) => r.node).sort());

    // Each circle is centred on its node; the scripted ranges are exact, so every circle (the
    // range's sphere cut at Alice's height) passes through her.
    const map = await planToScreen(test.card.card, roomsOn(test, 'ground'));
    const config = test.sidecar.store.config;
    const [x, y] = alice.coordinates!;
    for (const range of alice.ranges) {
      const node = config.beaconNodes.find((n) => n.id === range.node)!;
      const box = (await test.card.card.locator(`${rangeOf(range.node)} circle.distance`).boundingBox())!;
      expect(offsetMetres(map, boxCentre(box), node.coordinates)).toBeLessThan(TOLERANCE_M);
      const [nx, ny] = node.coordinates;
      expect(box.width / 2 / pixelsPerMetre(map)).toBeCloseTo(Math.hypot(nx - x, ny - y), 1);
    }

    const details = test.card.card.locator(DETAILS);
    await expect.poll(() => details.textContent()).toContain('Living room');
    const text = (await details.textContent())!;
    expect(text).toContain('0.7 m');
    for (const id of alice.nodes_used) expect(text).toContain(config.beaconNodes.find((n) => n.id === id)!.name ?? id);
    expect(await test.card.harness('events')).toContainEqual({ type: 'hass-more-info', detail: { entityId: 'person.alice' } });
    await test.card.screenshot('card-selected');

    await details.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => test.card.card.locator(RANGE).count()).toBe(0);
    expect(await details.count()).toBe(0);
  });
});

describe('themes', () => {
  /** The colour behind a label: the card, then the room's tint, then the label's own halo if it has one. */
  async function labelContrast(test: BrowserTest, label: string, room: string): Promise<{ text: Rgba; card: Rgba; ratio: number }> {
    const { card } = test.card;
    const [host, area, text] = await Promise.all([
      test.card.style(card.locator('ha-card'), ['background-color']),
      test.card.style(card.locator(`${ROOM}[data-room-id="${room}"]`), ['fill', 'fill-opacity']),
      test.card.style(card.locator(label), ['fill', 'stroke', 'stroke-width', 'paint-order']),
    ]);
    const cardColour = parseColour(host['background-color']!);
    let background = cardColour;
    const tint = parseColour(area['fill']!);
    background = over([tint[0], tint[1], tint[2], tint[3] * Number(area['fill-opacity'])], background);
    if (text['paint-order']!.startsWith('stroke') && parseFloat(text['stroke-width']!) >= 2 && text['stroke'] !== 'none') {
      background = over(parseColour(text['stroke']!), background);
    }
    const fill = parseColour(text['fill']!);
    return { text: fill, card: cardColour, ratio: contrast(fill, background) };
  }

  it('follows the light and dark themes with readable labels', async () => {
    const test = browser();
    test.sidecar.positions = test.factory.positions([test.factory.located('person.alice', [2.5, 2, 1])]);
    await test.card.mount({ config: CARD, dark: false });
    await test.card.card.locator(entity('person.alice')).waitFor();
    const roomLabel = `${ROOM_LABEL} >> nth=0`;
    const first = roomsOn(test, 'ground')[0]!.id;
    const nameLabel = `${entity('person.alice')} text.name`;

    const light = await labelContrast(test, roomLabel, first);
    const lightName = await labelContrast(test, nameLabel, 'living_room');
    await test.card.screenshot('card-light');
    await test.card.harness('setTheme', true);
    const dark = await labelContrast(test, roomLabel, first);
    const darkName = await labelContrast(test, nameLabel, 'living_room');
    await test.card.screenshot('card-dark');

    expect(dark.card).not.toEqual(light.card);
    expect(dark.text).not.toEqual(light.text);
    // WCAG AA for 12 px text.
    for (const { ratio } of [light, dark, lightName, darkName]) expect(ratio).toBeGreaterThanOrEqual(4.5);
  });
});

describe('connection to the sidecar', () => {
  it('says when the sidecar is disconnected and keeps the last positions', async () => {
    const test = browser();
    const people = [test.factory.located('person.alice', [2.5, 2, 1]), test.factory.located('person.bob', [8, 6, 1])];
    test.sidecar.positions = test.factory.positions(people);
    await test.card.mount({ config: CARD });
    await expect.poll(() => test.card.card.locator(ENTITY).count()).toBe(2);
    expect(await test.card.card.locator(DISCONNECTED).count()).toBe(0);

    await test.card.push({ type: 'connected', connected: false });
    await test.card.card.locator(DISCONNECTED).waitFor();
    expect(await test.card.card.locator(DISCONNECTED).textContent()).toMatch(/disconnected/i);
    // The banner may push the plan down; the markers stay where they were on the plan.
    expect(await worstOffset(test, people)).toBeLessThan(TOLERANCE_M);
    await test.card.screenshot('card-disconnected');

    await test.card.push({ type: 'connected', connected: true });
    await test.card.card.locator(DISCONNECTED).waitFor({ state: 'detached' });
    expect(await test.card.card.locator(ENTITY).count()).toBe(2);
  });
});
