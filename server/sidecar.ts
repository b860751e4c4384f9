/**
 * The running sidecar (`floorplan serve`): Home Assistant provider → engine → moving entities →
 * presence → the integration bridge (entities, and the card stream while cards listen) and the
 * other presence sinks, and the floorplan.*
 * services and card requests over all of it. Owns the timers and the rebuild of everything that
 * depends on floorplan.yaml when it changes.
 */
import { join } from 'node:path';
import { getConfig } from 'home-assistant-js-websocket';
import { CalibrationManager, type ReferenceLink } from './calibration/manager.ts';
import type { ConfigStore } from './config/store.ts';
import type { FloorplanConfig } from './config/types.ts';
import { Engine } from './engine/engine.ts';
import type { Fix, RawReading } from './engine/types.ts';
import { movingEntityStates, type DeviceEvidence, type MovingEntityState } from './presence/moving-entities.ts';
import { PresenceStage } from './presence/presence.ts';
import { ProximityTracker } from './presence/proximity.ts';
import type { PresenceSnapshot } from './presence/types.ts';
import { sensorState } from './presence/zones.ts';
import type { HomeAssistantSession } from './providers/home-assistant/connection.ts';
import { HomeAssistantProvider } from './providers/home-assistant/provider.ts';
import type { DistancePair } from './providers/home-assistant/registry.ts';
import { isAway, isHome } from './providers/home-assistant/trackers.ts';
import { parseDistance } from './engine/readings.ts';
import { UPDATE_CYCLE_WINDOW_S } from './providers/replay.ts';
import { callService, type ServiceHost } from './services/dispatch.ts';
import type { QueryContext } from './services/queries.ts';
import { statusReport, type StatusReport } from './services/status.ts';
import { CardFeed } from './sinks/card/feed.ts';
import { configRevision } from './sinks/card/layout.ts';
import type { CalibrationDevice, CardPositions, StatsRequest, StatsSummary, UnplacedScanner } from './sinks/card/messages.ts';
import { HomeAssistantBridge } from './sinks/home-assistant/bridge.ts';
import { MqttSink, type MqttSettings } from './sinks/mqtt/publisher.ts';
import { knownTimeZone } from './sinks/history/calendar.ts';
import { History, type HistorySettings, type HistoryStatus } from './sinks/history/history.ts';
import { currentSubjects } from './sinks/history/recorder.ts';
import { UpdateThrottle } from './sinks/home-assistant/update-throttle.ts';

/** How often readings are aged and "still heard" sensors re-read, and positions considered for sending. */
const TICK_MS = 1_000;
/** Unchanged distances are re-read this often: ageing (max_reading_age, 30 s) must not drop them. */
const STILL_HEARD_EVERY_S = 10;
/** In the state folder: the calibration session under way. */
const CALIBRATION_FILE = 'calibration.json';

export interface SidecarOptions {
  session: HomeAssistantSession;
  /** For messages and status; never includes the token. */
  url: string;
  store: ConfigStore;
  version: string;
  /** False for one-shot commands, which must not take over the integration from a running sidecar. */
  attach: boolean;
  /** Where state that must survive a restart is kept; null: nowhere (one-shot commands). */
  stateDir: string | null;
  /** The optional MQTT sink (docs/PRESENCE.md#mqtt); null or absent: none. */
  mqtt?: MqttSettings | null;
  /** The history in the state folder (docs/PRESENCE.md#history); absent, or no state folder: none. */
  history?: HistorySettings;
  log(message: string): void;
  clock?: () => number;
}

