/**
 * The history database, `<stateDir>/history.sqlite`: every SQL statement of the history lives here.
 *
 * Durability: WAL mode with `synchronous = NORMAL`. A commit is in the WAL file once write()
 * returns, so a killed process (kill -9) loses nothing it committed and never leaves a corrupt
 * file; a power cut can lose the last commits since a checkpoint, and the file is consistent
 * after it too. FULL would add an fsync per commit (one a second here) that a process crash does
 * not need.
 *
 * Writes wait in memory and are committed together once a second (`flush`), and pruning deletes
 * an hour of positions per step, so the event loop is never held for long. A write that fails
 * (disk full, I/O error, read-only file) drops its rows and counts them, is logged once, and
 * the next flush tries again: the sidecar never stops for its history.
 *
 * Subjects (moving entities) are stored as HMAC-SHA-256 of their entity id under a random key
 * made on first open and kept in the file: stable across restarts, and a list of names cannot be
 * matched against them without the file's key. With `names` the entity id and name are kept beside
 * the hash; opening with names off erases them (overwritten, not merely unlinked).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';

export const HISTORY_FILE = 'history.sqlite';

/** Heat map cells: squares of this side, from x = y = 0. */
export const HEAT_CELL_CM = 50;
/** Heat map counts are kept per quarter hour: local midnight is on one in every time zone. */
const QUARTER_S = 900;

/**
 * Each entry brings the schema from the version before it (PRAGMA user_version) to its own; an
 * existing file runs the ones it lacks, each in its own transaction, and keeps its data. An entry
 * never changes once released: its numbers are written out, not taken from the constants above.
 */
