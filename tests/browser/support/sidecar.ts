/**
 * The sidecar's side of the card's requests, in the test process: the real dispatch (callService
 * and card-requests.ts) over a ConfigStore on a temporary copy of a floorplan.yaml, so that the
 * editor's saves really edit a file, the real calibration manager, so that a calibration
 * session really fits and applies, and a real history database, so that the stats are computed from
 * what was recorded. Positions, the devices to calibrate with, what the history records and the
 * clock are scripted by the test.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalibrationManager, type ReferenceLink } from '../../../server/calibration/manager.ts';
import { ConfigStore, fileSource } from '../../../server/config/store.ts';
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { callService, type ServiceHost } from '../../../server/services/dispatch.ts';
import type { QueryContext } from '../../../server/services/queries.ts';
import { configRevision } from '../../../server/sinks/card/layout.ts';
import type { CalibrationDevice, CardPositions, CardStreamEvent, StatsRequest, StatsSummary, UnplacedScanner } from '../../../server/sinks/card/messages.ts';
import { DEFAULT_RETENTION_DAYS, History } from '../../../server/sinks/history/history.ts';
import type { CurrentSubject } from '../../../server/sinks/history/recorder.ts';
import type { CallHandler } from './browser.ts';
import { EXAMPLE_CONFIG } from './paths.ts';

export class TestSidecar implements ServiceHost {
  /** What `card_positions` answers. */
  positions: CardPositions = { entities: [], nodes_heard: {}, timestamp: new Date().toISOString() };
  /** Every configuration the edits produced, in order. */
  readonly changes: FloorplanConfig[] = [];
  /** Gets the events the sidecar streams on its own (layout_changed after an edit). */
  onEvent: (event: CardStreamEvent) => void = () => {};
  /** The calibration's and the history's clock, seconds since the epoch (the readings' clock); starts now, tests move it on. */
  clock = Date.now() / 1000;
  /** The moving entities as the history saw them last: who is home now, and where. */
  subjects: CurrentSubject[] = [];
  /** The history `stats_summary` answers from; none until the test records. */
  private history: History | null = null;
  /** The devices a calibration can be started with. */
  calibrationDevices: CalibrationDevice[] = [];
  /** Static entities linked with tracked devices: the reference beacons. */
  referenceLinks: ReferenceLink[] = [];
  readonly calibration: CalibrationManager;

  private constructor(
    readonly store: ConfigStore,
    /** The temporary copy the card edits. */
    readonly file: string,
    private readonly folder: string,
  ) {
    this.calibration = new CalibrationManager({
      store,
      stateFile: null,
      now: () => this.clock,
      devices: () => this.calibrationDevices,
      references: () => this.referenceLinks,
      configChanged: (config) => this.configChanged(config),
      log: () => {},
    });
  }

  static async start(template = EXAMPLE_CONFIG): Promise<TestSidecar> {
    const folder = await mkdtemp(join(tmpdir(), 'floorplan-browser-'));
    const file = join(folder, 'floorplan.yaml');
    await copyFile(template, file);
    const store = new ConfigStore(fileSource(file));
    await store.load();
    return new TestSidecar(store, file, folder);
  }

  /** Every request the page made, in order. */
  readonly requests: { name: string; data: unknown }[] = [];

  /** Answers the page's `floorplan/call` requests; a ServiceError crosses as `{code, message}`. */
  readonly handle: CallHandler = (name, data) => {
    this.requests.push({ name, data });
    return callService(this, name, data);
  };

  /**
   * Records the moving entities as the sidecar does on each publish, at the clock's time, into the
   * history (opened in the temporary folder on first use, so that its pruning runs on the test's clock).
   */
  record(subjects: CurrentSubject[]): void {
    this.subjects = subjects;
    this.history ??= History.open(this.folder, { retentionDays: DEFAULT_RETENTION_DAYS, names: false }, { now: () => this.clock, log: () => {} });
    this.history!.record(subjects);
  }

  /** The history goes (as after a restart with history_retention_days: 0). */
  stopHistory(): void {
    this.history?.close();
    this.history = null;
  }

  text(): Promise<string> {
    return readFile(this.file, 'utf8');
  }

  async stop(): Promise<void> {
    this.stopHistory();
    await rm(this.folder, { recursive: true, force: true });
  }

  // ServiceHost

  queryContext(): QueryContext {
    return { config: this.store.config, movingEntities: new Map(), now: Date.now() / 1000 };
  }

  configChanged(config: FloorplanConfig): void {
    this.changes.push(config);
    this.onEvent({ type: 'layout_changed', revision: configRevision(config) });
  }

  historyStats(range: StatsRequest['range']): StatsSummary | null {
    // Home Assistant's time zone in the page's harness.
    return this.history?.summary(range, { timeZone: 'UTC', config: this.store.config, subjects: this.subjects }) ?? null;
  }

  cardPositions(): CardPositions {
    return this.positions;
  }

  unplacedScanners(): UnplacedScanner[] {
    return [];
  }

  status(): object {
    return {};
  }

  async enableSensors(): Promise<object> {
    return { enabled: [] };
  }
}
