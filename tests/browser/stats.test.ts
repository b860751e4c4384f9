/**
 * The stats card in Chromium: five people's two days in the example house (rooms, absences,
 * positions) recorded into a real history database behind the test sidecar, and `stats_summary`
 * answered by the real dispatch; what the card draws is measured against those days.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RoomConfig } from '../../server/config/types.ts';
import type { Point2 } from '../../server/sinks/card/messages.ts';
import type { CurrentSubject } from '../../server/sinks/history/recorder.ts';
import { contrast, parseColour } from './support/colour.ts';
import { planToScreen } from './support/plan.ts';
import { useBrowser, type BrowserTest } from './support/suite.ts';

const browser = useBrowser();
const CARD = { type: 'custom:floorplan-presence-stats-card' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The test's "now": Wednesday 5 June 2024, 18:00 in Home Assistant's time zone (UTC in the harness). */
const NOW = Date.parse('2024-06-05T18:00:00Z');
const TODAY = Date.parse('2024-06-05T00:00:00Z');
/** How far a drawn edge may be from where the times put it: a pixel and a half. */
const PX = 1.5;

type Schedule = [string, string | null][];

/** Each person's rooms today (times of day), and yesterday. */
const PEOPLE: { id: string; name: string; today: Schedule; yesterday: Schedule }[] = [
  {
    id: 'person.alice',
    name: 'Alice',
    today: [['07:00', 'main_bedroom'], ['07:40', 'bathroom'], ['08:00', 'kitchen'], ['08:45', 'office'], ['12:30', 'kitchen'], ['13:15', 'office'], ['17:00', 'living_room']],
    yesterday: [['09:00', 'office'], ['17:00', null]],
  },
  { id: 'person.bob', name: 'Bob', today: [['06:30', 'second_bedroom'], ['07:30', 'kitchen'], ['08:15', null], ['17:20', 'hall'], ['17:25', 'kitchen']], yesterday: [] },
  { id: 'person.carol', name: 'Carol', today: [['09:00', 'study'], ['11:00', 'dining_room'], ['11:45', 'study'], ['15:00', null]], yesterday: [] },
  { id: 'person.dave', name: 'Dave', today: [['10:00', 'living_room'], ['14:00', 'kitchen'], ['14:30', 'living_room']], yesterday: [] },
  {
    id: 'person.erin',
    name: 'Erin',
    today: [['07:15', 'landing'], ['07:20', 'bathroom'], ['07:50', 'kitchen'], ['09:00', null], ['16:00', 'hall'], ['16:05', 'living_room'], ['16:40', 'dining_room']],
    yesterday: [],
  },
];

interface Transition {
  t: number;
  room: string | null;
}

const clock = (day: number, time: string): number => {
  const [h, m] = time.split(':').map(Number);
  return day + h! * HOUR + m! * 60_000;
};

function transitions(person: (typeof PEOPLE)[number]): Transition[] {
  return [
    ...person.yesterday.map(([time, room]) => ({ t: clock(TODAY - DAY, time), room })),
    ...person.today.map(([time, room]) => ({ t: clock(TODAY, time), room })),
  ];
}

/** A person's stays in rooms between `from` and NOW: [room, start, end] in ms. */
function stays(id: string, from = -Infinity): [string, number, number][] {
  const list = transitions(PEOPLE.find((p) => p.id === id)!);
  return list.flatMap(({ t, room }, i): [string, number, number][] => {
    const [start, end] = [Math.max(t, from), Math.min(list[i + 1]?.t ?? NOW, NOW)];
    return room !== null && end > start ? [[room, start, end]] : [];
  });
}

/** Seconds per room between `from` and NOW. */
function dwell(id: string, from: number): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const [room, start, end] of stays(id, from)) seconds.set(room, (seconds.get(room) ?? 0) + (end - start) / 1000);
  return seconds;
}

interface Sample {
  id: string;
  t: number;
  floor: string;
  at: Point2;
}

