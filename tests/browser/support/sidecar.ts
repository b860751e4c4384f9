/**
 * The sidecar's side of the card's requests, in the test process: the real dispatch (callService
 * and card-requests.ts) over a ConfigStore on a temporary copy of a floorplan.yaml, so that the
 * editor's saves really edit a file, and the real calibration manager, so that a calibration
 * session really fits and applies. Positions, the devices to calibrate with and the calibration's
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
import type { CalibrationDevice, CardPositions, CardStreamEvent, UnplacedScanner } from '../../../server/sinks/card/messages.ts';
import type { CallHandler } from './browser.ts';
import { EXAMPLE_CONFIG } from './paths.ts';

export class TestSidecar implements ServiceHost {
  /** What `card_positions` answers. */
  positions: CardPositions = { entities: [], nodes_heard: {}, timestamp: new Date().toISOString() };
  /** Every configuration the edits produced, in order. */
  readonly changes: FloorplanConfig[] = [];
  /** Gets the events the sidecar streams on its own (layout_changed after an edit). */
  onEvent: (event: CardStreamEvent) => void = () => {};
  /** The calibration's clock, seconds since the epoch (the readings' clock); starts now, tests move it on. */
  clock = Date.now() / 1000;
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

  /** Answers the page's `floorplan/call` requests; a ServiceError crosses as `{code, message}`. */
  readonly handle: CallHandler = (name, data) => callService(this, name, data);

  text(): Promise<string> {
    return readFile(this.file, 'utf8');
  }

  async stop(): Promise<void> {
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
