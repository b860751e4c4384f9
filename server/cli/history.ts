/**
 * `floorplan history export`: the sidecar's history database as CSV on stdout. The file is opened
 * read-only, so this runs beside a sidecar that is writing it.
 */
import { join } from 'node:path';
import { HISTORY_FILE, HistoryStore } from '../sinks/history/store.ts';
import { storedSubject } from '../sinks/history/queries.ts';
import type { StatsSubject } from '../sinks/card/messages.ts';
import { fail, LineWriter, parseOptions, usageError } from './common.ts';
import { defaultStateDir } from './home-assistant.ts';

const USAGE = `Usage: floorplan history export [options]

Writes the sidecar's history (docs/PRESENCE.md, "History") to stdout as CSV with a header row,
oldest first, times in ISO 8601 (UTC). Subjects are entity ids when the sidecar stores names
(--history-names), else device:<hash prefix>, the same for the same entity throughout.

Options:
      --state-dir DIR  the sidecar's state folder, holding ${HISTORY_FILE} (env FLOORPLAN_STATE_DIR;
                       default $XDG_STATE_HOME/floorplan-presence, else ~/.local/state/floorplan-presence)
      --from TIME      from this time on, ISO 8601 (2026-06-01 is midnight UTC; 2026-06-01T00:00+02:00)
      --to TIME        until this time, not included (default: all)
      --kind KIND      transitions (default): time, subject, name, state (home, away or unknown),
                       room, floor; positions: time, subject, name, x, y (metres), floor
  -h, --help           show this help
`;

const OPTIONS = {
  'state-dir': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  kind: { type: 'string' },
} as const;

const KINDS = ['transitions', 'positions'] as const;

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
const field = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const csv = (values: (string | number | null)[]): string => values.map(field).join(',');
const iso = (t: number): string => new Date(t * 1000).toISOString();

/** `argv` is what follows `history`. Returns the exit code. */
export async function runHistory(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === '--help' || action === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (action !== 'export') return usageError('history', action === undefined ? 'say what to do: export' : `unknown action "${action}" (known: export)`, USAGE);
  const args = parseOptions('history export', rest, OPTIONS, USAGE);
  if (typeof args === 'number') return args;

  const time = (flag: 'from' | 'to'): number | null | string => {
    const text = args[flag];
    if (text === undefined) return null;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? `--${flag} must be an ISO 8601 time such as 2026-06-01T08:00:00Z, got ${JSON.stringify(text)}` : ms / 1000;
  };
  const from = time('from');
  const to = time('to');
  if (typeof from === 'string') return usageError('history export', from, USAGE);
  if (typeof to === 'string') return usageError('history export', to, USAGE);
  const kind = args.kind ?? 'transitions';
  if (!(KINDS as readonly string[]).includes(kind)) return usageError('history export', `--kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(kind)}`, USAGE);

  const file = join(args['state-dir'] ?? process.env['FLOORPLAN_STATE_DIR'] ?? defaultStateDir(process.env), HISTORY_FILE);
  let store: HistoryStore;
  try {
    store = HistoryStore.open({ file, names: false, readonly: true, log: () => {} });
  } catch (err) {
    return fail('history export', `cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const subjects = new Map(store.subjects().map((s) => [s.hash, storedSubject(s)]));
    const who = (hash: string): StatsSubject => subjects.get(hash)!;
    const out = new LineWriter('-');
    const range = [from ?? -Infinity, to ?? Infinity] as const;
    if (kind === 'transitions') {
      await out.write(csv(['time', 'subject', 'name', 'state', 'room', 'floor']));
      for (const r of store.eachTransition(...range)) {
        const { entity_id, name } = who(r.subject);
        const state = r.home === null ? 'unknown' : r.home ? 'home' : 'away';
        if (!(await out.write(csv([iso(r.t), entity_id, name, state, r.room, r.floor])))) break;
      }
    } else {
      await out.write(csv(['time', 'subject', 'name', 'x', 'y', 'floor']));
      for (const r of store.eachPosition(...range)) {
        const { entity_id, name } = who(r.subject);
        if (!(await out.write(csv([iso(r.t), entity_id, name, r.x, r.y, r.floor])))) break;
      }
    }
    await out.close();
    return 0;
  } finally {
    store.close(0);
  }
}
