/**
 * The demo session (`floorplan demo`, `npm start` without Home Assistant): simulated walkers in a
 * floor plan, located live by the engine, shown as the moving entities person.alice, person.bob…
 * and served like the sidecar serves them: every floorplan.* service and card request, and the
 * card's live stream while someone watches it. The plan is a temporary copy, so that the card's
 * editor can save to it without touching the repository's file.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CalibrationManager } from '../calibration/manager.ts';
import { ConfigStore, fileSource } from '../config/store.ts';
import type { FloorplanConfig, Vec3 } from '../config/types.ts';
import { Engine } from '../engine/engine.ts';
import type { Fix } from '../engine/types.ts';
import { movingEntityStates, type MovingEntityState } from '../presence/moving-entities.ts';
import { PresenceStage } from '../presence/presence.ts';
import { ProximityTracker } from '../presence/proximity.ts';
import type { PresenceSnapshot } from '../presence/types.ts';
import { batchByTime, UPDATE_CYCLE_WINDOW_S } from '../providers/replay.ts';
import { simulationOptions, type Scenario } from '../providers/scenario.ts';
import { simulate, type SimulationOptions, type WalkerSpec } from '../providers/simulator.ts';
import { callService, type ServiceHost } from '../services/dispatch.ts';
import type { QueryContext } from '../services/queries.ts';
import { CardFeed } from '../sinks/card/feed.ts';
import { configRevision } from '../sinks/card/layout.ts';
import type { CardPositions, CardStreamEvent, StatsRequest, StatsSummary, UnplacedScanner } from '../sinks/card/messages.ts';
import { knownTimeZone } from '../sinks/history/calendar.ts';
import { DEFAULT_RETENTION_DAYS, History } from '../sinks/history/history.ts';
import { currentSubjects } from '../sinks/history/recorder.ts';
import type { DemoBackend } from '../sinks/http/demo-server.ts';

export interface DemoOptions {
  /** The floor plan to copy; the simulated radio keeps its node positions whatever the demo edits. */
  planFile: string;
  /** `planFile`, loaded. */
  plan: FloorplanConfig;
  scenario: Scenario;
  seed: number;
  /** Simulated seconds per real second. */
  speed: number;
  log(message: string): void;
}

/** A simulated device as the moving entity it stands for. */
interface Person {
  device: string;
  entityId: string;
  name: string;
}

/** How often, in simulated seconds, readings are aged and changes streamed; at most 10 times a real second. */
const TICK_S = 1;
const MIN_TICK_MS = 100;
/** The device the demo calibrates with: it stands still wherever the user records a spot. */
const DEMO_PHONE = { device: 'demo_phone', entity_id: 'device_tracker.demo_phone', name: 'Demo phone (stands where you tap)' };

export class DemoHost implements ServiceHost, DemoBackend {
  private engine: Engine;
  private readonly feed: CardFeed;
  private readonly fixes = new Map<string, Fix>();
  private readonly proximity = new ProximityTracker(() => this.store.config);
  private readonly presenceStage = new PresenceStage();
  private latestPresence: PresenceSnapshot | null = null;
  /** Each new presence snapshot, once a tick, goes to each of these. */
  readonly presenceSinks: ((snapshot: PresenceSnapshot) => void)[] = [];
  private readonly people: Person[];
  readonly calibration: CalibrationManager;
  /** In the temporary folder, on the simulated clock: the stats view has a story to show. */
  private readonly history: History | null;
  /** Spots recorded so far: each one's radio gets its own seed. */
  private spots = 0;
  private readonly listeners = new Set<(event: CardStreamEvent) => void>();
  private readonly stopping = new AbortController();
  private readonly running: Promise<void>;
  private readonly timer: NodeJS.Timeout;
  /** Simulated time 0 on the engine's clock (seconds since the epoch), and on the real one. */
  private readonly epoch = Date.now() / 1000;
  private readonly started = performance.now();

