/**
 * The Home Assistant provider: discovers Bermuda's distance sensors and the BLE trackers from the
 * registries, follows their states and the zones' occupancy sensors, and turns them into readings
 * for the engine and into what the services need to know about each device (who it is, whether it
 * is away, why it is not located).
 */
import { subscribeEntities, type Connection, type HassEntities, type UnsubscribeFunc } from 'home-assistant-js-websocket';
import type { FloorplanConfig } from '../../config/types.ts';
import type { RawReading } from '../../engine/types.ts';
import { DistanceStates, type WatchedSensor } from './distance-states.ts';
import { discoverBermuda, sensorsToEnable, type BermudaDiscovery } from './registry.ts';
import { matchScanners, scannerDeviceName, type ScannerMatching } from './scanners.ts';
import { bleTrackers, resolveMovingEntities, type BleTracker, type MovingEntities } from './trackers.ts';
import type { DeviceRegistryEntry, EntityRegistryEntry } from './types.ts';

/** Registry changes come in bursts (an integration reload touches every entity): wait for the end. */
const REGISTRY_SETTLE_MS = 1_000;

export interface ProviderCallbacks {
  readings(readings: RawReading[]): void;
  /** Discovery, naming, presence or a zone's occupancy sensor changed: moving entities and presence should be recomputed and sent. */
  changed(): void;
  log(message: string): void;
}

/** What the provider knows now, for the services and `floorplan status`. */
export interface ProviderSnapshot {
  discovery: BermudaDiscovery;
  matching: ScannerMatching;
  movingEntities: MovingEntities;
  trackers: BleTracker[];
  states: HassEntities;
  deviceRegistry: readonly DeviceRegistryEntry[];
}

const EMPTY_DISCOVERY: BermudaDiscovery = { pairs: [], disabledSensors: [], devices: [], scannerMacs: [] };

/** What the provider needs of floorplan.yaml. */
export type ProviderConfig = Pick<FloorplanConfig, 'beaconNodes' | 'movingEntities' | 'zones'>;

export class HomeAssistantProvider {
  private entityRegistry: EntityRegistryEntry[] = [];
  private deviceRegistry: DeviceRegistryEntry[] = [];
  private states: HassEntities = {};
  private discovery: BermudaDiscovery = EMPTY_DISCOVERY;
  private matching: ScannerMatching = matchScanners([], []);
  private movingEntities: MovingEntities = { byDevice: new Map(), entities: new Map(), problems: [] };
  private trackers: BleTracker[] = [];
  private readonly distances = new DistanceStates(new Map());
  private readonly unsubscribers: UnsubscribeFunc[] = [];
  private registryTimer: NodeJS.Timeout | undefined;
  /** People and device trackers among the states, refreshed when the number of states changes. */
  private presenceIds: string[] = [];
  private stateCount = -1;

  constructor(
    private readonly connection: Connection,
    private config: ProviderConfig,
    private readonly callbacks: ProviderCallbacks,
    private readonly clock: () => number = () => Date.now() / 1000,
  ) {}

  /** Reads the registries and subscribes to states and registry changes (the library resubscribes after reconnects). */
  async start(): Promise<void> {
    await this.loadRegistries();
    const onRegistryChange = (): void => {
      clearTimeout(this.registryTimer);
      this.registryTimer = setTimeout(() => void this.resync().catch((err: unknown) => this.callbacks.log(`registry refresh failed: ${String(err)}`)), REGISTRY_SETTLE_MS);
    };
    this.unsubscribers.push(await this.connection.subscribeEvents(onRegistryChange, 'entity_registry_updated'));
    this.unsubscribers.push(await this.connection.subscribeEvents(onRegistryChange, 'device_registry_updated'));
    this.unsubscribers.push(subscribeEntities(this.connection, (states) => this.onStates(states)));
  }

  /** After a reconnect or a registry change: discover again and read every state afresh. */
  async resync(): Promise<void> {
    await this.loadRegistries();
    this.onStates(this.states);
  }

  /** A new floorplan.yaml: match scanners to its nodes again, follow its zones' sensors. */
  reconfigure(config: ProviderConfig): void {
    this.config = config;
    this.rediscover();
    this.onStates(this.states);
  }