/** Where the people were while in rooms: a position every 5 minutes, spread around the room's middle. */
function samples(rooms: readonly RoomConfig[]): Sample[] {
  return PEOPLE.flatMap(({ id }) =>
    stays(id).flatMap(([room, start, end]) => {
      const { floor, boundaries } = rooms.find((r) => r.id === room)!;
      const xs = boundaries.map((p) => p[0]);
      const ys = boundaries.map((p) => p[1]);
      const [cx, cy] = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
      const out: Sample[] = [];
      for (let t = start, k = 0; t < end; t += 5 * 60_000, k++) out.push({ id, t, floor, at: [cx + 0.3 * Math.sin(k), cy + 0.3 * Math.cos(1.7 * k)] });
      return out;
    }),
  );
}

/**
 * The sidecar records the two days as it records each publish: everyone at every change and every
 * position sample (only the person sampled has coordinates then), until NOW. Before their first
 * room a person is away.
 */
function feedHistory(test: BrowserTest): void {
  const rooms = test.sidecar.store.config.rooms;
  const positions = samples(rooms);
  const times = [...new Set([...PEOPLE.flatMap((p) => transitions(p).map((t) => t.t)), ...positions.map((p) => p.t), NOW])].sort((a, b) => a - b);
  for (const t of times) {
    test.sidecar.clock = t / 1000;
    test.sidecar.record(
      PEOPLE.map((p): CurrentSubject => {
        const room = transitions(p).findLast((x) => x.t <= t)?.room ?? null;
        const floor = rooms.find((r) => r.id === room)?.floor ?? null;
        const sample = positions.find((x) => x.id === p.id && x.t === t);
        return { entityId: p.id, name: p.name, home: room !== null, room, floor, coordinates: sample ? [sample.at[0], sample.at[1], 1] : null };
      }),
    );
  }
}

async function mountStats(test: BrowserTest, config: Record<string, unknown> = {}, dark = false, width = 640): Promise<void> {
  feedHistory(test);
  await test.card.mount({ config: { ...CARD, ...config }, dark, width });
  await test.card.stats.locator('.sections').waitFor();
}

/** The text of each element, spaces collapsed; `parts` reads only those children, joined with " | ". */
const texts = (locator: Locator, parts?: string) =>
  locator.evaluateAll(
    (els: { textContent: string | null; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }[], selector) => {
      const text = (e: { textContent: string | null }) => e.textContent!.replace(/\s+/g, ' ').trim();
      return els.map((e) => (selector ? Array.from(e.querySelectorAll(selector), text).join(' | ') : text(e)));
    },
    parts,
  );
const box = async (locator: Locator) => (await locator.boundingBox())!;

