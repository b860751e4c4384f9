/**
 * The stats view's figures (`stats_summary`, StatsSummary) from the history: transitions become
 * stays (home, in a room or in none, from one transition to the next; the current one runs to
 * now), clipped to the range, and are summed per subject, per day and per room.
 */
import type { FloorplanConfig } from '../../config/types.ts';
import { boundingBox } from '../../engine/geometry.ts';
import type { StatsRequest, StatsSubject, StatsSummary } from '../card/messages.ts';
import { daysBetween, dayStart } from './calendar.ts';
import type { CurrentSubject } from './recorder.ts';
import { HEAT_CELL_CM, type HistoryStore, type StoredSubject, type StoredTransition } from './store.ts';

export type StatsRange = StatsRequest['range'];

/** How the figures name time at home in no room. */
export const NO_ROOM = 'No room';

export interface SummaryContext {
  range: StatsRange;
  now: number;
  /** IANA name; days start at its midnight. */
  timeZone: string;
  config: FloorplanConfig;
  subjects: readonly CurrentSubject[];
}

/** A stretch of time at home in one room (or in none), within the range. */
export interface Stay {
  subject: string;
  room: string | null;
  start: number;
  end: number;
}

/** Today: since midnight; the week: since midnight six days ago (seven days with today). */
export function rangeStart(range: StatsRange, now: number, timeZone: string): number {
  return dayStart(now, timeZone, range === 'today' ? 0 : -6);
}

/**
 * The stays at home within [from, to], from transitions sorted by time (each subject's first may be
 * before `from`). Consecutive stays in the same room are one: a floor change in no room, or a
 * restart that found the subject where it was, does not end a visit.
 */
export function staysOf(transitions: readonly StoredTransition[], from: number, to: number): Stay[] {
  const bySubject = new Map<string, StoredTransition[]>();
  for (const t of transitions) {
    const list = bySubject.get(t.subject);
    if (list) list.push(t);
    else bySubject.set(t.subject, [t]);
  }
  const stays: Stay[] = [];
  for (const [subject, rows] of bySubject) {
    let open: Stay | null = null;
    rows.forEach((row, i) => {
      const start = Math.max(row.t, from);
      const end = Math.min(rows[i + 1]?.t ?? to, to);
      if (row.home !== true || end <= start) return;
      if (open && open.room === row.room && open.end === start) open.end = end;
      else stays.push((open = { subject, room: row.room, start, end }));
    });
  }
  return stays;
}

/** Seconds of the stays within [from, to), per key. */
function secondsBy<S extends Stay, K>(stays: readonly S[], key: (stay: S) => K, from = -Infinity, to = Infinity): Map<K, number> {
  const sums = new Map<K, number>();
  for (const stay of stays) {
    const seconds = Math.min(stay.end, to) - Math.max(stay.start, from);
    if (seconds > 0) sums.set(key(stay), (sums.get(key(stay)) ?? 0) + seconds);
  }
  return sums;
}

/** How the stats name a stored subject: its entity when names are stored, else by its hash. */
export function storedSubject(subject: StoredSubject): StatsSubject {
  return subject.entityId !== null
    ? { entity_id: subject.entityId, name: subject.name ?? subject.entityId }
    : { entity_id: `device:${subject.hash.slice(0, 8)}`, name: 'Unknown device' };
}

const iso = (t: number): string => new Date(t * 1000).toISOString();
const byName = (a: StatsSubject, b: StatsSubject): number => a.name.localeCompare(b.name) || a.entity_id.localeCompare(b.entity_id);

