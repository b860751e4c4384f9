/**
 * What the MQTT sink publishes for each presence snapshot: every topic's retained message, sent
 * only when it changed (everything again after a reconnect), and emptied when its device, room or
 * zone is gone. A device's position jitters by tens of centimetres every second, so as for Home
 * Assistant (update-throttle.ts) a device is sent again for a change other than its position, a
 * move of MIN_MOVE_METRES, or after REFRESH_SECONDS. Pure: no network, the snapshot's time is the
 * clock.
 */
import type { Vec3 } from '../../config/types.ts';
import type { PresenceSnapshot } from '../../presence/types.ts';
import { MIN_MOVE_METRES, REFRESH_SECONDS } from '../home-assistant/update-throttle.ts';
import { deviceTrackerConfig, occupancyConfigs, roomConfigs, zoneConfigs, type DiscoveryContext } from './discovery.ts';
import { devicePayload, deviceTopic, occupancyPayload, occupancyTopic, RESERVED_LEVELS, roomPayload, roomTopic, topicSlug, zonePayload, zoneTopic, type TopicBase } from './topics.ts';

/** A retained message; an empty payload deletes the topic's retained message (and a discovery config's entity). */
export interface MqttMessage {
  topic: string;
  payload: string;
}

interface Entry {
  payload: string;
  /** The payload without the fields that change on their own (position, last_seen); equal to payload for other topics. */
  significant: string;
  coordinates: Vec3 | null;
  discovery: boolean;
}

interface Sent extends Entry {
  at: number;
}

export class RetainedTopics {
  private readonly sent = new Map<string, Sent>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly base: TopicBase,
    /** null: discovery off. */
    private readonly discovery: DiscoveryContext | null,
    private readonly log: (message: string) => void,
  ) {}

  /** The messages to publish for this snapshot, remembered as sent; `full` after a (re)connect. */
  messages(snapshot: PresenceSnapshot, coordinates: (entityId: string) => Vec3 | null, full: boolean): MqttMessage[] {
    const wanted = this.wanted(snapshot, coordinates);
    const out: MqttMessage[] = [];
    // Removals first, a discovery config before its state topic, so Home Assistant drops the entity before its state goes.
    const gone = [...this.sent].filter(([topic]) => !wanted.has(topic)).sort(([, a], [, b]) => Number(b.discovery) - Number(a.discovery));
    for (const [topic] of gone) {
      this.sent.delete(topic);
      out.push({ topic, payload: '' });
    }
    for (const [topic, entry] of wanted) {
      const before = this.sent.get(topic);
      if (!full && before && !due(before, entry, snapshot.t)) continue;
      this.sent.set(topic, { ...entry, at: snapshot.t });
      out.push({ topic, payload: entry.payload });
    }
    return out;
  }

  /** Every topic with its payload, discovery configs first (Home Assistant subscribes to a state topic when its config arrives). */
  private wanted(snapshot: PresenceSnapshot, coordinates: (entityId: string) => Vec3 | null): Map<string, Entry> {
    const configs = new Map<string, Entry>();
    const states = new Map<string, Entry>();
    const plain = (payload: object, discovery = false): Entry => {
      const text = JSON.stringify(payload);
      return { payload: text, significant: text, coordinates: null, discovery };
    };
    if (this.discovery) for (const { topic, config } of occupancyConfigs(this.discovery)) configs.set(topic, plain(config, true));
    states.set(occupancyTopic(this.base), plain(occupancyPayload(snapshot.house)));
    for (const room of snapshot.rooms) {
      states.set(roomTopic(this.base, room.id), plain(roomPayload(room)));
      if (this.discovery) for (const { topic, config } of roomConfigs(this.discovery, room)) configs.set(topic, plain(config, true));
    }
    for (const zone of snapshot.zones) {
      states.set(zoneTopic(this.base, zone.id), plain(zonePayload(zone)));
      if (this.discovery) for (const { topic, config } of zoneConfigs(this.discovery, zone)) configs.set(topic, plain(config, true));
    }

    const roomNames = new Map(snapshot.rooms.map((r) => [r.id, r.name]));
    const slugs = new Map<string, string>();
    for (const device of snapshot.devices) {
      const slug = topicSlug(device.entityId);
      const holder = RESERVED_LEVELS.has(slug) || slug === '' ? null : slugs.get(slug);
      if (holder !== undefined) {
        this.warnOnce(device.entityId, `MQTT: ${device.entityId} is not published: its topic level "${slug}" is ${holder === null ? 'reserved' : `${holder}'s already`}`);
        continue;
      }
      slugs.set(slug, device.entityId);
      const position = coordinates(device.entityId);
      const payload = devicePayload(device, roomNames.get(device.room ?? '') ?? null, position);
      const { x, y, z, last_seen, ...rest } = payload;
      states.set(deviceTopic(this.base, slug), { payload: JSON.stringify(payload), significant: JSON.stringify({ ...rest, positioned: position !== null }), coordinates: position, discovery: false });
      if (this.discovery) {
        const { topic, config } = deviceTrackerConfig(this.discovery, slug, device.name);
        configs.set(topic, plain(config, true));
      }
    }
    return new Map([...configs, ...states]);
  }

  private warnOnce(entityId: string, message: string): void {
    if (this.warned.has(entityId)) return;
    this.warned.add(entityId);
    this.log(message);
  }
}

function due(before: Sent, after: Entry, now: number): boolean {
  if (before.payload === after.payload) return false;
  if (before.significant !== after.significant || now - before.at >= REFRESH_SECONDS) return true;
  if (before.coordinates === null || after.coordinates === null) return false;
  const [x0, y0, z0] = before.coordinates;
  const [x1, y1, z1] = after.coordinates;
  return Math.hypot(x1 - x0, y1 - y0, z1 - z0) >= MIN_MOVE_METRES;
}
