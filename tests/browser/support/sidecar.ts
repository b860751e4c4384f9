/**
 * The sidecar's side of the card's requests, in the test process: the real dispatch (callService
 * and card-requests.ts) over a ConfigStore on a temporary copy of a floorplan.yaml, so that the
 * editor's saves really edit a file. Positions are scripted by the test.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigStore, fileSource } from '../../../server/config/store.ts';
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { callService, type ServiceHost } from '../../../server/services/dispatch.ts';
import type { QueryContext } from '../../../server/services/queries.ts';
import { configRevision } from '../../../server/sinks/card/layout.ts';
import type { CardPositions, CardStreamEvent, UnplacedScanner } from '../../../server/sinks/card/messages.ts';
import type { CallHandler } from './browser.ts';
import { EXAMPLE_CONFIG } from './paths.ts';

export class TestSidecar implements ServiceHost {
  /** What `card_positions` answers. */
  positions: CardPositions = { entities: [], nodes_heard: {}, timestamp: new Date().toISOString() };
  /** Every configuration the edits produced, in order. */
  readonly changes: FloorplanConfig[] = [];
  /** Gets the events the sidecar streams on its own (layout_changed after an edit). */
  onEvent: (event: CardStreamEvent) => void = () => {};

  private constructor(
    readonly store: ConfigStore,
    /** The temporary copy the card edits. */
    readonly file: string,
    private readonly folder: string,
  ) {}

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