  private constructor(
    readonly store: ConfigStore,
    private readonly options: DemoOptions,
    private readonly folder: string,
  ) {
    this.engine = new Engine(store.config);
    this.people = options.scenario.walkers.map((walker) => personFor(walker.device, store.config));
    this.feed = new CardFeed({
      engine: () => this.engine,
      config: () => this.store.config,
      movingEntities: () => this.states(),
      now: () => this.now(),
    });
    // In memory only: the demo's plan is a temporary copy too.
    this.calibration = new CalibrationManager({
      store,
      stateFile: null,
      now: () => this.now(),
      devices: () => [{ ...DEMO_PHONE, nodes_hearing: this.engine.deviceStatus(DEMO_PHONE.device, this.now())?.heardBy.length ?? 0 }],
      references: () => [],
      configChanged: (config) => this.configChanged(config),
      recordingStarted: (place, started, ends) => this.standStill(place.coordinates, started, ends),
      log: options.log,
    });
    this.history = History.open(folder, { retentionDays: DEFAULT_RETENTION_DAYS, names: false }, { now: () => this.now(), log: options.log });
    this.presenceSinks.push((snapshot) => this.history?.record(currentSubjects(this.states(), snapshot)));
    this.running = this.play(simulationOptions(options.scenario, options.seed, Infinity), this.epoch);
    this.timer = setInterval(() => this.tick(), Math.max(MIN_TICK_MS, (TICK_S * 1000) / options.speed));
  }

  /** Copies the plan to a temporary folder and starts the simulation. */
  static async start(options: DemoOptions): Promise<DemoHost> {
    const folder = await mkdtemp(join(tmpdir(), 'floorplan-demo-'));
    const copy = join(folder, basename(options.planFile));
    await copyFile(options.planFile, copy);
    const store = new ConfigStore(fileSource(copy));
    await store.load();
    return new DemoHost(store, options, folder);
  }

  /** The temporary copy of the plan that the demo reads and edits. */
  get planFile(): string {
    return this.store.source.label;
  }

  /**
   * Stops the simulation and removes the temporary folder, unless the plan was edited in the card:
   * then it stays, and the log says where.
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.running;
    this.history?.close();
    this.listeners.clear();
    const [copy, original] = await Promise.all([readFile(this.planFile, 'utf8'), readFile(this.options.planFile, 'utf8')]);
    if (copy === original) await rm(this.folder, { recursive: true, force: true });
    else this.options.log(`the plan edited in the demo is kept: ${this.planFile}`);
  }

  /** Seconds since the epoch on the simulated clock: it runs `speed` times as fast as the wall clock. */
  private now(): number {
    return this.epoch + ((performance.now() - this.started) / 1000) * this.options.speed;
  }

  // ServiceHost

  queryContext(): QueryContext {
    return { config: this.store.config, movingEntities: this.states(), now: this.now() };
  }

  configChanged(config: FloorplanConfig): void {
    // As the sidecar does: a new plan (nodes moved) starts the tracks afresh. The simulated radio
    // keeps the nodes where they were, because the hardware did not move.
    this.engine = new Engine(config);
    this.fixes.clear();
    this.options.log(`${this.planFile} changed: ${config.beaconNodes.length} beacon nodes, ${config.rooms.length} rooms`);
    this.broadcast({ type: 'layout_changed', revision: configRevision(config) });
  }

  status(): object {
    const config = this.store.config;
    return {
      demo: true,
      config: { source: this.planFile, floors: config.floors.length, rooms: config.rooms.length, beacon_nodes: config.beaconNodes.length },
      moving_entities: [...this.states().values()].map((s) => ({ entity_id: s.entityId, device: s.device, floor: s.floor, room: s.room, reason: s.reason })),
      rejected_readings: this.engine.rejectionCounts(),
    };
  }

  async enableSensors(): Promise<object> {
    // Simulated devices have no Bermuda sensors to enable.
    return { enabled: [] };
  }

  cardPositions(): CardPositions {
    return this.feed.positions();
  }

  /** Days in the zone of the machine the demo runs on. */
  historyStats(range: StatsRequest['range']): StatsSummary | null {
    return this.history?.summary(range, { timeZone: knownTimeZone(null), config: this.store.config, subjects: currentSubjects(this.states(), this.latestPresence) }) ?? null;
  }

  /** The simulated radio still hears every node of the original plan: one removed in the editor is a scanner to place again. */
  unplacedScanners(): UnplacedScanner[] {
    const placed = new Set(this.store.config.beaconNodes.map((n) => n.key));
    return this.options.plan.beaconNodes.filter((n) => !placed.has(n.key)).map((n) => ({ id: n.id, name: n.name }));
  }

  // DemoBackend

  call(name: string, data: unknown): Promise<object> {
    return callService(this, name, data);
  }