export class Sidecar implements ServiceHost {
  readonly store: ConfigStore;
  readonly calibration: CalibrationManager;
  private engine: Engine;
  private readonly provider: HomeAssistantProvider;
  private readonly bridge: HomeAssistantBridge;
  private readonly throttle = new UpdateThrottle();
  private readonly feed: CardFeed;
  private readonly fixes = new Map<string, Fix>();
  private readonly proximity = new ProximityTracker(() => this.store.config);
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  private lastStillHeard = 0;
  private readonly pending: RawReading[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private reconnects = 0;
  private connected = true;
  private sentEntities = new Set<string>();
  private readonly presenceStage = new PresenceStage();
  private latestPresence: PresenceSnapshot | null = null;
  /**
   * Presence waits for the first tick: by then the states read at start went through the engine,
   * so nobody who is home is taken for away (and reported arriving) while their readings wait.
   */
  private presenceReady = false;
  /** Each new presence snapshot goes to each of these (Home Assistant, MQTT, history). */
  private readonly presenceSinks: ((snapshot: PresenceSnapshot, entities: ReadonlyMap<string, MovingEntityState>) => void)[] = [];
  private readonly mqtt: MqttSink | null;
  private history: History | null = null;
  /** Home Assistant's time zone: the stats' days start at its midnight. */
  private timeZone = knownTimeZone(null);

  constructor(private readonly options: SidecarOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => Date.now() / 1000);
    const config = this.store.config;
    this.engine = new Engine(config);
    this.feed = new CardFeed({ engine: () => this.engine, config: () => this.store.config, movingEntities: () => this.states(), now: this.clock });
    this.calibration = new CalibrationManager({
      store: this.store,
      stateFile: options.stateDir === null ? null : join(options.stateDir, CALIBRATION_FILE),
      now: this.clock,
      devices: () => this.calibrationDevices(),
      references: () => this.referenceLinks(),
      configChanged: (changed) => this.configChanged(changed),
      log: options.log,
    });
    const connection = options.session.connection;
    this.provider = new HomeAssistantProvider(
      connection,
      config,
      { readings: (readings) => this.process(readings), changed: () => this.publish(false), log: options.log },
      this.clock,
    );
    this.bridge = new HomeAssistantBridge(connection, {
      version: options.version,
      handle: (name, data) => callService(this, name, data),
      attached: () => this.publish(true),
      configSaved: () => void this.reloadIfChanged(),
      log: options.log,
    });
    this.presenceSinks.push((snapshot) => void this.bridge.pushPresence(snapshot));
    const mqtt = options.mqtt ? new MqttSink(options.mqtt, { version: options.version, log: options.log }) : null;
    if (mqtt) this.presenceSinks.push((snapshot, entities) => mqtt.update(snapshot, (id) => entities.get(id)?.coordinates ?? null));
    this.mqtt = mqtt;
    this.presenceSinks.push((snapshot, entities) => this.history?.record(currentSubjects(entities, snapshot)));
    connection.addEventListener('disconnected', () => {
      this.connected = false;
    });
    options.session.onReconnected(() => {
      this.connected = true;
      this.reconnects++;
      void this.resync();
    });
  }

