/**
 * Home Assistant MQTT discovery configs for the sink's topics (docs/PRESENCE.md#mqtt): a
 * `device_tracker` per device, for the house an occupancy `binary_sensor` and a sensor counting
 * the people home, per room the same pair on a device of its own, and per zone a sensor of who is
 * in it. Pure: topic and config per entity; an empty retained config removes one.
 */
import type { RoomOccupancy, ZoneOccupancy } from '../../presence/types.ts';
import { deviceTopic, occupancyTopic, OFFLINE, ONLINE, roomTopic, statusTopic, topicSlug, zoneTopic, type TopicBase } from './topics.ts';

export interface DiscoveryContext {
  base: TopicBase;
  /** `homeassistant` unless the user moved Home Assistant's discovery prefix. */
  prefix: string;
  version: string;
}

export interface DiscoveryConfig {
  topic: string;
  config: Record<string, unknown>;
}

const MANUFACTURER = 'Floorplan Presence';
/** The occupancy binary_sensors' state, from a house or room payload. */
const OCCUPIED = "{{ 'ON' if value_json.occupied else 'OFF' }}";

/** Discovery node id and the house device's identifier: unique per root and location, so two homes on one broker do not collide. */
export const nodeId = ({ root, location }: TopicBase): string => topicSlug(`${root}_${location}`);

function common(ctx: DiscoveryContext) {
  return {
    availability_topic: statusTopic(ctx.base),
    payload_available: ONLINE,
    payload_not_available: OFFLINE,
    origin: { name: MANUFACTURER, sw_version: ctx.version },
  };
}

function houseDevice(ctx: DiscoveryContext) {
  return { identifiers: [nodeId(ctx.base)], name: `Floorplan Presence ${ctx.base.location}`, manufacturer: MANUFACTURER, model: 'Sidecar', sw_version: ctx.version };
}

/** The topic of a device's tracker config, to publish the config to or to empty when the device goes. */
export const deviceDiscoveryTopic = (ctx: DiscoveryContext, slug: string): string => `${ctx.prefix}/device_tracker/${nodeId(ctx.base)}/${slug}/config`;

/**
 * A device_tracker, home or not_home from the payload's `home`: Home Assistant's presence states
 * whatever strings the user configured, so it can be given to a person and used in zone automations;
 * room, floor and x/y/z are its attributes. One Home Assistant device per tracked device.
 */
export function deviceTrackerConfig(ctx: DiscoveryContext, slug: string, name: string): DiscoveryConfig {
  const node = nodeId(ctx.base);
  const topic = deviceTopic(ctx.base, slug);
  return {
    topic: deviceDiscoveryTopic(ctx, slug),
    config: {
      // null: the entity takes the device's name ("Alice"), not "Alice Alice".
      name: null,
      unique_id: `${node}_${slug}`,
      state_topic: topic,
      value_template: "{{ 'home' if value_json.home else 'not_home' }}",
      json_attributes_topic: topic,
      source_type: 'bluetooth_le',
      ...common(ctx),
      device: { identifiers: [`${node}_${slug}`], name, manufacturer: MANUFACTURER, model: 'Tracked device', via_device: node },
    },
  };
}

/** The house: occupied or not (binary_sensor, device class occupancy), and how many people are home. */
export function occupancyConfigs(ctx: DiscoveryContext): DiscoveryConfig[] {
  const node = nodeId(ctx.base);
  const topic = occupancyTopic(ctx.base);
  const shared = { state_topic: topic, json_attributes_topic: topic, ...common(ctx), device: houseDevice(ctx) };
  return [
    {
      topic: `${ctx.prefix}/binary_sensor/${node}/occupancy/config`,
      config: { name: 'Occupancy', unique_id: `${node}_occupancy`, device_class: 'occupancy', value_template: OCCUPIED, ...shared },
    },
    {
      topic: `${ctx.prefix}/sensor/${node}/people/config`,
      config: { name: 'People home', unique_id: `${node}_people`, icon: 'mdi:account-group', unit_of_measurement: 'people', state_class: 'measurement', value_template: '{{ value_json.count }}', ...shared },
    },
  ];
}

/**
 * A room, as the floorplan integration shows it: a device of its own, in the house, with whether
 * anybody is in it (binary_sensor, device class occupancy) and how many are (the names as attributes).
 */
export function roomConfigs(ctx: DiscoveryContext, room: Pick<RoomOccupancy, 'id' | 'name'>): DiscoveryConfig[] {
  const { node, id, shared } = place(ctx, 'Room', room.id, room.name, roomTopic(ctx.base, room.id));
  return [
    {
      topic: `${ctx.prefix}/binary_sensor/${node}/${id}_occupancy/config`,
      config: { name: 'Occupancy', unique_id: `${id}_occupancy`, device_class: 'occupancy', value_template: OCCUPIED, ...shared },
    },
    {
      topic: `${ctx.prefix}/sensor/${node}/${id}_occupants/config`,
      config: { name: 'Occupants', unique_id: `${id}_occupants`, icon: 'mdi:account-multiple', state_class: 'measurement', value_template: '{{ value_json.count }}', ...shared },
    },
  ];
}

/** A zone, as the floorplan integration shows it: a device of its own, with who is in it as the state. */
export function zoneConfigs(ctx: DiscoveryContext, zone: Pick<ZoneOccupancy, 'id' | 'name'>): DiscoveryConfig[] {
  const { node, id, shared } = place(ctx, 'Zone', zone.id, zone.name, zoneTopic(ctx.base, zone.id));
  return [
    {
      topic: `${ctx.prefix}/sensor/${node}/${id}_occupant/config`,
      // Home Assistant stores at most 255 characters of a state.
      config: { name: 'Occupant', unique_id: `${id}_occupant`, icon: 'mdi:account-box-outline', value_template: '{{ value_json.state[:255] }}', ...shared },
    },
  ];
}

/**
 * A room or zone as a Home Assistant device in the house: its id (for unique ids and discovery
 * topics), and what each of its entities shares: its state topic, availability and device.
 */
function place(ctx: DiscoveryContext, model: 'Room' | 'Zone', placeId: string, name: string, topic: string) {
  const node = nodeId(ctx.base);
  const id = `${node}_${model.toLowerCase()}_${topicSlug(placeId)}`;
  const device = { identifiers: [id], name, manufacturer: MANUFACTURER, model, via_device: node };
  return { node, id, shared: { state_topic: topic, json_attributes_topic: topic, ...common(ctx), device } };
}