  /** Readings of every distance that still holds a number: the scanner still hears the device. */
  stillHeard(): RawReading[] {
    return this.distances.stillHeard(this.states, this.clock());
  }

  snapshot(): ProviderSnapshot {
    return {
      discovery: this.discovery,
      matching: this.matching,
      movingEntities: this.movingEntities,
      trackers: this.trackers,
      states: this.states,
      deviceRegistry: this.deviceRegistry,
    };
  }

  /**
   * Enables the distance sensors Bermuda created disabled, then reloads Bermuda's config entries so
   * that they appear now rather than after Home Assistant's 30 s delay. Returns the entity ids.
   */
  async enableSensors(): Promise<string[]> {
    const ids = sensorsToEnable(this.discovery.pairs);
    const entries = new Set<string>();
    for (const entityId of ids) {
      await this.connection.sendMessagePromise({ type: 'config/entity_registry/update', entity_id: entityId, disabled_by: null });
      const entry = this.entityRegistry.find((e) => e.entity_id === entityId)?.config_entry_id;
      if (entry) entries.add(entry);
    }
    for (const entryId of entries) {
      await this.connection.sendMessagePromise({ type: 'call_service', domain: 'homeassistant', service: 'reload_config_entry', service_data: { entry_id: entryId } });
    }
    if (ids.length > 0) await this.resync();
    return ids;
  }

  stop(): void {
    clearTimeout(this.registryTimer);
    for (const unsubscribe of this.unsubscribers.splice(0)) void Promise.resolve(unsubscribe()).catch(() => undefined);
  }

  private async loadRegistries(): Promise<void> {
    const [entities, devices] = await Promise.all([
      this.connection.sendMessagePromise<EntityRegistryEntry[]>({ type: 'config/entity_registry/list' }),
      this.connection.sendMessagePromise<DeviceRegistryEntry[]>({ type: 'config/device_registry/list' }),
    ]);
    this.entityRegistry = entities;
    this.deviceRegistry = devices;
    this.rediscover();
  }

  private rediscover(): void {
    this.discovery = discoverBermuda(this.entityRegistry);
    const scanners = this.discovery.scannerMacs.map((mac) => ({ mac, deviceName: scannerDeviceName(mac, this.deviceRegistry) }));
    this.matching = matchScanners(this.config.beaconNodes, scanners);
    const watched = new Map<string, WatchedSensor>();
    for (const pair of this.discovery.pairs) {
      if (pair.read === null) continue;
      const node = this.matching.byScanner.get(pair.scannerMac);
      watched.set(pair.read.entityId, { deviceKey: pair.deviceKey, scanner: node?.nodeKey ?? pair.scannerMac });
    }
    this.distances.watch(watched);
    this.renameEntities();
  }

  private renameEntities(): void {
    this.movingEntities = resolveMovingEntities({
      devices: this.discovery.devices,
      mappings: this.config.movingEntities,
      states: this.states,
      entityRegistry: this.entityRegistry,
      deviceRegistry: this.deviceRegistry,
    });
  }

  private onStates(states: HassEntities): void {
    const before = this.states;
    this.states = states;
    const readings = this.distances.changed(states, this.clock());
    if (readings.length > 0) this.callbacks.readings(readings);
    // Runs on every state change in the home: look only at people and trackers, whose state
    // objects the library replaces when (and only when) they change.
    const count = Object.keys(states).length;
    if (count !== this.stateCount) {
      this.stateCount = count;
      this.presenceIds = Object.keys(states).filter((id) => id.startsWith('person.') || id.startsWith('device_tracker.'));
    }
    const changed = this.presenceIds.filter((id) => states[id] !== before[id]);
    const sensorChanged = (this.config.zones ?? []).some((z) => z.occupancySensor !== null && states[z.occupancySensor] !== before[z.occupancySensor]);
    if (changed.length === 0 && !sensorChanged) return;
    if (changed.length > 0) {
      this.trackers = bleTrackers(states, this.entityRegistry);
      // People decide who a device is reported as; trackers whether it is away.
      if (changed.some((id) => id.startsWith('person.'))) this.renameEntities();
    }
    this.callbacks.changed();
  }
}