  async start(): Promise<void> {
    await this.calibration.load();
    await this.provider.start();
    if (this.options.attach) await this.bridge.start();
    // Connects in the background: a broker that is down must not hold up (or stop) the sidecar.
    this.mqtt?.start();
    if (this.options.stateDir !== null && this.options.history) {
      this.history = History.open(this.options.stateDir, this.options.history, { now: this.clock, log: this.options.log });
    }
    this.timeZone = knownTimeZone(await getConfig(this.options.session.connection).then((c) => c.time_zone, () => null));
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Resolves once the MQTT sink said offline and disconnected; everything else stops at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.flushTimer);
    this.bridge.stop();
    this.provider.stop();
    this.history?.close();
    await this.mqtt?.stop();
  }

  // ServiceHost

  queryContext(): QueryContext {
    return { config: this.store.config, movingEntities: this.states(), now: this.clock() };
  }

  configChanged(config: FloorplanConfig): void {
    // Tracks are kept only in the engine: a new plan (nodes moved) starts them afresh.
    this.engine = new Engine(config);
    this.fixes.clear();
    this.provider.reconfigure(config);
    this.options.log(`floorplan.yaml applied: ${config.beaconNodes.length} beacon nodes, ${config.rooms.length} rooms`);
    void this.bridge.stream({ type: 'layout_changed', revision: configRevision(config) });
    this.publish(true);
  }

  cardPositions(): CardPositions {
    return this.feed.positions();
  }

  /** Bermuda's scanners that no beacon node matches, named as a node id would be written. */
  unplacedScanners(): UnplacedScanner[] {
    return this.provider.snapshot().matching.unmatchedScanners.map((s) => ({ id: s.scannerMac.toUpperCase(), name: s.deviceName }));
  }

  status(): StatusReport & { history: HistoryStatus | null } {
    const now = this.clock();
    const report = statusReport({
      connection: { url: this.options.url, connected: this.connected, integrationAttached: this.bridge.isAttached, reconnects: this.reconnects },
      configSource: this.store.source.label,
      config: this.store.config,
      snapshot: this.provider.snapshot(),
      devices: this.evidence().map((d) => ({ ...d, heardBy: this.engine.deviceStatus(d.key, now)?.heardBy ?? [] })),
      rejected: this.engine.rejectionCounts(),
    });
    return { ...report, history: this.history?.status() ?? null };
  }

  historyStats(range: StatsRequest['range']): StatsSummary | null {
    return this.history?.summary(range, { timeZone: this.timeZone, config: this.store.config, subjects: currentSubjects(this.states(), this.latestPresence) }) ?? null;
  }

  /** Who is home and where, as last sent to the presence sinks. */
  presence(): PresenceSnapshot {
    return this.latestPresence ?? this.updatePresence(this.states());
  }

  health(): { connected: boolean; integration_attached: boolean } {
    return { connected: this.connected, integration_attached: this.bridge.isAttached };
  }

  async enableSensors(): Promise<object> {
    return { enabled: await this.provider.enableSensors() };
  }

  // The flow

  /** After the integration saved floorplan.yaml: apply it, unless it is what is in use already. */
  private async reloadIfChanged(): Promise<void> {
    const before = JSON.stringify(this.store.config);
    try {
      const { config } = await this.store.load();
      if (JSON.stringify(config) !== before) this.configChanged(config);
    } catch (err) {
      this.options.log(`floorplan.yaml was saved but not applied: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async resync(): Promise<void> {
    try {
      await this.provider.resync();
    } catch (err) {
      this.options.log(`resync after reconnect failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.options.attach) await this.bridge.attach();
  }

  /**
   * Bermuda updates its sensors one by one within a cycle, and each arrives as its own state
   * change: readings arriving within a short window go to the engine as one batch, so a device is
   * solved from all the ranges of a cycle rather than from each range alone.
   */
  private process(readings: RawReading[]): void {
    this.pending.push(...readings);
    this.flushTimer ??= setTimeout(() => this.flush(), UPDATE_CYCLE_WINDOW_S * 1000);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    this.feed.recordReadings(batch);
    this.calibration.record(batch);
    for (const fix of this.engine.processBatch(batch)) this.fixes.set(fix.device, fix);
    this.publish(false);
  }

  private tick(): void {
    const now = this.clock();
    if (now - this.lastStillHeard >= STILL_HEARD_EVERY_S) {
      this.lastStillHeard = now;
      const still = this.provider.stillHeard();
      if (still.length > 0) this.process(still);
    }
    for (const lost of this.engine.expire(now)) this.fixes.delete(lost.device);
    this.calibration.tick();
    this.presenceReady = true;
    this.publish(false);
  }

  /** Feeds the current states through the engine at once, for a one-shot report. */
  settle(): void {
    this.process(this.provider.stillHeard());
    this.flush();
  }

  /** Sends the moving entities worth sending (all of them with `full`). */
  private publish(full: boolean): void {
    if (full) this.throttle.reset();
    const states = this.states();
    const due = this.throttle.select(states.values(), this.clock());
    const removed = [...this.sentEntities].filter((id) => !states.has(id));
    for (const id of removed) this.throttle.forget(id);
    this.sentEntities = new Set(states.keys());
    void this.bridge.push(due, full, removed);
    // Only while cards listen: each call moves the feed's "last sent" on.
    const changes = this.bridge.isStreaming ? this.feed.changes(states) : null;
    if (changes) void this.bridge.stream(changes);
    if (this.presenceReady) {
      const snapshot = this.updatePresence(states);
      for (const sink of this.presenceSinks) sink(snapshot, states);
    }
  }

  /**
   * The presence stage over the moving entities, but reference beacons: fixed tags are always home
   * and would keep the house occupied.
   */
  private updatePresence(states: Map<string, MovingEntityState>): PresenceSnapshot {
    const snapshot = this.provider.snapshot();
    const fixed = new Set(this.referenceLinks().map((link) => link.device));
    const entityOf = (key: string): string => snapshot.movingEntities.byDevice.get(key)?.entityId ?? key;
    this.latestPresence = this.presenceStage.update(this.store.config, {
      now: this.clock(),
      entities: [...states.values()].filter((s) => !fixed.has(s.device)),
      trackerHome: new Set(snapshot.discovery.devices.filter((d) => isHome(d.deviceId, snapshot.trackers)).map((d) => entityOf(d.key))),
      sensor: (entityId) => sensorState(snapshot.states[entityId]?.state),
    });
    return this.latestPresence;
  }

  private states(): Map<string, MovingEntityState> {
    const rooms = new Map(this.store.config.rooms.map((r) => [r.id, r.name]));
    return movingEntityStates(this.evidence(), (id) => rooms.get(id) ?? null);
  }

  /** Every tracked device, the ones heard by most nodes first: the phone in the user's hand is heard now. */
  private calibrationDevices(): CalibrationDevice[] {
    return this.evidence()
      .map((d) => ({ device: d.key, entity_id: d.entityId, name: d.name, nodes_hearing: d.nodesHearing }))
      .sort((a, b) => b.nodes_hearing - a.nodes_hearing || a.name.localeCompare(b.name));
  }

  /**
   * Static entities that are tracked devices too: named in floorplan.yaml by the device's moving
   * entity id or by one of Bermuda's device trackers of it.
   */
  private referenceLinks(): ReferenceLink[] {
    const statics = new Set(this.store.config.staticEntities.map((e) => e.entityId));
    if (statics.size === 0) return [];
    const snapshot = this.provider.snapshot();
    return snapshot.discovery.devices.flatMap((device) => {
      const entityId = snapshot.movingEntities.byDevice.get(device.key)?.entityId ?? device.key;
      const named = [entityId, ...device.trackerEntityIds].find((id) => statics.has(id));
      return named === undefined ? [] : [{ entityId: named, device: device.key, fix: this.fixes.get(device.key) ?? null }];
    });
  }

  /** What is known of each Bermuda device, combined from the provider and the engine. */
  private evidence(): DeviceEvidence[] {
    const snapshot = this.provider.snapshot();
    const now = this.clock();
    const readPairs = new Map<string, DistancePair[]>();
    for (const pair of snapshot.discovery.pairs) {
      if (pair.read === null) continue;
      const list = readPairs.get(pair.deviceKey);
      if (list) list.push(pair);
      else readPairs.set(pair.deviceKey, [pair]);
    }
    return snapshot.discovery.devices.map((device) => {
      const pairs = readPairs.get(device.key) ?? [];
      // "Has a value" as the engine sees it: a distance it would accept.
      const withValue = pairs.filter((p) => typeof parseDistance(snapshot.states[p.read!.entityId]?.state) === 'number');
      const assignment = snapshot.movingEntities.byDevice.get(device.key);
      const entityId = assignment?.entityId ?? device.key;
      const heardBy = this.engine.deviceStatus(device.key, now)?.heardBy ?? [];
      return {
        key: device.key,
        entityId,
        name: snapshot.movingEntities.entities.get(entityId)?.name ?? device.key,
        away: isAway(device.deviceId, snapshot.trackers),
        sensorsEnabled: pairs.length,
        sensorsWithValue: withValue.length,
        unmatchedScanners: withValue.filter((p) => !snapshot.matching.byScanner.has(p.scannerMac)).map((p) => p.scannerMac),
        nodesHearing: heardBy.length,
        fix: this.fixes.get(device.key) ?? null,
        proximity: this.proximity.update(device.key, heardBy),
      };
    });
  }
}
