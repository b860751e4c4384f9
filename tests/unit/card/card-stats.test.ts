import { describe, expect, it } from 'vitest';
import type { StatsSummary } from '../../../server/sinks/card/messages.ts';
import { heatCells, heatColour, heatLevel } from '../../../card/shared/heatmap.ts';
import { dwellBars, rangeEnd, roomColours, timelineSegments, timeTicks } from '../../../card/shared/stats-chart.ts';
import { clockTime, duration } from '../../../card/shared/stats-format.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);

describe('durations and times as shown', () => {
  it('words seconds as hours and minutes', () => {
    expect(duration(0)).toBe('0 min');
    expect(duration(20)).toBe('< 1 min');
    expect(duration(90)).toBe('2 min');
    expect(duration(45 * 60)).toBe('45 min');
    expect(duration(2 * 3600 + 5 * 60 + 10)).toBe('2 h 05 min');
    // 59.6 minutes round up to the hour, not to "60 min".
    expect(duration(3576)).toBe('1 h 00 min');
    expect(duration(30 * 3600)).toBe('30 h 00 min');
  });

  it('gives a time of day in Home Assistant’s time zone, with the weekday when it is not today', () => {
    const now = at('2024-06-05T12:00:00Z');
    expect(clockTime(at('2024-06-05T06:30:00Z'), now, 'Europe/Berlin', 'en')).toBe('08:30');
    expect(clockTime(at('2024-06-05T06:30:00Z'), now, 'America/New_York', 'en')).toBe('02:30');
    expect(clockTime(at('2024-06-03T20:15:00Z'), now, 'UTC', 'en')).toBe('Mon 20:15');
    // 23:30 UTC on the 4th is already the 5th in Berlin: today there.
    expect(clockTime(at('2024-06-04T23:30:00Z'), now, 'Europe/Berlin', 'en')).toBe('01:30');
  });
});

function subject(name: string, rooms: [string | null, number][]): StatsSummary['dwell'][number] {
  return { entity_id: `person.${name.toLowerCase()}`, name, rooms: rooms.map(([room, seconds]) => ({ room, name: room ?? 'No room', seconds })) };
}

describe('time per room as stacked bars', () => {
  const bars = dwellBars([
    subject('Bob', [
      ['kitchen', 1800],
      [null, 600],
    ]),
    subject('Alice', [
      ['office', 4 * 3600],
      ['kitchen', 3600],
      ['hall', 0],
    ]),
  ]);

  it('draws every bar on the longest one’s scale, longest first', () => {
    expect(bars.map((b) => [b.name, b.total])).toEqual([
      ['Alice', 5 * 3600],
      ['Bob', 2400],
    ]);
    const alice = bars[0]!;
    expect(alice.segments.reduce((sum, s) => sum + s.width, 0)).toBeCloseTo(1);
    // Widths are proportional to seconds across bars.
    const width = (bar: number, room: string | null) => bars[bar]!.segments.find((s) => s.room === room)!.width;
    expect(width(0, 'office') / width(1, 'kitchen')).toBeCloseTo((4 * 3600) / 1800);
    expect(width(1, null)).toBeCloseTo(600 / (5 * 3600));
  });

  it('stacks rooms in one order for everyone (most time overall first, no room last) and leaves out empty ones', () => {
    expect(bars[0]!.segments.map((s) => s.room)).toEqual(['office', 'kitchen']);
    expect(bars[1]!.segments.map((s) => s.room)).toEqual(['kitchen', null]);
  });

  it('draws nothing when nobody spent any time', () => {
    expect(dwellBars([subject('Carol', [['hall', 0]])])[0]).toEqual({ entity_id: 'person.carol', name: 'Carol', total: 0, segments: [] });
  });
});