describe('the stats card', () => {
  it('lists who is home, in which room since when, and how many are in each room', async () => {
    const test = browser();
    await mountStats(test);
    const home = test.card.stats.locator('section.home li[data-entity-id]');
    expect(await texts(home, '.name, .where')).toEqual([
      'Alice | Living room · since 17:00',
      'Bob | Kitchen · since 17:25',
      'Dave | Living room · since 14:30',
      'Erin | Dining room · since 16:40',
    ]);
    const rooms = test.card.stats.locator('section.rooms li[data-room-id]');
    expect(await texts(rooms, 'span')).toEqual(['2 | Living room | Alice, Dave', '1 | Dining room | Erin', '1 | Kitchen | Bob']);
    const empty = await texts(test.card.stats.locator('section.rooms .vacant [data-room-id]'));
    expect(empty).toHaveLength(test.sidecar.store.config.rooms.length - 3);
    expect(empty).toContain('Office');
  });

  it('draws each person’s time per room as bars whose lengths are proportional to the seconds', async () => {
    const test = browser();
    await mountStats(test);
    const totals = new Map(PEOPLE.map((p) => [p.id, [...dwell(p.id, TODAY).values()].reduce((a, b) => a + b, 0)]));
    const longest = Math.max(...totals.values());
    // Longest first.
    const order = await test.card.stats.locator('details.bar').evaluateAll((bars: { getAttribute(n: string): string | null }[]) => bars.map((b) => b.getAttribute('data-entity-id')));
    expect(order).toEqual([...totals].sort((a, b) => b[1] - a[1]).map(([id]) => id));
    for (const p of PEOPLE) {
      const bar = test.card.stats.locator(`details.bar[data-entity-id="${p.id}"] summary`);
      const track = await box(bar.locator('.track'));
      const expected = dwell(p.id, TODAY);
      expect(await bar.locator('.segment').count()).toBe(expected.size);
      let left = track.x;
      // Stacked from the track's start, each as long as its seconds on the longest bar's scale.
      for (const segment of await bar.locator('.segment').all()) {
        const drawn = await box(segment);
        const seconds = expected.get((await segment.getAttribute('data-room-id'))!)!;
        expect(drawn.x).toBeCloseTo(left, 0);
        expect(Math.abs(drawn.width - (seconds / longest) * track.width)).toBeLessThan(PX);
        left = drawn.x + drawn.width;
      }
    }
    const alice = test.card.stats.locator('details.bar[data-entity-id="person.alice"]');
    expect(await alice.locator('summary .total').textContent()).toBe('11 h 00 min');
    expect(await test.card.stats.locator('details.bar[data-entity-id="person.bob"] summary .total').textContent()).toBe('2 h 25 min');
    // Opened: each room with its time.
    await alice.locator('summary').click();
    expect(await texts(alice.locator('.breakdown li'), '.who, .total')).toEqual([
      'Office | 7 h 30 min',
      'Kitchen | 1 h 30 min',
      'Living room | 1 h 00 min',
      'Main bedroom | 40 min',
      'Bathroom | 20 min',
    ]);
  });

  it('draws per person a band with a segment per room at the times of the transitions, and gaps while away', async () => {
    const test = browser();
    await mountStats(test);
    for (const p of PEOPLE) {
      const lane = test.card.stats.locator(`.lane[data-entity-id="${p.id}"]`);
      const band = await box(lane.locator('.band'));
      const x = (t: number) => band.x + ((t - TODAY) / DAY) * band.width;
      const drawn = await Promise.all(
        (await lane.locator('.segment').all()).map(async (s) => ({ room: await s.getAttribute('data-room-id'), box: await box(s) })),
      );
      const expected = stays(p.id, TODAY);
      expect(drawn.map((d) => d.room)).toEqual(expected.map(([room]) => room));
      drawn.forEach(({ box: b }, i) => {
        const [, start, end] = expected[i]!;
        expect(Math.abs(b.x - x(start))).toBeLessThan(PX);
        expect(Math.abs(b.x + b.width - x(end))).toBeLessThan(PX);
      });
    }
    const ticks = await texts(test.card.stats.locator('.lane.axis .tick'));
    expect(ticks).toEqual(['00:00', '03:00', '06:00', '09:00', '12:00', '15:00', '18:00', '21:00']);
  });

  it('colours heat map cells where positions were, on the floor picked', async () => {
    const test = browser();
    await mountStats(test);
    const rooms = test.sidecar.store.config.rooms;
    const where = samples(rooms).filter((p) => p.t >= TODAY);
    for (const floor of ['ground', 'first']) {
      if (floor !== 'ground') await test.card.stats.locator(`section.heatmap button.tab[data-floor="${floor}"]`).click();
      await test.card.stats.locator(`svg.heat[data-floor="${floor}"]`).waitFor();
      const map = await planToScreen(test.card.stats, rooms.filter((r) => r.floor === floor), 'svg.heat polygon.room[data-room-id]');
      const onFloor = where.filter((w) => w.floor === floor);
      const cells = await test.card.stats.locator('svg.heat .cell').all();
      let counted = 0;
      for (const cell of cells) {
        const b = await box(cell);
        const count = Number(await cell.getAttribute('data-count'));
        // The positions whose point on screen falls inside the cell (a pixel either way on its edges).
        const within = (margin: number) =>
          onFloor.filter(({ at }) => {
            const [sx, sy] = map(at[0], at[1]);
            return sx > b.x - margin && sx < b.x + b.width + margin && sy > b.y - margin && sy < b.y + b.height + margin;
          }).length;
        expect(count, `positions in the cell at ${b.x}, ${b.y}`).toBeGreaterThanOrEqual(within(-1));
        expect(count, `positions in the cell at ${b.x}, ${b.y}`).toBeLessThanOrEqual(within(1));
        counted += count;
      }
      // Every position is in a drawn cell: none where nobody was, none missing.
      expect(counted).toBe(onFloor.length);
    }
  });

  it('reads the summary when shown, when the range changes and every minute while on the page, not on every new hass', async () => {
    const test = browser();
    const { page } = test.card;
    // The page's timers on a clock the test moves.
    await page.clock.install({ time: NOW });
    feedHistory(test);
    const asked = () => test.sidecar.requests.filter((r) => r.name === 'stats_summary').map((r) => (r.data as { range: string }).range);
    await test.card.mount({ config: CARD, width: 640 });
    const alice = test.card.stats.locator('details.bar[data-entity-id="person.alice"] summary .total');
    await expect.poll(() => alice.textContent()).toBe('11 h 00 min');
    expect(asked()).toEqual(['today']);

    // Home Assistant hands the card a new hass on every state change: nothing is read again.
    await test.card.harness('setTheme', true);
    await test.card.harness('setTheme', false);
    await page.clock.runFor(59_000);
    expect(asked()).toEqual(['today']);
    await page.clock.runFor(1_000);
    await expect.poll(asked).toEqual(['today', 'today']);

    // This week: yesterday's 8 hours in the office join Alice's total, and the axis shows days. (A
    // plain click waits for animation frames, which the installed clock does not run.)
    await test.card.stats.locator('button.range[data-range="week"]').dispatchEvent('click');
    await expect.poll(() => alice.textContent()).toBe('19 h 00 min');
    expect(asked()).toEqual(['today', 'today', 'week']);
    expect(await texts(test.card.stats.locator('.lane.axis .tick'))).toEqual(['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed']);
    expect(await test.card.stats.locator('button.range[data-range="week"]').getAttribute('aria-pressed')).toBe('true');
    await page.clock.runFor(60_000);
    await expect.poll(asked).toEqual(['today', 'today', 'week', 'week']);

    // Off the page it reads nothing; the layout was read once.
    await test.card.stats.evaluate((card: { remove(): void }) => card.remove());
    await page.clock.runFor(180_000);
    expect(asked()).toHaveLength(4);
    expect(test.sidecar.requests.filter((r) => r.name === 'card_layout')).toHaveLength(1);
  });

  it('follows someone changing room within a second or two, from the live stream, not at the next minute', async () => {
    const test = browser();
    const { page } = test.card;
    await page.clock.install({ time: NOW });
    feedHistory(test);
    const asked = () => test.sidecar.requests.filter((r) => r.name === 'stats_summary');
    await test.card.mount({ config: CARD, width: 640 });
    const bob = test.card.stats.locator('section.home li[data-entity-id="person.bob"] .where');
    await expect.poll(() => bob.textContent()).toContain('Kitchen · since 17:25');

    // Bob moving about the kitchen reads nothing.
    const { rooms } = test.sidecar.store.config;
    const middle = (id: string): [number, number, number] => {
      const corners = rooms.find((r) => r.id === id)!.boundaries;
      return [corners.reduce((s, c) => s + c[0], 0) / corners.length, corners.reduce((s, c) => s + c[1], 0) / corners.length, 1];
    };
    await test.card.push(test.factory.event([test.factory.located('person.bob', middle('kitchen'))]));
    await page.clock.runFor(5_000);
    expect(asked()).toHaveLength(1);

    // At 18:00:30 he walks into the hall: the history records it, the stream says it.
    test.sidecar.clock = NOW / 1000 + 30;
    test.sidecar.record(test.sidecar.subjects.map((s) => (s.entityId === 'person.bob' ? { ...s, room: 'hall', coordinates: null } : s)));
    await test.card.push(test.factory.event([test.factory.located('person.bob', middle('hall'))]));
    await page.clock.runFor(1_000);
    await expect.poll(() => bob.textContent()).toContain('Hall and stairs · since 18:00');
    expect(asked()).toHaveLength(2);
  });

  it('keeps the time axis readable in a narrow column: fewer labels, none running into the next', async () => {
    const test = browser();
    /** The axis labels shown (not transparent), left to right, with their boxes. */
    const shownTicks = async () => {
      const ticks = await Promise.all(
        (await test.card.stats.locator('.lane.axis .tick').all()).map(async (tick) => ({
          text: (await tick.textContent())!.trim(),
          alpha: parseColour((await test.card.style(tick, ['color']))['color']!)[3],
          box: await box(tick),
        })),
      );
      return ticks.filter((t) => t.alpha > 0).map(({ text, box: b }) => ({ text, left: b.x, right: b.x + b.width }));
    };
    for (const [width, shown] of [[640, 8], [340, 4], [200, 1]] as const) {
      await mountStats(test, {}, false, width);
      const ticks = await shownTicks();
      expect(ticks.map((t) => t.text)).toHaveLength(shown);
      expect(ticks[0]!.text).toBe('00:00');
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.left).toBeGreaterThanOrEqual(ticks[i - 1]!.right);
    }
  });

  it('follows the light and dark themes with readable text', async () => {
    const test = browser();
    const colours = async () => {
      const read = (selector: string, names: string[]) => test.card.style(test.card.stats.locator(selector).first(), names);
      const card = parseColour((await read('ha-card', ['background-color']))['background-color']!);
      const text = await Promise.all(['.who', 'h2', '.total', '.tick', '.legend li'].map(async (s) => parseColour((await read(s, ['color']))['color']!)));
      const label = await read('svg.heat .room-name', ['fill', 'stroke', 'stroke-width']);
      return { card, text, label };
    };
    await mountStats(test);
    const light = await colours();
    await test.card.screenshot('stats-light');
    await test.card.harness('setTheme', true);
    const dark = await colours();
    await test.card.screenshot('stats-dark');

    expect(dark.card).not.toEqual(light.card);
    for (const { card, text, label } of [light, dark]) {
      // WCAG AA for text of 11 to 14 px.
      for (const colour of text) expect(contrast(colour, card)).toBeGreaterThanOrEqual(4.5);
      // Room names over the heat map's cells: drawn on a halo of the card's colour.
      expect(parseColour(label.stroke!)).toEqual(card);
      expect(contrast(parseColour(label.fill!), card)).toBeGreaterThanOrEqual(4.5);
    }
    // The halo is 3 CSS pixels wide whatever the plan's scale.
    const heat = await box(test.card.stats.locator('svg.heat'));
    const viewBox = (await test.card.stats.locator('svg.heat').getAttribute('viewBox'))!.split(' ').map(Number);
    const strokeWidth = Number(/[\d.]+/.exec(dark.label['stroke-width']!)![0]);
    expect(strokeWidth * (heat.width / viewBox[2]!)).toBeCloseTo(3, 1);
  });

  it('shows the sidecar’s refusal in a banner and keeps the last picture', async () => {
    const test = browser();
    await mountStats(test);
    const alice = test.card.stats.locator('details.bar[data-entity-id="person.alice"] summary .total');
    test.sidecar.stopHistory();
    await test.card.stats.locator('button.range[data-range="week"]').click();
    await expect.poll(() => test.card.stats.locator('.banner.error').textContent()).toContain('the history is off');
    // Today's figures stay, named as today's.
    expect(await alice.textContent()).toBe('11 h 00 min');
    expect(await test.card.stats.locator('#time-heading').textContent()).toBe('Time per room · Today');
  });
});

