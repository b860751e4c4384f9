/**
 * The MQTT sink's connection (docs/PRESENCE.md#mqtt): publishes presence snapshots as retained
 * messages (retained.ts), `online` on `<root>/<location>/status` with `offline` as the last will,
 * and everything again after each (re)connect. MQTT.js reconnects by itself; a broker that is down
 * or refuses the credentials is logged once per outage, and the sidecar carries on without it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import mqtt, { type MqttClient } from 'mqtt';
import type { Vec3 } from '../../config/types.ts';
import type { PresenceSnapshot } from '../../presence/types.ts';
import type { DiscoveryContext } from './discovery.ts';
import { RetainedTopics, type MqttMessage } from './retained.ts';
import { OFFLINE, ONLINE, statusTopic, type TopicBase } from './topics.ts';

export interface MqttSettings extends TopicBase {
  /** mqtt://host:1883 (or mqtts, ws, wss); never holds credentials. */
  url: string;
  username: string | null;
  password: string | null;
  /** Home Assistant's discovery prefix; null: no discovery. */
  discoveryPrefix: string | null;
}

export interface MqttSinkOptions {
  version: string;
  log(message: string): void;
  /** Between connection attempts; tests shorten it. */
  reconnectMs?: number;
}

/** Retained and at least once: a late subscriber (Home Assistant restarting) gets the current state. */
const PUBLISH = { qos: 1, retain: true } as const;
const RECONNECT_MS = 5_000;
const CONNECT_TIMEOUT_MS = 10_000;
/** On stop, how long the broker has to acknowledge `offline`. */
const STOP_WAIT_MS = 2_000;
/** MQTT connack codes (3.1.1, then 5) for refused credentials. */
const AUTH_REFUSED = new Set([4, 5, 134, 135]);

export class MqttSink {
  private client: MqttClient | null = null;
  private readonly topics: RetainedTopics;
  private latest: { snapshot: PresenceSnapshot; coordinates: (entityId: string) => Vec3 | null } | null = null;
  /** Problems logged since the last successful connect: each is said once per outage, not per attempt. */
  private readonly logged = new Set<string>();
  private everConnected = false;

  constructor(
    private readonly settings: MqttSettings,
    private readonly options: MqttSinkOptions,
  ) {
    const discovery: DiscoveryContext | null = settings.discoveryPrefix === null ? null : { base: settings, prefix: settings.discoveryPrefix, version: options.version };
    this.topics = new RetainedTopics(settings, discovery, (m) => options.log(m));
  }

  get isConnected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Starts connecting and returns at once: the sidecar does not wait for (or need) the broker. */
  start(): void {
    const client = mqtt.connect(this.settings.url, {
      clientId: `floorplan-${this.settings.location}-${Math.random().toString(16).slice(2, 10)}`,
      ...(this.settings.username === null ? {} : { username: this.settings.username }),
      ...(this.settings.password === null ? {} : { password: this.settings.password }),
      will: { topic: statusTopic(this.settings), payload: Buffer.from(OFFLINE), ...PUBLISH },
      reconnectPeriod: this.options.reconnectMs ?? RECONNECT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Keep retrying a refusal too: the broker's users may be fixed without restarting the sidecar.
      reconnectOnConnackError: true,
    });
    this.client = client;
    // Once stopped (this.client is null), the client's last events are not news.
    client.on('connect', () => this.connected());
    client.on('error', (err) => {
      if (this.client === client) this.trouble(problem(err, this.settings.url));
    });
    client.on('close', () => {
      if (this.client === client && this.everConnected) this.trouble(`MQTT: lost the connection to ${this.settings.url}; reconnecting`);
    });
  }

  /**
   * Publishes what changed in this snapshot; `coordinates` gives a device's position on the plan.
   * Offline, nothing is queued: the reconnect publishes the state of that moment instead.
   */
  update(snapshot: PresenceSnapshot, coordinates: (entityId: string) => Vec3 | null): void {
    this.latest = { snapshot, coordinates };
    if (this.isConnected) this.send(this.topics.messages(snapshot, coordinates, false));
  }

  /** Says `offline` and disconnects cleanly (the broker then drops the last will); never waits long for a broker that does not answer. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    const acknowledged =
      client.connected &&
      (await Promise.race([client.publishAsync(statusTopic(this.settings), OFFLINE, PUBLISH).then(() => true, () => false), sleep(STOP_WAIT_MS, false)]));
    // A polite end waits for every acknowledgement: without them, cut the connection (the last will says offline then).
    await client.endAsync(!acknowledged);
  }

  private connected(): void {
    this.options.log(`MQTT: connected to ${this.settings.url}; publishing under ${this.settings.root}/${this.settings.location}`);
    this.logged.clear();
    this.everConnected = true;
    const messages = this.latest ? this.topics.messages(this.latest.snapshot, this.latest.coordinates, true) : [];
    this.send([{ topic: statusTopic(this.settings), payload: ONLINE }, ...messages]);
  }

  private send(messages: readonly MqttMessage[]): void {
    const client = this.client;
    if (!client) return;
    for (const { topic, payload } of messages) {
      // A failure means the connection went: the reconnect republishes everything.
      client.publish(topic, payload, PUBLISH, () => undefined);
    }
  }

  private trouble(message: string): void {
    if (this.logged.has(message)) return;
    this.logged.add(message);
    this.options.log(message);
  }
}

function problem(err: Error & { code?: unknown }, url: string): string {
  if (typeof err.code === 'number' && AUTH_REFUSED.has(err.code)) {
    return `MQTT: the broker at ${url} refused the credentials (${err.message}); check mqtt_username and mqtt_password (FLOORPLAN_MQTT_USERNAME, FLOORPLAN_MQTT_PASSWORD); retrying`;
  }
  return `MQTT: cannot reach the broker at ${url} (${err.message}); retrying every few seconds, the sidecar works on without it`;
}