describe('a timeline of rooms', () => {
  const from = at('2024-06-05T00:00:00Z');
  const to = from + 24 * HOUR;

  it('lasts each room until the next transition, leaves gaps where away or before the first, and stops at now', () => {
    const now = from + 12 * HOUR;
    const segments = timelineSegments(
      [
        { t: '2024-06-05T07:00:00Z', room: 'bedroom' },
        { t: '2024-06-05T08:00:00Z', room: 'kitchen' },
        { t: '2024-06-05T09:00:00Z', room: null },
        { t: '2024-06-05T11:00:00Z', room: 'office' },
      ],
      from,
      to,
      now,
    );
    expect(segments.map((s) => [s.room, (s.start - from) / HOUR, (s.end - from) / HOUR])).toEqual([
      ['bedroom', 7, 8],
      ['kitchen', 8, 9],
      ['office', 11, 12],
    ]);
    expect(segments[0]!.left).toBeCloseTo(7 / 24);
    expect(segments[0]!.width).toBeCloseTo(1 / 24);
  });

  it('clips a transition before the range to its start', () => {
    const [segment] = timelineSegments([{ t: '2024-06-04T22:00:00Z', room: 'bedroom' }], from, to, from + 6 * HOUR);
    expect(segment).toMatchObject({ room: 'bedroom', start: from, left: 0 });
    expect(segment!.width).toBeCloseTo(6 / 24);
  });

  it('draws whole days: the axis ends at the midnight after now, on days of 23 and 25 hours too', () => {
    expect(rangeEnd(from, from + 18 * HOUR, 'UTC')).toBe(to);
    expect(rangeEnd(from, from + 5 * 60_000, 'UTC')).toBe(to);
    expect(rangeEnd(from, to, 'UTC')).toBe(to);
    expect(rangeEnd(from - 6 * DAY, from + 18 * HOUR, 'UTC')).toBe(to);
    // Berlin, 27 October 2024: 25 hours from midnight to midnight; late that evening.
    const longDay = at('2024-10-26T22:00:00Z');
    expect(rangeEnd(longDay, longDay + 24.5 * HOUR, 'Europe/Berlin')).toBe(at('2024-10-27T23:00:00Z'));
    // 31 March 2024: 23 hours.
    const shortDay = at('2024-03-30T23:00:00Z');
    expect(rangeEnd(shortDay, shortDay + 2 * HOUR, 'Europe/Berlin')).toBe(at('2024-03-31T22:00:00Z'));
  });

  it('ticks every three hours over a day, at local midnights over a week', () => {
    const day = timeTicks(from, to, 'UTC', 'en');
    expect(day.map((t) => t.label)).toEqual(['00:00', '03:00', '06:00', '09:00', '12:00', '15:00', '18:00', '21:00']);
    expect(day[2]!.at).toBeCloseTo(0.25);

    // A week in Berlin across the end of summer time (27 October 2024 has 25 hours): every tick on midnight.
    const weekFrom = at('2024-10-24T22:00:00Z');
    const weekTo = at('2024-10-31T23:00:00Z');
    const week = timeTicks(weekFrom, weekTo, 'Europe/Berlin', 'en');
    expect(week.map((t) => t.label)).toEqual(['Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed', 'Thu']);
    const hours = week.map((t) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(weekFrom + t.at * (weekTo - weekFrom)));
    expect(new Set(hours)).toEqual(new Set(['00:00']));
  });
});

describe('room colours', () => {
  it('gives each room its own colour by its place in the list, grey for no room or an unknown one', () => {
    const colour = roomColours(['kitchen', 'office', 'kitchen', 'hall']);
    expect(new Set([colour('kitchen'), colour('office'), colour('hall')]).size).toBe(3);
    expect(colour(null)).toBe(colour('attic'));
    expect(colour(null)).not.toBe(colour('kitchen'));
  });

  it('keeps twelve rooms apart', () => {
    const rooms = Array.from({ length: 12 }, (_, i) => `room${i}`);
    const colour = roomColours(rooms);
    expect(new Set(rooms.map(colour)).size).toBe(12);
  });
});

describe('the heat map', () => {
  const grid = { floor: 'ground', origin: [1, 2] as [number, number], cell: 0.5, columns: 3, rows: 2, counts: [0, 4, 0, 1, 0, 100] };

  it('places each cell with positions row-major from the origin and leaves empty ones out', () => {
    const cells = heatCells(grid);
    expect(cells.map((c) => [c.x, c.y, c.count])).toEqual([
      [1.5, 2, 4],
      [1, 2.5, 1],
      [2, 2.5, 100],
    ]);
    expect(cells.every((c) => c.size === 0.5)).toBe(true);
  });

  it('ranks counts on a log scale, so a few positions still show next to thousands', () => {
    expect(heatLevel(100, 100)).toBe(1);
    expect(heatLevel(0, 100)).toBe(0);
    expect(heatLevel(10, 10_000)).toBeGreaterThan(0.2);
    expect(heatLevel(10, 10_000)).toBeLessThan(heatLevel(100, 10_000));
  });

  it('colours from dark violet to yellow, lighter with every step', () => {
    expect(heatColour(0)).toBe('rgb(68, 1, 84)');
    expect(heatColour(1)).toBe('rgb(253, 231, 37)');
    const lightness = (css: string) => {
      const [r, g, b] = css.match(/\d+/g)!.map(Number);
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const steps = Array.from({ length: 11 }, (_, i) => lightness(heatColour(i / 10)));
    steps.slice(1).forEach((l, i) => expect(l).toBeGreaterThan(steps[i]!));
  });
});