  subscribe(listener: (event: CardStreamEvent) => void): () => void {
    this.listeners.add(listener);
    listener({ type: 'connected', connected: true });
    return () => void this.listeners.delete(listener);
  }

  health(): object {
    return { demo: true, connected: true, plan: this.planFile };
  }

  /** Who is home and where, as of the last tick. */
  presence(): PresenceSnapshot {
    return this.latestPresence ?? this.updatePresence();
  }

  // The flow

  /** The demo phone stands at the spot being recorded, heard by the simulated radio until the recording ends. */
  private standStill(at: Vec3, started: number, ends: number): void {
    const duration = ends - started;
    const phone: WalkerSpec = { device: DEMO_PHONE.device, speed: 1, pause: duration, waypoints: [at], loop: false };
    const simulation = simulationOptions({ ...this.options.scenario, walkers: [phone] }, this.options.seed + ++this.spots, duration);
    void this.play(simulation, started);
  }

  /**
   * Feeds simulated readings (simulated time 0 at `epoch`) to the engine and the calibration in
   * real time (times `speed`), until the simulation ends or the demo stops.
   */
  private async play(simulation: SimulationOptions, epoch: number): Promise<void> {
    try {
      // The radio hears the nodes of the original plan, not of the copy being edited.
      for await (const item of batchByTime(simulate(this.options.plan, simulation), UPDATE_CYCLE_WINDOW_S)) {
        const wait = epoch + item.t - this.now();
        if (wait > 0) await sleep((wait * 1000) / this.options.speed, undefined, { signal: this.stopping.signal });
        if (item.kind === 'truth') continue;
        const readings = item.readings.map((reading) => ({ ...reading, t: epoch + reading.t }));
        this.feed.recordReadings(readings);
        this.calibration.record(readings);
        for (const fix of this.engine.processBatch(readings)) this.fixes.set(fix.device, fix);
      }
    } catch (err) {
      if (!this.stopping.signal.aborted) this.options.log(`the simulation stopped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Ages readings (a device heard by no node loses its position), updates presence and streams what changed, while watched. */
  private tick(): void {
    for (const lost of this.engine.expire(this.now())) this.fixes.delete(lost.device);
    this.calibration.tick();
    const snapshot = this.updatePresence();
    for (const sink of this.presenceSinks) sink(snapshot);
    if (this.listeners.size === 0) return;
    const changes = this.feed.changes();
    if (changes !== null) this.broadcast(changes);
  }

  /** The demo has no BLE trackers and no occupancy sensors: people are home while a node hears them. */
  private updatePresence(): PresenceSnapshot {
    this.latestPresence = this.presenceStage.update(this.store.config, {
      now: this.now(),
      entities: this.states().values(),
      trackerHome: new Set(),
      sensor: () => null,
    });
    return this.latestPresence;
  }

  private broadcast(event: CardStreamEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private states(): Map<string, MovingEntityState> {
    const config = this.store.config;
    const rooms = new Map(config.rooms.map((r) => [r.id, r.name]));
    const now = this.now();
    const evidence = this.people.map(({ device, entityId, name }) => {
      const heardBy = this.engine.deviceStatus(device, now)?.heardBy ?? [];
      const hearing = heardBy.length;
      // Every node has a distance sensor for every device, as Bermuda would create them.
      return {
        key: device,
        entityId,
        name,
        away: false,
        sensorsEnabled: config.beaconNodes.length,
        sensorsWithValue: hearing,
        unmatchedScanners: [],
        nodesHearing: hearing,
        fix: this.fixes.get(device) ?? null,
        proximity: this.proximity.update(device, heardBy),
      };
    });
    return movingEntityStates(evidence, (id) => rooms.get(id) ?? null);
  }
}

/**
 * The moving entity a simulated device stands for: the plan's `moving_entities.entities` if it
 * names the device, else the person its name ends with (phone_alice → person.alice, "Alice").
 */
export function personFor(device: string, config: FloorplanConfig): Person {
  const entityId = config.movingEntities.find((m) => m.device === device)?.entityId ?? `person.${device.split('_').at(-1)!.toLowerCase()}`;
  const objectId = entityId.slice(entityId.indexOf('.') + 1).replaceAll('_', ' ');
  return { device, entityId, name: objectId.charAt(0).toUpperCase() + objectId.slice(1) };
}
