/**
 * The stats card's charts as numbers: stacked dwell bars, timeline segments and time ticks, as
 * fractions of the drawing's width, so the view only places them (and tests check the arithmetic).
 */
import type { StatsSummary } from '../../server/sinks/card/messages.ts';

export interface BarSegment {
  /** Null: home but in no room. */
  room: string | null;
  name: string;
  seconds: number;
  /** Share of the longest bar's total, 0 to 1: every bar is drawn on the same scale. */
  width: number;
}

export interface DwellBar {
  entity_id: string;
  name: string;
  total: number;
  segments: BarSegment[];
}

/**
 * One stacked bar per subject, longest total first. The rooms stack in the same order in every
 * bar (most time over everyone first, "no room" last), so a room sits in the same place down the
 * chart and bars compare at a glance.
 */
export function dwellBars(dwell: StatsSummary['dwell']): DwellBar[] {
  const overall = new Map<string | null, number>();
  for (const subject of dwell) for (const r of subject.rooms) overall.set(r.room, (overall.get(r.room) ?? 0) + r.seconds);
  const rank = (room: string | null): number => (room === null ? -1 : overall.get(room)!);
  const bars = dwell.map((subject) => {
    const rooms = subject.rooms.filter((r) => r.seconds > 0).sort((a, b) => rank(b.room) - rank(a.room));
    return { entity_id: subject.entity_id, name: subject.name, total: rooms.reduce((sum, r) => sum + r.seconds, 0), rooms };
  });
  const longest = Math.max(0, ...bars.map((b) => b.total));
  return bars
    .sort((a, b) => b.total - a.total)
    .map(({ rooms, ...bar }) => ({
      ...bar,
      segments: rooms.map(({ room, name, seconds }) => ({ room, name, seconds, width: longest > 0 ? seconds / longest : 0 })),
    }));
}

export interface TimelineSegment {
  room: string;
  /** Milliseconds since the epoch. */
  start: number;
  end: number;
  /** Where it starts and how long it is, as fractions of the range. */
  left: number;
  width: number;
}

/**
 * A subject's time in rooms from `from` until `until` (now), as fractions of the chart's range
 * [from, to] (ms): each transition to a room lasts until the next one, the last until now. A
 * transition to null (in no room, or away) leaves a gap, and so does the time before the first.
 */
export function timelineSegments(transitions: readonly { t: string; room: string | null }[], from: number, to: number, until: number): TimelineSegment[] {
  const span = to - from;
  const segments: TimelineSegment[] = [];
  transitions.forEach(({ t, room }, i) => {
    if (room === null || span <= 0) return;
    const next = transitions[i + 1];
    const start = Math.max(from, Date.parse(t));
    const end = Math.min(until, next ? Date.parse(next.t) : until);
    if (end > start) segments.push({ room, start, end, left: (start - from) / span, width: (end - start) / span });
  });
  return segments;
}

export interface TimeTick {
  /** Fraction of the range. */
  at: number;
  label: string;
}

const HOUR = 3_600_000;

/** Hours after midnight in `timeZone`, with minutes as a fraction. */
function localHours(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(t);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') + value('minute') / 60;
}

/** The midnight of `timeZone` nearest to `t` (within 12 hours), so days of 23 or 25 hours stay on midnight. */
function nearestMidnight(t: number, timeZone: string): number {
  const hours = localHours(t, timeZone);
  return t - (hours < 12 ? hours : hours - 24) * HOUR;
}

/**
 * Where a chart of the range ends: the midnight that ends its last day. The summary's range runs
 * from midnight to now; drawing whole days keeps the axis still while the day goes on.
 */
export function rangeEnd(from: number, to: number, timeZone: string): number {
  const days = Math.max(1, Math.ceil((to - from) / (24 * HOUR) - 1 / 24));
  return nearestMidnight(from + days * 24 * HOUR, timeZone);
}

/**
 * Ticks along a range: every 3 hours ("06:00") over a day, else at each midnight (the weekday) of
 * `timeZone`.
 */
export function timeTicks(from: number, to: number, timeZone: string, language: string): TimeTick[] {
  const span = to - from;
  if (span <= 0) return [];
  const ticks: TimeTick[] = [];
  if (span <= 36 * HOUR) {
    const format = new Intl.DateTimeFormat(language, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    for (let t = from; t < to; t += 3 * HOUR) ticks.push({ at: (t - from) / span, label: format.format(t) });
    return ticks;
  }
  const format = new Intl.DateTimeFormat(language, { timeZone, weekday: 'short' });
  for (let k = 0; ; k++) {
    const midnight = nearestMidnight(from + 24 * HOUR * k, timeZone);
    if (midnight >= to) return ticks;
    if (midnight >= from) ticks.push({ at: (midnight - from) / span, label: format.format(midnight) });
  }
}

/** "Home, in no room" (and a room not listed): a neutral grey. */
const NO_ROOM = 'var(--disabled-text-color, #bdbdbd)';
/**
 * Home Assistant's named colours (Material fallbacks outside a dashboard), in an order where
 * neighbours differ most in hue and lightness (as Tableau's ten), so the first rooms stay apart.
 */
const ROOM_COLOURS = [
  'var(--blue-color, #2196f3)',
  'var(--orange-color, #ff9800)',
  'var(--green-color, #4caf50)',
  'var(--red-color, #f44336)',
  'var(--purple-color, #9c27b0)',
  'var(--brown-color, #795548)',
  'var(--pink-color, #e91e63)',
  'var(--blue-grey-color, #607d8b)',
  'var(--lime-color, #cddc39)',
  'var(--cyan-color, #00bcd4)',
  'var(--deep-purple-color, #673ab7)',
  'var(--amber-color, #ffc107)',
  'var(--teal-color, #009688)',
  'var(--light-green-color, #8bc34a)',
  'var(--indigo-color, #3f51b5)',
  'var(--deep-orange-color, #ff5722)',
];

/**
 * A colour per room, by the room's place in `rooms` (the layout's rooms, then any the history
 * still names): the same colour in the bars, the timeline and the legend.
 */
export function roomColours(rooms: readonly string[]): (room: string | null) => string {
  const index = new Map<string, number>();
  for (const room of rooms) if (!index.has(room)) index.set(room, index.size);
  return (room) => {
    const i = room === null ? undefined : index.get(room);
    return i === undefined ? NO_ROOM : ROOM_COLOURS[i % ROOM_COLOURS.length]!;
  };
}
