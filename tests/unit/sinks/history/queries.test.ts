import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../../server/config/load.ts';
import type { FloorplanConfig } from '../../../../server/config/types.ts';
import { statsSummary } from '../../../../server/sinks/history/queries.ts';
import type { CurrentSubject } from '../../../../server/sinks/history/recorder.ts';
import { HistoryStore, type Subject } from '../../../../server/sinks/history/store.ts';

const AMSTERDAM = 'Europe/Amsterdam';
const ALICE = { entityId: 'person.alice', name: 'Alice' };
const BOB = { entityId: 'person.bob', name: 'Bob' };
const at = (iso: string): number => Date.parse(iso) / 1000;

let config: FloorplanConfig;
beforeAll(async () => {
  config = (await loadConfigFile('floorplan/example.yaml')).config!;
});

describe('the stats summary', () => {
  let dir: string;
  let store: HistoryStore;
  const open = (names = false): HistoryStore => HistoryStore.open({ file: join(dir, 'history.sqlite'), names, log: () => {} });
  const move = (t: string, subject: Subject, room: string | null, home: boolean | null = true): void =>
    store.addTransition({ t: at(t), subject, home, room, floor: room === null ? null : (config.rooms.find((r) => r.id === room)?.floor ?? null) });
  const current = (subject: Subject, room: string | null, home = true): CurrentSubject => ({ ...subject, home, room, floor: null, coordinates: null });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floorplan-stats-'));
    store = open();
  });
  afterEach(async () => {
    store.close(Date.now() / 1000);
    await rm(dir, { recursive: true, force: true });
  });

  /** A June day in Amsterdam (UTC+2): Alice still here, Bob gone from the plan. */
  function june(): void {
    move('2026-06-01T22:00:00+02:00', ALICE, 'main_bedroom');
    move('2026-06-02T07:30:00+02:00', ALICE, 'kitchen');
    move('2026-06-02T08:15:00+02:00', ALICE, null, false);
    move('2026-06-02T17:00:00+02:00', ALICE, 'living_room');
    move('2026-06-02T08:00:00+02:00', BOB, 'kitchen');
    move('2026-06-02T09:00:00+02:00', BOB, null, null);
    const sample = (t: string, x: number, y: number, floor: string): void => store.addPosition({ t: at(t), subject: ALICE, x, y, floor });
    sample('2026-06-02T17:00:01+02:00', 1.2, 1.3, 'ground');
    sample('2026-06-02T17:00:02+02:00', 1.24, 1.49, 'ground');
    sample('2026-06-02T17:00:03+02:00', 0.99, 1.0, 'ground');
    sample('2026-06-02T07:00:00+02:00', 9.9, 7.9, 'first');
    sample('2026-06-02T17:00:04+02:00', 10.5, 1, 'ground'); // outside the rooms' extent
    sample('2026-06-01T21:00:00+02:00', 1.2, 1.3, 'ground'); // yesterday
    store.flush();
  }

  it('adds up a day exactly: dwell, days, visits, timeline, heat map, who is home', () => {
    june();
    const now = at('2026-06-02T18:00:00+02:00');
    const summary = statsSummary(store, { range: 'today', now, timeZone: AMSTERDAM, config, subjects: [current(ALICE, 'living_room')] });
    const bob = { entity_id: `device:${store.hash(BOB.entityId).slice(0, 8)}`, name: 'Unknown device' };

    expect(summary.from).toBe('2026-06-01T22:00:00.000Z');
    expect(summary.to).toBe('2026-06-02T16:00:00.000Z');
    expect(summary.time_zone).toBe(AMSTERDAM);
    expect(summary.dwell).toEqual([
      {
        ...ALICE_SUBJECT,
        rooms: [
          { room: 'main_bedroom', name: 'Main bedroom', seconds: 7.5 * 3600 },
          { room: 'living_room', name: 'Living room', seconds: 3600 },
          { room: 'kitchen', name: 'Kitchen', seconds: 45 * 60 },
        ],
      },
      { ...bob, rooms: [{ room: 'kitchen', name: 'Kitchen', seconds: 3600 }] },
    ]);
    expect(summary.days).toEqual([
      {
        day: '2026-06-02',
        distinct_devices: 2,
        rooms: [
          { room: 'main_bedroom', seconds: 27_000 },
          { room: 'kitchen', seconds: 2700 + 3600 },
          { room: 'living_room', seconds: 3600 },
        ],
      },
    ]);
    expect(summary.average).toEqual([
      { room: 'main_bedroom', name: 'Main bedroom', visits: 1, seconds_per_visit: 27_000 },
      { room: 'kitchen', name: 'Kitchen', visits: 2, seconds_per_visit: (2700 + 3600) / 2 },
      { room: 'living_room', name: 'Living room', visits: 1, seconds_per_visit: 3600 },
    ]);
    expect(summary.timeline).toEqual([
      {
        ...ALICE_SUBJECT,
        transitions: [
          { t: '2026-06-01T22:00:00.000Z', room: 'main_bedroom' },
          { t: '2026-06-02T05:30:00.000Z', room: 'kitchen' },
          { t: '2026-06-02T06:15:00.000Z', room: null },
          { t: '2026-06-02T15:00:00.000Z', room: 'living_room' },
        ],
      },
      { ...bob, transitions: [{ t: '2026-06-02T06:00:00.000Z', room: 'kitchen' }, { t: '2026-06-02T07:00:00.000Z', room: null }] },
    ]);
    expect(summary.now.home).toEqual([{ ...ALICE_SUBJECT, room: 'living_room', room_name: 'Living room', since: '2026-06-02T15:00:00.000Z' }]);
    expect(summary.now.rooms.find((r) => r.room === 'living_room')).toEqual({ room: 'living_room', name: 'Living room', floor: 'ground', occupants: [ALICE_SUBJECT] });
    expect(summary.now.rooms.filter((r) => r.occupants.length > 0)).toHaveLength(1);

    // The example's floors span 10 x 8 m: 20 x 16 cells of 0.5 m.
    const [ground, first] = summary.heatmap;
    expect(ground).toMatchObject({ floor: 'ground', origin: [0, 0], cell: 0.5, columns: 20, rows: 16 });
    expect(first).toMatchObject({ floor: 'first', columns: 20, rows: 16 });
    const nonZero = (counts: number[]): [number, number][] => counts.flatMap((n, i) => (n > 0 ? [[i, n] as [number, number]] : []));
    expect(nonZero(ground!.counts)).toEqual([
      [2 * 20 + 1, 1], // (0.99, 1.0): column 1, row 2
      [2 * 20 + 2, 2], // (1.2, 1.3) and (1.24, 1.49): column 2, row 2
    ]);
    expect(nonZero(first!.counts)).toEqual([[15 * 20 + 19, 1]]);
  });

  it('names a hashed subject by the current entity it hashes from, and a stored one by its entity id when names are on', () => {
    june();
    const now = at('2026-06-02T18:00:00+02:00');
    const bobAround = statsSummary(store, { range: 'today', now, timeZone: AMSTERDAM, config, subjects: [current(BOB, null, false)] });
    expect(bobAround.dwell.map((d) => [d.entity_id, d.name])).toEqual([
      ['person.bob', 'Bob'],
      [`device:${store.hash(ALICE.entityId).slice(0, 8)}`, 'Unknown device'],
    ]);

    store.close(now);
    store = open(true);
    move('2026-06-02T17:30:00+02:00', BOB, 'study');
    store.flush();
    const named = statsSummary(store, { range: 'today', now, timeZone: AMSTERDAM, config, subjects: [] });
    expect(named.dwell.find((d) => d.entity_id === 'person.bob')).toMatchObject({ name: 'Bob', rooms: [{ room: 'kitchen', seconds: 3600 }, { room: 'study', seconds: 1800 }] });
  });

  it('counts a week across the change to summer time: seven local days, the 29th 23 hours long', () => {
    const people = ['person.carol', 'person.dan', 'person.erin'].map((entityId) => ({ entityId, name: entityId.slice(7) }));
    // Every day: bedroom until 07:00, kitchen until 08:00, out until 17:00, living room until 23:00, bed.
    const local = (day: number, hour: number): string => `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00${day > 29 || (day === 29 && hour >= 3) ? '+02:00' : '+01:00'}`;
    const now = at(local(31, 10));
    for (const person of people) {
      move(local(24, 23), person, 'main_bedroom');
      for (let day = 25; day <= 31; day++) {
        const plan: [number, string | null][] = [[7, 'kitchen'], [8, null], [17, 'living_room'], [23, 'main_bedroom']];
        for (const [hour, room] of plan) if (at(local(day, hour)) < now) move(local(day, hour), person, room, room !== null);
      }
    }
    store.flush();
    const summary = statsSummary(store, { range: 'week', now, timeZone: AMSTERDAM, config, subjects: [] });

    expect(summary.from).toBe('2026-03-24T23:00:00.000Z');
    const hours = (s: number): number => s / 3600;
    expect(summary.days.map((d) => [d.day, d.distinct_devices, Object.fromEntries(d.rooms.map((r) => [r.room, hours(r.seconds)]))])).toEqual([
      ['2026-03-25', 3, { main_bedroom: 24, living_room: 18, kitchen: 3 }],
      ['2026-03-26', 3, { main_bedroom: 24, living_room: 18, kitchen: 3 }],
      ['2026-03-27', 3, { main_bedroom: 24, living_room: 18, kitchen: 3 }],
      ['2026-03-28', 3, { main_bedroom: 24, living_room: 18, kitchen: 3 }],
      // 02:00 does not happen: an hour less asleep.
      ['2026-03-29', 3, { main_bedroom: 21, living_room: 18, kitchen: 3 }],
      ['2026-03-30', 3, { main_bedroom: 24, living_room: 18, kitchen: 3 }],
      ['2026-03-31', 3, { main_bedroom: 21, kitchen: 3 }],
    ]);
    // Per person: 7 h before the range's first morning, five 8 h nights and one of 7 h.
    for (const d of summary.dwell) expect(Object.fromEntries(d.rooms.map((r) => [r.room, hours(r.seconds)]))).toEqual({ main_bedroom: 54, living_room: 36, kitchen: 7 });
    expect(summary.average.find((a) => a.room === 'living_room')).toEqual({ room: 'living_room', name: 'Living room', visits: 18, seconds_per_visit: 6 * 3600 });
  });
});

const ALICE_SUBJECT = { entity_id: ALICE.entityId, name: ALICE.name };
