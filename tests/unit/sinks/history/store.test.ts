import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore, SCHEMA_VERSION, type StoreOptions } from '../../../../server/sinks/history/store.ts';

const ALICE = { entityId: 'person.alice_smith', name: 'Alice Smith' };
const BOB = { entityId: 'person.bob', name: 'Bob' };
const T0 = Date.parse('2026-06-01T08:00:00Z') / 1000;

describe('the history store', () => {
  let dir: string;
  let file: string;
  let logs: string[];
  const open = (options: Partial<StoreOptions> = {}): HistoryStore => HistoryStore.open({ file, names: false, log: (m) => logs.push(m), ...options });
  /** The database and its WAL, as bytes on disk. */
  const bytes = async (): Promise<Buffer> => Buffer.concat([await readFile(file), await readFile(`${file}-wal`).catch(() => Buffer.alloc(0))]);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floorplan-history-'));
    file = join(dir, 'history.sqlite');
    logs = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is a WAL-mode file at the current schema version, and keeps what was flushed across a reopen', () => {
    const store = open();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.addTransition({ t: T0, subject: ALICE, home: true, room: 'kitchen', floor: 'ground' });
    store.addPosition({ t: T0 + 0.4, subject: ALICE, x: 8.123, y: 6.5, floor: 'ground' });
    expect(store.flush()).toBe(true);
    expect(store.status()).toMatchObject({ ok: true, error: null, transitions: 1, positions: 1, dropped_rows: 0 });
    store.close(T0 + 10);

    const again = open();
    const hash = again.hash(ALICE.entityId);
    // The stay is closed at the stop: the time until the next start is not time in the kitchen.
    expect(again.transitions(T0 - 1, T0 + 60)).toEqual([
      { t: T0, subject: hash, home: true, room: 'kitchen', floor: 'ground' },
      { t: T0 + 10, subject: hash, home: null, room: null, floor: null },
    ]);
    expect([...again.eachPosition(T0 - 1, T0 + 60)]).toEqual([{ t: T0, subject: hash, x: 8.12, y: 6.5, floor: 'ground' }]);
    again.close(T0 + 20);
  });

  it('closes the states a killed sidecar left open at its last write', () => {
    const store = open();
    store.addTransition({ t: T0, subject: ALICE, home: true, room: 'kitchen', floor: 'ground' });
    store.addPosition({ t: T0 + 30, subject: ALICE, x: 8, y: 6, floor: 'ground' });
    store.flush();
    store.db.close(); // no close(): as after kill -9

    const again = open();
    expect(again.transitions(T0 - 1, T0 + 3600).map((r) => [r.t, r.home])).toEqual([
      [T0, true],
      [T0 + 30, null],
    ]);
    again.close(T0 + 40);
  });

  it('stores hashes, never entity ids or names, unless names are on; turning them off erases them from the file', async () => {
    const store = open();
    const hash = store.hash(ALICE.entityId);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    store.addTransition({ t: T0, subject: ALICE, home: true, room: 'kitchen', floor: 'ground' });
    store.addPosition({ t: T0, subject: ALICE, x: 1, y: 1, floor: 'ground' });
    store.flush();
    expect(store.subjects()).toEqual([{ hash, entityId: null, name: null }]);
    store.close(T0 + 1);
    let text = (await bytes()).toString('latin1');
    expect(text).not.toContain('alice');
    expect(text).not.toContain('Alice');

    // Stable across restarts (the key is in the file), different in another file.
    const named = open({ names: true });
    expect(named.hash(ALICE.entityId)).toBe(hash);
    named.addTransition({ t: T0 + 2, subject: ALICE, home: true, room: 'hall', floor: 'ground' });
    named.addTransition({ t: T0 + 2, subject: BOB, home: true, room: 'hall', floor: 'ground' });
    named.flush();
    expect(named.subjects().sort((a, b) => (a.entityId ?? '').localeCompare(b.entityId ?? ''))).toEqual([
      { hash, entityId: ALICE.entityId, name: ALICE.name },
      { hash: named.hash(BOB.entityId), entityId: BOB.entityId, name: BOB.name },
    ]);
    named.close(T0 + 3);
    expect((await bytes()).toString('latin1')).toContain(ALICE.entityId);
    const other = HistoryStore.open({ file: join(dir, 'other.sqlite'), names: false, log: () => {} });
    expect(other.hash(ALICE.entityId)).not.toBe(hash);
    other.close(T0);

    open().close(T0 + 4);
    text = (await bytes()).toString('latin1');
    for (const word of ['alice', 'Alice', 'person.bob', 'Bob']) expect(text).not.toContain(word);
  });

  it('migrates a version 1 file, keeping its rows', () => {
    // Version 1 as it was written: positions in REAL seconds and metres with a rowid.
    const old = new Database(file);
    old.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) WITHOUT ROWID;
      CREATE TABLE subjects (id INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL UNIQUE, entity_id TEXT, name TEXT);
      CREATE TABLE transitions (t REAL NOT NULL, subject INTEGER NOT NULL, home INTEGER, room TEXT, floor TEXT);
      CREATE INDEX transitions_t ON transitions (t);
      CREATE INDEX transitions_subject ON transitions (subject, t);
      CREATE TABLE positions (t REAL NOT NULL, subject INTEGER NOT NULL, x REAL NOT NULL, y REAL NOT NULL, floor TEXT NOT NULL);
      CREATE INDEX positions_t ON positions (t);
      PRAGMA user_version = 1;`);
    old.prepare(`INSERT INTO meta VALUES ('hmac_key', ?)`).run(Buffer.alloc(32, 7));
    old.prepare(`INSERT INTO subjects (hash) VALUES ('abc123')`).run();
    old.prepare('INSERT INTO transitions VALUES (?, 1, 1, ?, ?)').run(T0, 'study', 'ground');
    old.prepare('INSERT INTO positions VALUES (?, 1, ?, ?, ?)').run(T0 + 0.7, 7.256, 1.5, 'ground');
    old.prepare('INSERT INTO positions VALUES (?, 1, ?, ?, ?)').run(T0 + 1.2, 7.3, 1.49, 'ground');
    old.prepare('INSERT INTO positions VALUES (?, 1, ?, ?, ?)').run(T0 + 2, -0.3, 1.5, 'ground');
    old.close();

    const store = open();
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.transitions(T0 - 1, T0 + 1)).toEqual([{ t: T0, subject: 'abc123', home: true, room: 'study', floor: 'ground' }]);
    expect([...store.eachPosition(T0 - 1, T0 + 5)]).toEqual([
      { t: T0, subject: 'abc123', x: 7.26, y: 1.5, floor: 'ground' },
      { t: T0 + 1, subject: 'abc123', x: 7.3, y: 1.49, floor: 'ground' },
      { t: T0 + 2, subject: 'abc123', x: -0.3, y: 1.5, floor: 'ground' },
    ]);
    // The heat map's counts come from the positions kept: 0.5 m cells from x = y = 0.
    const cells = store.heatCounts('ground', T0, T0 + 1).sort((a, b) => a.cx - b.cx || a.cy - b.cy);
    expect(cells).toEqual([
      { cx: -1, cy: 3, count: 1 },
      { cx: 14, cy: 2, count: 1 },
      { cx: 14, cy: 3, count: 1 },
    ]);
    expect(store.status()).toMatchObject({ transitions: 1, positions: 3 });
    store.close(T0 + 2);
  });

  it('refuses a file from a newer sidecar, saying so', () => {
    const newer = new Database(file);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    expect(() => open()).toThrow(`has history schema version ${SCHEMA_VERSION + 1}, newer than this sidecar's ${SCHEMA_VERSION}: update the sidecar`);
  });

  it('prunes what is older than the retention, keeping the state each subject was in then', async () => {
    const store = open();
    const day = 86_400;
    store.addTransition({ t: T0, subject: ALICE, home: true, room: 'study', floor: 'ground' });
    store.addTransition({ t: T0, subject: BOB, home: true, room: 'hall', floor: 'ground' });
    store.addTransition({ t: T0 + day, subject: BOB, home: null, room: null, floor: null });
    store.addTransition({ t: T0 + 3 * day, subject: ALICE, home: true, room: 'kitchen', floor: 'ground' });
    // Two days and a bit of positions, one every 10 s: several prune steps.
    for (let t = T0; t < T0 + 2.2 * day; t += 10) store.addPosition({ t, subject: ALICE, x: 8, y: 2, floor: 'ground' });
    store.flush();
    const cutoff = T0 + 2 * day;
    await store.prune(cutoff);

    const alice = store.hash(ALICE.entityId);
    // Bob's last state before the cutoff was "not known": he is forgotten.
    expect(store.transitions(0, T0 + 4 * day)).toEqual([
      { t: cutoff, subject: alice, home: true, room: 'study', floor: 'ground' },
      { t: T0 + 3 * day, subject: alice, home: true, room: 'kitchen', floor: 'ground' },
    ]);
    expect(store.subjects().map((s) => s.hash)).toEqual([alice]);
    const positions = [...store.eachPosition(0, T0 + 4 * day)];
    expect(positions[0]!.t).toBe(cutoff);
    expect(positions).toHaveLength(Math.ceil((0.2 * day) / 10));
    expect(store.heatCounts('ground', 0, T0 + 4 * day).reduce((sum, cell) => sum + cell.count, 0)).toBe(positions.length);
    expect(store.status()).toMatchObject({ transitions: 2, positions: positions.length });
    store.close(T0 + 4 * day);
  });

  it('reports a full disk, drops and counts the rows, and writes again once there is room', () => {
    const store = open();
    store.addTransition({ t: T0, subject: ALICE, home: true, room: 'kitchen', floor: 'ground' });
    store.flush();
    // No page beyond those the file has: the next rows do not fit.
    store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    const rows = (from: number): void => {
      for (let i = 0; i < 2000; i++) store.addPosition({ t: from + i, subject: ALICE, x: i / 100, y: 1, floor: 'ground' });
    };
    rows(T0);
    expect(store.flush()).toBe(false);
    rows(T0 + 2000);
    expect(store.flush()).toBe(false);
    const status = store.status();
    expect(status).toMatchObject({ ok: false, dropped_rows: 4000, transitions: 1, positions: 0 });
    expect(status.error).toMatch(/^SQLITE_FULL: /);
    expect(logs).toEqual([expect.stringMatching(/^history: cannot write .*history\.sqlite \(SQLITE_FULL: database or disk is full\); dropping rows until a write succeeds$/)]);

    store.db.pragma('max_page_count = 1000000');
    rows(T0 + 4000);
    expect(store.flush()).toBe(true);
    expect(store.status()).toMatchObject({ ok: true, error: null, positions: 2000, dropped_rows: 4000 });
    expect(logs[1]).toBe('history: writing again (4000 rows were dropped meanwhile)');
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close(T0 + 7000);
  });
});