const MIGRATIONS: readonly string[] = [
  // 1: the first schema. transitions.home: 1 home, 0 away, NULL not known (the sidecar was stopped).
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
   CREATE TABLE subjects (id INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL UNIQUE, entity_id TEXT, name TEXT);
   CREATE TABLE transitions (t REAL NOT NULL, subject INTEGER NOT NULL, home INTEGER, room TEXT, floor TEXT);
   CREATE INDEX transitions_t ON transitions (t);
   CREATE INDEX transitions_subject ON transitions (subject, t);
   CREATE TABLE positions (t REAL NOT NULL, subject INTEGER NOT NULL, x REAL NOT NULL, y REAL NOT NULL, floor TEXT NOT NULL);
   CREATE INDEX positions_t ON positions (t);`,
  // 2: positions in whole seconds and centimetres, keyed by (t, subject) without a rowid or a
  // second index: one sample per second per subject is all the recorder keeps, and a row shrinks
  // from about 63 bytes to about 27. And the heat map's counts per quarter hour and 0.5 m cell, kept
  // as positions are written: counting a week of samples took seconds (docs/BENCHMARKS.md, "History").
  `CREATE TABLE positions_v2 (t INTEGER NOT NULL, subject INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL, floor TEXT NOT NULL,
     PRIMARY KEY (t, subject)) WITHOUT ROWID;
   INSERT OR IGNORE INTO positions_v2
     SELECT CAST(t AS INTEGER), subject, CAST(round(x * 100) AS INTEGER), CAST(round(y * 100) AS INTEGER), floor FROM positions ORDER BY t;
   DROP TABLE positions;
   ALTER TABLE positions_v2 RENAME TO positions;
   CREATE TABLE heat (quarter INTEGER NOT NULL, floor TEXT NOT NULL, cx INTEGER NOT NULL, cy INTEGER NOT NULL, n INTEGER NOT NULL,
     PRIMARY KEY (quarter, floor, cx, cy)) WITHOUT ROWID;
   INSERT INTO heat
     SELECT t / 900 * 900, floor, CAST(floor(x / 50.0) AS INTEGER), CAST(floor(y / 50.0) AS INTEGER), count(*) FROM positions GROUP BY 1, 2, 3, 4;`,
];
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Positions are deleted this many seconds of them at a time (an hour: 36,000 rows for 10 people). */
const PRUNE_STEP_S = 3600;

/** A moving entity as the recorder knows it. */
export interface Subject {
  entityId: string;
  name: string;
}

export interface TransitionInput {
  t: number;
  subject: Subject;
  /** Null: not known from here on (the entity is gone, or the sidecar stops). */
  home: boolean | null;
  room: string | null;
  floor: string | null;
}

export interface PositionInput {
  t: number;
  subject: Subject;
  x: number;
  y: number;
  floor: string;
}

/** A stored transition; `subject` is the subject's hash. */
export interface StoredTransition {
  t: number;
  subject: string;
  home: boolean | null;
  room: string | null;
  floor: string | null;
}

/** The entity id and name are null unless names are stored. */
export interface StoredSubject {
  hash: string;
  entityId: string | null;
  name: string | null;
}

export interface StoredPosition {
  t: number;
  subject: string;
  x: number;
  y: number;
  floor: string;
}


export interface StoreStatus {
  ok: boolean;
  /** The last write's failure while writes fail, e.g. "SQLITE_FULL: database or disk is full". */
  error: string | null;
  transitions: number;
  positions: number;
  /** The database and its WAL file. */
  file_bytes: number;
  /** Rows not written because a write failed, since the sidecar started. */
  dropped_rows: number;
}

export interface StoreOptions {
  file: string;
  /** Store entity ids and names beside the hashes. */
  names: boolean;
  /** No migration and no writes: the export command, while a sidecar may be writing. */
  readonly?: boolean;
  log(message: string): void;
}

type Row = Record<string, unknown>;

const boolOrNull = (value: unknown): boolean | null => (value === null ? null : value === 1);

export class HistoryStore {
  private readonly key: Buffer | null;
  private readonly hashes = new Map<string, string>();
  /** Subject hash → row id and the name stored with it, for subjects written this session. */
  private readonly ids = new Map<string, { id: number; name: string | null }>();
  private pendingTransitions: TransitionInput[] = [];
  private pendingPositions: PositionInput[] = [];
  private counts: { transitions: number; positions: number };
  private error: string | null = null;
  private dropped = 0;
  private closed = false;

  private constructor(
    readonly db: Database.Database,
    private readonly options: StoreOptions,
  ) {
    this.key = (db.prepare(`SELECT value FROM meta WHERE key = 'hmac_key'`).pluck().get() as Buffer | undefined) ?? null;
    this.counts = {
      transitions: (db.prepare('SELECT count(*) AS n FROM transitions').get() as Row)['n'] as number,
      positions: (db.prepare('SELECT count(*) AS n FROM positions').get() as Row)['n'] as number,
    };
  }

  /** Opens (creating and migrating) the file; throws when it cannot be opened or is newer than this code. */
  static open(options: StoreOptions): HistoryStore {
    const db = new Database(options.file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) throw new Error(`${options.file} has history schema version ${version}, newer than this sidecar's ${SCHEMA_VERSION}: update the sidecar`);
      if (options.readonly) {
        if (version < SCHEMA_VERSION) throw new Error(`${options.file} has history schema version ${version}; start the sidecar once to migrate it to ${SCHEMA_VERSION}`);
        return new HistoryStore(db, options);
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      for (let v = version; v < SCHEMA_VERSION; v++) {
        db.transaction(() => {
          db.exec(MIGRATIONS[v]!);
          db.pragma(`user_version = ${v + 1}`);
        })();
      }
      db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('hmac_key', ?)`).run(randomBytes(32));
      if (!options.names) forgetNames(db);
      const store = new HistoryStore(db, options);
      store.closeOpenStates();
      return store;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** How a subject is stored: HMAC-SHA-256 of its entity id, hex. */
  hash(entityId: string): string {
    let hash = this.hashes.get(entityId);
    if (hash === undefined) {
      if (this.key === null) throw new Error('the history has no subject key yet');
      hash = createHmac('sha256', this.key).update(entityId).digest('hex');
      this.hashes.set(entityId, hash);
    }
    return hash;
  }

  addTransition(row: TransitionInput): void {
    this.pendingTransitions.push(row);
  }

  addPosition(row: PositionInput): void {
    this.pendingPositions.push(row);
  }

  /** Commits what waits, in one transaction; false when the write failed (its rows are dropped). */
  flush(): boolean {
    const transitions = this.pendingTransitions;
    const positions = this.pendingPositions;
    if (transitions.length + positions.length === 0) return true;
    this.pendingTransitions = [];
    this.pendingPositions = [];
    try {
      let added = 0;
      this.db.transaction(() => {
        const insertTransition = this.db.prepare('INSERT INTO transitions (t, subject, home, room, floor) VALUES (?, ?, ?, ?, ?)');
        for (const r of transitions) insertTransition.run(r.t, this.subjectId(r.subject), r.home === null ? null : Number(r.home), r.room, r.floor);
        const insertPosition = this.db.prepare('INSERT OR IGNORE INTO positions (t, subject, x, y, floor) VALUES (?, ?, ?, ?, ?)');
        const count = this.db.prepare('INSERT INTO heat (quarter, floor, cx, cy, n) VALUES (?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1');
        for (const r of positions) {
          const [t, x, y] = [Math.floor(r.t), Math.round(r.x * 100), Math.round(r.y * 100)];
          if (insertPosition.run(t, this.subjectId(r.subject), x, y, r.floor).changes === 0) continue;
          added++;
          count.run(Math.floor(t / QUARTER_S) * QUARTER_S, r.floor, Math.floor(x / HEAT_CELL_CM), Math.floor(y / HEAT_CELL_CM));
        }
        const last = Math.max(...transitions.map((r) => r.t), ...positions.map((r) => r.t));
        this.db.prepare(`INSERT INTO meta (key, value) VALUES ('last_write', ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)`).run(last);
      })();
      this.counts.transitions += transitions.length;
      this.counts.positions += added;
      this.succeeded();
      return true;
    } catch (err) {
      // The transaction was rolled back: subjects it added are not there.
      this.ids.clear();
      this.failed(err, transitions.length + positions.length);
      return false;
    }
  }

  /**
   * Deletes what is older than `before`, a step at a time. Each subject keeps the state it was in
   * then, moved to `before`, so that the oldest day kept still knows who was where; subjects with
   * nothing left are forgotten.
   */
  async prune(before: number): Promise<void> {
    try {
      const removed = this.db.transaction(() => {
        this.db
          .prepare(
            `UPDATE transitions SET t = :before WHERE home IS NOT NULL AND rowid IN (
               SELECT rowid FROM (SELECT rowid, subject, max(t) FROM transitions WHERE t < :before GROUP BY subject))`,
          )
          .run({ before });
        const { changes } = this.db.prepare('DELETE FROM transitions WHERE t < ?').run(before);
        this.db.prepare('DELETE FROM subjects WHERE id NOT IN (SELECT DISTINCT subject FROM transitions)').run();
        this.db.prepare('DELETE FROM heat WHERE quarter + ? <= ?').run(QUARTER_S, before);
        return changes;
      })();
      this.counts.transitions -= removed;
      this.ids.clear();
      const oldest = this.db.prepare('SELECT min(t) AS t FROM positions').pluck();
      const remove = this.db.prepare('DELETE FROM positions WHERE t < ?');
      for (let from = oldest.get() as number | null; from !== null && from < before && !this.closed; from += PRUNE_STEP_S) {
        this.counts.positions -= remove.run(Math.min(before, from + PRUNE_STEP_S)).changes;
        await nextTurn();
      }
      this.succeeded();
    } catch (err) {
      this.failed(err, 0);
    }
  }

  /** Writes what waits and closes the file; every subject's state is not known from `now` on. */
  close(now: number): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.options.readonly) {
      this.flush();
      try {
        this.db.prepare(`INSERT INTO meta (key, value) VALUES ('last_write', ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)`).run(now);
        this.closeOpenStates();
      } catch (err) {
        this.failed(err, 0);
      }
    }
    this.db.close();
  }

  status(): StoreStatus {
    return {
      ok: this.error === null,
      error: this.error,
      transitions: this.counts.transitions,
      positions: this.counts.positions,
      file_bytes: fileSize(this.options.file) + fileSize(`${this.options.file}-wal`),
      dropped_rows: this.dropped,
    };
  }

  // Reading

  /** Every subject, with its entity id and name when names are stored. */
  subjects(): StoredSubject[] {
    return (this.db.prepare('SELECT hash, entity_id, name FROM subjects').all() as Row[]).map((r) => ({
      hash: r['hash'] as string,
      entityId: r['entity_id'] as string | null,
      name: r['name'] as string | null,
    }));
  }

  /** Transitions in [from, to), oldest first, after each subject's last one before `from` (its state then). */
  transitions(from: number, to: number): StoredTransition[] {
    const rows = this.db
      .prepare(
        `SELECT t, hash, home, room, floor FROM (
           SELECT subject, max(t) AS t, home, room, floor FROM transitions WHERE t < :from GROUP BY subject
           UNION ALL
           SELECT subject, t, home, room, floor FROM transitions WHERE t >= :from AND t < :to
         ) JOIN subjects ON subjects.id = subject ORDER BY t`,
      )
      .all({ from, to }) as Row[];
    return rows.map((r) => ({ t: r['t'] as number, subject: r['hash'] as string, home: boolOrNull(r['home']), room: r['room'] as string | null, floor: r['floor'] as string | null }));
  }

  /** When the subject's current stay (home, in `room`) began, or null when it is not in the history. */
  stayStart(hash: string, room: string | null): number | null {
    return this.db
      .prepare(
        `SELECT min(t) FROM transitions WHERE subject = (SELECT id FROM subjects WHERE hash = :hash) AND t > coalesce(
           (SELECT max(t) FROM transitions WHERE subject = (SELECT id FROM subjects WHERE hash = :hash) AND (home IS NOT 1 OR room IS NOT :room)), -1)`,
      )
      .pluck()
      .get({ hash, room }) as number | null;
  }

  /**
   * Position samples on a floor per HEAT_CELL_CM cell (cx = floor(x / cell), cy likewise), in the
   * quarter hours that start within [from, to).
   */
  heatCounts(floor: string, from: number, to: number): { cx: number; cy: number; count: number }[] {
    const rows = this.db
      .prepare('SELECT cx, cy, sum(n) AS n FROM heat WHERE quarter >= ? AND quarter < ? AND floor = ? GROUP BY cx, cy')
      .all(from, to, floor) as Row[];
    return rows.map((r) => ({ cx: r['cx'] as number, cy: r['cy'] as number, count: r['n'] as number }));
  }

  /** Transitions in [from, to), oldest first, one at a time (the export). */
  *eachTransition(from: number, to: number): Generator<StoredTransition> {
    const rows = this.db.prepare('SELECT t, hash, home, room, floor FROM transitions JOIN subjects ON subjects.id = subject WHERE t >= ? AND t < ? ORDER BY t').iterate(from, to);
    for (const r of rows as IterableIterator<Row>) yield { t: r['t'] as number, subject: r['hash'] as string, home: boolOrNull(r['home']), room: r['room'] as string | null, floor: r['floor'] as string | null };
  }

  /** Positions in [from, to), oldest first, one at a time, in metres (the export). */
  *eachPosition(from: number, to: number): Generator<StoredPosition> {
    const rows = this.db.prepare('SELECT t, hash, x, y, floor FROM positions JOIN subjects ON subjects.id = subject WHERE t >= ? AND t < ? ORDER BY t').iterate(Math.ceil(from), Math.ceil(to));
    for (const r of rows as IterableIterator<Row>) yield { t: r['t'] as number, subject: r['hash'] as string, x: (r['x'] as number) / 100, y: (r['y'] as number) / 100, floor: r['floor'] as string };
  }

  // Internals

  private subjectId(subject: Subject): number {
    const hash = this.hash(subject.entityId);
    const name = this.options.names ? subject.name : null;
    const known = this.ids.get(hash);
    if (known && known.name === name) return known.id;
    const id = this.db
      .prepare('INSERT INTO subjects (hash, entity_id, name) VALUES (?, ?, ?) ON CONFLICT (hash) DO UPDATE SET entity_id = excluded.entity_id, name = excluded.name RETURNING id')
      .pluck()
      .get(hash, name === null ? null : subject.entityId, name) as number;
    this.ids.set(hash, { id, name });
    return id;
  }

  /**
   * Ends every subject's last known state at the last write: after a stop, or a crash that had no
   * chance to, the time until the sidecar runs again is not counted as time in a room.
   */
  private closeOpenStates(): void {
    const last = this.db.prepare(`SELECT value FROM meta WHERE key = 'last_write'`).pluck().get() as number | undefined;
    if (last === undefined) return;
    this.counts.transitions += this.db
      .prepare(
        `INSERT INTO transitions (t, subject, home, room, floor)
         SELECT max(:last, t), subject, NULL, NULL, NULL FROM (SELECT subject, max(t) AS t, home FROM transitions GROUP BY subject) WHERE home IS NOT NULL`,
      )
      .run({ last }).changes;
  }

  private succeeded(): void {
    if (this.error === null) return;
    this.options.log(`history: writing again${this.dropped > 0 ? ` (${this.dropped} rows were dropped meanwhile)` : ''}`);
    this.error = null;
  }

  private failed(err: unknown, rows: number): void {
    this.dropped += rows;
    const message = err instanceof Error ? `${(err as { code?: string }).code ?? err.name}: ${err.message}` : String(err);
    if (this.error === null) this.options.log(`history: cannot write ${this.options.file} (${message}); dropping rows until a write succeeds`);
    this.error = message;
  }
}

/** Erases stored entity ids and names, overwriting their bytes in the file and the WAL. */
function forgetNames(db: Database.Database): void {
  if (db.prepare('SELECT 1 FROM subjects WHERE entity_id IS NOT NULL OR name IS NOT NULL LIMIT 1').get() === undefined) return;
  db.pragma('secure_delete = ON');
  db.prepare('UPDATE subjects SET entity_id = NULL, name = NULL').run();
  db.pragma('secure_delete = OFF');
  db.pragma('wal_checkpoint(TRUNCATE)');
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