describe('the stats card’s editor', () => {
  it('sends the options changed, and drops one set back to its default', async () => {
    const test = browser();
    await test.card.harness('mountEditor', { config: CARD });
    const editor = test.card.page.locator('floorplan-presence-stats-card-editor');
    const lastConfig = async () => {
      const events = (await test.card.harness('events')) as { type: string; detail: { config?: Record<string, unknown> } | null }[];
      return events.filter((e) => e.type === 'config-changed').at(-1)?.detail?.config;
    };
    await editor.locator('select[data-option="range"]').selectOption('week');
    await expect.poll(lastConfig).toEqual({ ...CARD, range: 'week' });
    // The heat map's floors come from the layout.
    await expect.poll(() => texts(editor.locator('select[data-option="floor"] option'))).toEqual(['The first floor', 'Ground', 'First']);
    await editor.locator('select[data-option="floor"]').selectOption('first');
    await expect.poll(lastConfig).toEqual({ ...CARD, range: 'week', floor: 'first' });
    await editor.locator('select[data-option="range"]').selectOption('today');
    await expect.poll(lastConfig).toEqual({ ...CARD, floor: 'first' });
    await editor.locator('[data-option="show"] input[value="heatmap"]').uncheck();
    await expect.poll(lastConfig).toEqual({ ...CARD, floor: 'first', show: ['home', 'rooms', 'time', 'timeline'] });
    await editor.locator('[data-option="show"] input[value="heatmap"]').check();
    await expect.poll(lastConfig).toEqual({ ...CARD, floor: 'first' });
  });
});
