/**
 * The history as a host runs it (the sidecar, the demo): the store in the state folder, the
 * recorder fed on each publish, a flush every second and pruning at start and every hour. A file
 * that cannot be opened is reported in the status, never thrown: the sidecar runs without history.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FloorplanConfig } from '../../config/types.ts';
import type { StatsSummary } from '../card/messages.ts';
import { statsSummary, type StatsRange } from './queries.ts';
import { HistoryRecorder, type CurrentSubject } from './recorder.ts';
import { HISTORY_FILE, HistoryStore, type StoreStatus } from './store.ts';

export interface HistorySettings {
  /** Days kept; 0: no history. */
  retentionDays: number;
  /** Store entity ids and names instead of hashes alone. */
  names: boolean;
}

export const DEFAULT_RETENTION_DAYS = 30;

const FLUSH_EVERY_MS = 1_000;
const PRUNE_EVERY_MS = 3_600_000;
const DAY_S = 86_400;

/** The `history` block of the sidecar's status. */
export interface HistoryStatus extends StoreStatus {
  file: string;
  retention_days: number;
  names: boolean;
}

export interface HistoryHost {
  /** Seconds since the epoch, on the host's clock (the demo's runs faster). */
  now(): number;
  log(message: string): void;
}

export class History {
  private readonly recorder: HistoryRecorder | null;
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(
    private readonly file: string,
    private readonly store: HistoryStore | null,
    private readonly openError: string | null,
    private readonly settings: HistorySettings,
    private readonly host: HistoryHost,
  ) {
    this.recorder = store && new HistoryRecorder(store);
    if (!store) return;
    this.timers.push(setInterval(() => store.flush(), FLUSH_EVERY_MS), setInterval(() => void this.prune(), PRUNE_EVERY_MS));
    for (const timer of this.timers) timer.unref();
    void this.prune();
  }

  /** The history in `dir` (made if missing), or null when it is off (retention 0). */
  static open(dir: string, settings: HistorySettings, host: HistoryHost): History | null {
    if (settings.retentionDays === 0) return null;
    const file = join(dir, HISTORY_FILE);
    try {
      mkdirSync(dir, { recursive: true });
      const store = HistoryStore.open({ file, names: settings.names, log: host.log });
      return new History(file, store, null, settings, host);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      host.log(`history: cannot open ${file} (${message}); running without history`);
      return new History(file, null, message, settings, host);
    }
  }

  record(subjects: readonly CurrentSubject[]): void {
    this.recorder?.record(this.host.now(), subjects);
  }

  summary(range: StatsRange, context: { timeZone: string; config: FloorplanConfig; subjects: readonly CurrentSubject[] }): StatsSummary {
    if (!this.store) throw new Error(`the history database ${this.file} could not be opened: ${this.openError}`);
    // The last second's records first, so that the figures include them.
    this.store.flush();
    return statsSummary(this.store, { range, now: this.host.now(), ...context });
  }

  status(): HistoryStatus {
    const store = this.store?.status() ?? { ok: false, error: this.openError, transitions: 0, positions: 0, file_bytes: 0, dropped_rows: 0 };
    return { ...store, file: this.file, retention_days: this.settings.retentionDays, names: this.settings.names };
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.store?.close(this.host.now());
  }

  private prune(): Promise<void> {
    return this.store!.prune(this.host.now() - this.settings.retentionDays * DAY_S);
  }
}