export function statsSummary(store: HistoryStore, context: SummaryContext): StatsSummary {
  const { config, now, timeZone } = context;
  const from = rangeStart(context.range, now, timeZone);
  const transitions = store.transitions(from, now);
  const stays = staysOf(transitions, from, now);

  // A hash names a current entity when one hashes to it; else what the store kept.
  const current = new Map(context.subjects.map((s) => [store.hash(s.entityId), { entity_id: s.entityId, name: s.name }]));
  const stored = new Map(store.subjects().map((s) => [s.hash, s]));
  const subjectOf = (hash: string): StatsSubject => current.get(hash) ?? storedSubject(stored.get(hash) ?? { hash, entityId: null, name: null });
  const rooms = new Map(config.rooms.map((r) => [r.id, r]));
  const roomName = (room: string | null): string => (room === null ? NO_ROOM : (rooms.get(room)?.name ?? room));
  const subjects = [...new Set(stays.map((s) => s.subject))].map((hash) => ({ hash, ...subjectOf(hash) })).sort(byName);
  const total = (sums: Map<string, number>): { room: string; seconds: number }[] =>
    [...sums].map(([room, seconds]) => ({ room, seconds: Math.round(seconds) })).sort((a, b) => b.seconds - a.seconds);
  const inRooms = stays.filter((s): s is Stay & { room: string } => s.room !== null);

  const home = context.subjects.filter((s) => s.home);
  return {
    from: iso(from),
    to: iso(now),
    time_zone: timeZone,
    now: {
      home: home
        .map((s) => {
          const since = store.stayStart(store.hash(s.entityId), s.room);
          return { entity_id: s.entityId, name: s.name, room: s.room, room_name: s.room === null ? null : roomName(s.room), since: since === null ? null : iso(since) };
        })
        .sort(byName),
      rooms: config.rooms.map((r) => ({
        room: r.id,
        name: r.name,
        floor: r.floor,
        occupants: home.filter((s) => s.room === r.id).map((s) => ({ entity_id: s.entityId, name: s.name })).sort(byName),
      })),
    },
    dwell: subjects.map(({ hash, ...subject }) => ({
      ...subject,
      rooms: [...secondsBy(stays.filter((s) => s.subject === hash), (s) => s.room)]
        .map(([room, seconds]) => ({ room, name: roomName(room), seconds: Math.round(seconds) }))
        .sort((a, b) => b.seconds - a.seconds),
    })),
    days: daysBetween(from, now, timeZone).map(({ day, start, end }) => ({
      day,
      distinct_devices: secondsBy(stays, (s) => s.subject, start, end).size,
      rooms: total(secondsBy(inRooms, (s) => s.room, start, end)),
    })),
    average: [...secondsBy(inRooms, (s) => s.room)]
      .map(([room, seconds]) => {
        const visits = inRooms.filter((s) => s.room === room).length;
        return { room, name: roomName(room), visits, seconds_per_visit: Math.round(seconds / visits) };
      })
      .sort((a, b) => b.visits * b.seconds_per_visit - a.visits * a.seconds_per_visit),
    timeline: timelines(transitions, from)
      .map(({ hash, transitions }) => ({ ...subjectOf(hash), transitions }))
      .filter((t) => t.transitions.length > 0)
      .sort(byName),
    heatmap: heatmaps(store, config, from, now),
  };
}

/**
 * Per subject, where it was from `from` on: its room (null: in none, away or not known), each
 * change once. A subject's timeline starts where it was first known to be home.
 */
function timelines(transitions: readonly StoredTransition[], from: number): { hash: string; transitions: { t: string; room: string | null }[] }[] {
  const bySubject = new Map<string, { t: string; room: string | null }[]>();
  for (const row of transitions) {
    const list = bySubject.get(row.subject) ?? [];
    bySubject.set(row.subject, list);
    const room = row.home === true ? row.room : null;
    const previous = list.at(-1);
    if (previous ? previous.room === room : row.home !== true) continue;
    list.push({ t: iso(Math.max(row.t, from)), room });
  }
  return [...bySubject].map(([hash, list]) => ({ hash, transitions: list }));
}

/**
 * Per floor, position samples counted in the store's 0.5 m cells over the extent of its rooms (cells
 * that the extent touches; samples outside it are left out), per quarter hour from `from` on.
 */
function heatmaps(store: HistoryStore, config: FloorplanConfig, from: number, to: number): StatsSummary['heatmap'] {
  const cell = HEAT_CELL_CM / 100;
  return config.floors.flatMap((floor) => {
    const box = boundingBox(config.rooms.filter((r) => r.floor === floor.id).flatMap((r) => r.boundaries));
    if (box === null) return [];
    const [x0, y0] = [Math.floor(box.minX / cell), Math.floor(box.minY / cell)];
    const columns = Math.max(1, Math.ceil(box.maxX / cell) - x0);
    const rows = Math.max(1, Math.ceil(box.maxY / cell) - y0);
    const counts = new Array<number>(columns * rows).fill(0);
    for (const { cx, cy, count } of store.heatCounts(floor.id, from, to)) {
      const [column, row] = [cx - x0, cy - y0];
      if (column >= 0 && column < columns && row >= 0 && row < rows) counts[row * columns + column] = count;
    }
    return [{ floor: floor.id, origin: [x0 * cell, y0 * cell] as [number, number], cell, columns, rows, counts }];
  });
}
