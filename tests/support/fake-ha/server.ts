/**
 * A fake Home Assistant: a websocket server on 127.0.0.1 speaking the real protocol (see
 * session.ts and commands.ts), with controls for tests: states, registries, services, custom
 * commands, and failures (dropped sockets, slow answers, unanswered pings, garbage frames,
 * refused tokens).
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { builtinCommands, type HomeData } from './commands.ts';
import { EventBus } from './events.ts';
import type { Context } from './protocol.ts';
import type { DeviceRegistryEntry, EntityRegistryEntry } from './registries.ts';
import { ServiceRegistry, type ServiceHandler, type SupportsResponse } from './services.ts';
import { FakeConnection, type CommandHandler, type ConnectionHost, type FakeUser } from './session.ts';
import { registryId } from './registries.ts';
import { StateMachine, stateJson, type SetStateOptions } from './states.ts';

export interface FakeHomeAssistantOptions {
  /** Default: a free port. Give the port of a stopped fake to play a restarted Home Assistant. */
  port?: number;
  /** Default "2024.3.3". */
  haVersion?: string;
  /** Administrator tokens accepted from the start (default ["test-token"]). */
  tokens?: string[];
}

export async function startFakeHomeAssistant(options: FakeHomeAssistantOptions = {}): Promise<FakeHomeAssistant> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0, path: '/api/websocket' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return new FakeHomeAssistant(server, options);
}

export class FakeHomeAssistant implements ConnectionHost, HomeData {
  readonly haVersion: string;
  readonly states = new StateMachine();
  readonly bus = new EventBus();
  readonly services = new ServiceRegistry();
  readonly config: Record<string, unknown>;
  entityRegistry: EntityRegistryEntry[] = [];
  deviceRegistry: DeviceRegistryEntry[] = [];
  answerDelayMs = 0;
  answerPings = true;
  /** Sockets accepted since the start. */
  connectionCount = 0;
  /** Auth messages received since the start (accepted or not). */
  authAttempts = 0;
  private readonly open = new Set<FakeConnection>();
  private readonly tokens = new Map<string, FakeUser>();
  private readonly builtins: Record<string, CommandHandler>;
  private readonly custom = new Map<string, CommandHandler>();

  constructor(
    private readonly server: WebSocketServer,
    options: FakeHomeAssistantOptions,
  ) {
    this.haVersion = options.haVersion ?? '2024.3.3';
    this.config = defaultConfig(this.haVersion);
    for (const token of options.tokens ?? ['test-token']) this.acceptToken(token);
    this.builtins = builtinCommands(this);
    this.states.onChange(({ entityId, oldState, newState }) => {
      this.bus.fire(
        'state_changed',
        {
          entity_id: entityId,
          old_state: oldState && stateJson(oldState),
          new_state: newState && stateJson(newState),
        },
        (newState ?? oldState)?.context,
      );
    });
    server.on('connection', (ws) => {
      this.connectionCount++;
      this.open.add(new FakeConnection(ws, this));
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The http:// URL users configure. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/api/websocket`;
  }

  /** Open sockets, authenticated or not. */
  get connections(): FakeConnection[] {
    return [...this.open];
  }

  get authenticatedConnections(): FakeConnection[] {
    return this.connections.filter((connection) => connection.authenticated);
  }

  /** Active subscriptions over all open sockets. */
  get subscriptionCount(): number {
    let count = 0;
    for (const connection of this.open) count += connection.subscriptionCount;
    return count;
  }

  // --- ConnectionHost -------------------------------------------------------------------------

  authenticate(token: unknown): FakeUser | undefined {
    this.authAttempts++;
    return typeof token === 'string' ? this.tokens.get(token) : undefined;
  }

  commandHandler(type: string): CommandHandler | undefined {
    return this.custom.get(type) ?? this.builtins[type];
  }

  connectionClosed(connection: FakeConnection): void {
    this.open.delete(connection);
  }

  // --- Controls -------------------------------------------------------------------------------

  acceptToken(token: string, user: { name?: string; isAdmin?: boolean } = {}): void {
    this.tokens.set(token, { id: registryId(), name: user.name ?? 'Test', isAdmin: user.isAdmin ?? true });
  }

  /** Refuses the token from now on; sockets already authenticated with it stay open (as in HA). */
  rejectToken(token: string): void {
    this.tokens.delete(token);
  }

  /**
   * Handles a command type (replacing a built-in one of that type). For a subscription, call
   * `context.subscribe()` and push events to the returned Subscription.
   */
  registerCommand(type: string, handler: CommandHandler): () => void {
    this.custom.set(type, handler);
    return () => this.custom.delete(type);
  }

  registerService(
    domain: string,
    service: string,
    handler: ServiceHandler,
    supportsResponse: SupportsResponse = 'none',
  ): () => void {
    return this.services.register(domain, service, handler, supportsResponse);
  }

  setState(entityId: string, state: string, attributes?: Record<string, unknown>, options?: SetStateOptions): void {
    this.states.set(entityId, state, attributes, options);
  }

  removeState(entityId: string): void {
    this.states.remove(entityId);
  }

  fireEvent(eventType: string, data?: Record<string, unknown>, context?: Partial<Context>): void {
    this.bus.fire(eventType, data, context);
  }

  setEntityRegistry(entries: EntityRegistryEntry[]): void {
    this.entityRegistry = entries;
  }

  setDeviceRegistry(entries: DeviceRegistryEntry[]): void {
    this.deviceRegistry = entries;
  }

  /** Every command (pings included) is handled this long after it arrives; 0 for none. */
  setAnswerDelay(ms: number): void {
    this.answerDelayMs = ms;
  }

  /** false: pings are received but never answered, as on a stalled connection. */
  setAnswerPings(answer: boolean): void {
    this.answerPings = answer;
  }

  /** Cuts every open socket without a closing handshake; returns how many. */
  dropAllSockets(): number {
    const connections = this.connections;
    for (const connection of connections) connection.drop();
    return connections.length;
  }

  /** Sends a frame that is not a JSON message to every authenticated socket. */
  sendGarbage(frame: string | Buffer = '{"type": "event", "id": 1, trunc'): void {
    for (const connection of this.authenticatedConnections) connection.sendRaw(frame);
  }

  /** Stops listening and cuts every socket. */
  async close(): Promise<void> {
    this.dropAllSockets();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function defaultConfig(version: string): Record<string, unknown> {
  return {
    latitude: 52.3731,
    longitude: 4.8922,
    elevation: 0,
    radius: 100,
    unit_system: {
      length: 'km',
      accumulated_precipitation: 'mm',
      mass: 'g',
      pressure: 'Pa',
      temperature: '°C',
      volume: 'L',
      wind_speed: 'm/s',
    },
    location_name: 'Home',
    time_zone: 'Europe/Amsterdam',
    components: ['bermuda', 'bluetooth', 'device_tracker', 'person', 'websocket_api', 'zone'],
    config_dir: '/config',
    whitelist_external_dirs: ['/media', '/config/www'],
    allowlist_external_dirs: ['/media', '/config/www'],
    allowlist_external_urls: [],
    version,
    config_source: 'storage',
    recovery_mode: false,
    safe_mode: false,
    state: 'RUNNING',
    external_url: null,
    internal_url: null,
    currency: 'EUR',
    country: 'NL',
    language: 'en',
  };
}
