import { describe, expect, it } from 'vitest';
import { deviceTrackerConfig, nodeId, occupancyConfigs, roomConfigs, zoneConfigs, type DiscoveryContext } from '../../../server/sinks/mqtt/discovery.ts';
import { RetainedTopics, type MqttMessage } from '../../../server/sinks/mqtt/retained.ts';
import { devicePayload, topicPrefixProblem, topicSlug } from '../../../server/sinks/mqtt/topics.ts';
import { deskZone, positionsOf, snapshotOf, type Person } from '../../mqtt/snapshots.ts';

const BASE = { root: 'floorplan', location: 'home' };
const CTX: DiscoveryContext = { base: BASE, prefix: 'homeassistant', version: '1.2.3' };
const T0 = 1_700_000_000;

const alice = (room: Person['room'], at?: [number, number, number]): Person => ({ entityId: 'person.alice', name: 'Alice', room, ...(at ? { at } : {}) });
const bob = (room: Person['room']): Person => ({ entityId: 'device_tracker.bob_keys', name: "Bob's keys", room });

const topicsOf = (messages: readonly MqttMessage[]): string[] => messages.map((m) => m.topic);
const payloadOf = (messages: readonly MqttMessage[], topic: string): unknown => {
  const m = messages.find((x) => x.topic === topic);
  return m === undefined ? undefined : m.payload === '' ? '' : JSON.parse(m.payload);
};

describe('MQTT topics', () => {
  it('turns entity ids into one safe topic level', () => {
    expect(topicSlug('person.alice')).toBe('person_alice');
    expect(topicSlug('AA:BB:CC:DD:EE:FF')).toBe('aa_bb_cc_dd_ee_ff');
    expect(topicSlug('device_tracker.bob+keys/#1')).toBe('device_tracker_bob_keys_1');
    expect(topicSlug('..x..')).toBe('x');
  });

  it('checks the prefixes users give', () => {
    expect(topicPrefixProblem('site/floorplan', false)).toBeNull();
    expect(topicPrefixProblem('site/floorplan', true)).toBe('must be one topic level (no /)');
    expect(topicPrefixProblem('a+b', false)).toMatch(/wildcards/);
    expect(topicPrefixProblem('a//b', false)).toMatch(/empty level/);
    expect(topicPrefixProblem('', true)).toBe('must not be empty');
  });

  it('gives a device payload automations can use: state string, boolean, room by id and name, position, ISO times', () => {
    const [device] = snapshotOf(T0, [{ ...alice('kitchen', [1.23456, 2, 0.8]), since: T0 - 60 }]).devices;
    expect(devicePayload(device!, 'Kitchen', [1.23456, 2, 0.8])).toEqual({
      state: 'home',
      home: true,
      entity_id: 'person.alice',
      name: 'Alice',
      room: 'kitchen',
      room_name: 'Kitchen',
      floor: 'ground',
      x: 1.235,
      y: 2,
      z: 0.8,
      last_seen: new Date(T0 * 1000).toISOString(),
      since: new Date((T0 - 60) * 1000).toISOString(),
    });
    const [away] = snapshotOf(T0, [alice(null)]).devices;
    expect(devicePayload(away!, null, null)).toMatchObject({ state: 'not_home', home: false, room: null, room_name: null, floor: null, x: null, y: null, z: null, last_seen: null });
  });
});

describe('Home Assistant discovery configs', () => {
  it('makes each device a device_tracker on its own topic, home or not_home from the payload', () => {
    const { topic, config } = deviceTrackerConfig(CTX, 'person_alice', 'Alice');
    expect(topic).toBe('homeassistant/device_tracker/floorplan_home/person_alice/config');
    expect(config).toMatchObject({
      unique_id: 'floorplan_home_person_alice',
      state_topic: 'floorplan/home/person_alice',
      json_attributes_topic: 'floorplan/home/person_alice',
      availability_topic: 'floorplan/home/status',
      payload_available: 'online',
      payload_not_available: 'offline',
      source_type: 'bluetooth_le',
      device: { identifiers: ['floorplan_home_person_alice'], name: 'Alice', via_device: 'floorplan_home' },
    });
    expect(config['name']).toBeNull();
    expect(config['value_template']).toBe("{{ 'home' if value_json.home else 'not_home' }}");
  });

  it('describes the house as an occupancy binary_sensor and a people count, on the house device', () => {
    const configs = occupancyConfigs(CTX);
    expect(configs.map((c) => c.topic)).toEqual(['homeassistant/binary_sensor/floorplan_home/occupancy/config', 'homeassistant/sensor/floorplan_home/people/config']);
    const [occupancy, people] = configs.map((c) => c.config);
    expect(occupancy).toMatchObject({ device_class: 'occupancy', state_topic: 'floorplan/home/occupancy', unique_id: 'floorplan_home_occupancy', device: { identifiers: ['floorplan_home'] } });
    expect(people).toMatchObject({ state_topic: 'floorplan/home/occupancy', value_template: '{{ value_json.count }}', unique_id: 'floorplan_home_people', device: { identifiers: ['floorplan_home'] } });
  });

  it('describes each room as a device of its own in the house: occupancy and occupants from the room topic', () => {
    const configs = roomConfigs(CTX, { id: 'living_room', name: 'Living room' });
    const [occupancy, occupants] = configs.map((c) => c.config);
    const device = { identifiers: ['floorplan_home_room_living_room'], name: 'Living room', model: 'Room', via_device: 'floorplan_home' };
    expect(occupancy).toMatchObject({ name: 'Occupancy', device_class: 'occupancy', state_topic: 'floorplan/home/rooms/living_room', unique_id: 'floorplan_home_room_living_room_occupancy', device });
    expect(occupants).toMatchObject({ name: 'Occupants', value_template: '{{ value_json.count }}', json_attributes_topic: 'floorplan/home/rooms/living_room', device });
    // The same states as the house's: one template reads both payloads.
    expect(occupancy!['value_template']).toBe(occupancyConfigs(CTX)[0]!.config['value_template']);
    expect(new Set(configs.map((c) => c.topic)).size).toBe(2);
  });

  it('keeps two homes on one broker apart', () => {
    expect(nodeId({ root: 'floorplan', location: 'cabin' })).not.toBe(nodeId(BASE));
    expect(deviceTrackerConfig({ ...CTX, base: { root: 'floorplan', location: 'cabin' } }, 'person_alice', 'Alice').config['unique_id']).toBe('floorplan_cabin_person_alice');
  });
});

describe('retained topics', () => {
  const retained = (discovery: DiscoveryContext | null = CTX, log: (m: string) => void = () => undefined) => new RetainedTopics(BASE, discovery, log);

  it('publishes everything first, then only what changed', () => {
    const topics = retained();
    const people = [alice('kitchen', [1, 1, 0]), bob(null)];
    const first = topics.messages(snapshotOf(T0, people), positionsOf(people), false);
    expect(topicsOf(first)).toEqual([
      'homeassistant/binary_sensor/floorplan_home/occupancy/config',
      'homeassistant/sensor/floorplan_home/people/config',
      'homeassistant/binary_sensor/floorplan_home/floorplan_home_room_kitchen_occupancy/config',
      'homeassistant/sensor/floorplan_home/floorplan_home_room_kitchen_occupants/config',
      'homeassistant/binary_sensor/floorplan_home/floorplan_home_room_bedroom_occupancy/config',
      'homeassistant/sensor/floorplan_home/floorplan_home_room_bedroom_occupants/config',
      'homeassistant/device_tracker/floorplan_home/person_alice/config',
      'homeassistant/device_tracker/floorplan_home/device_tracker_bob_keys/config',
      'floorplan/home/occupancy',
      'floorplan/home/rooms/kitchen',
      'floorplan/home/rooms/bedroom',
      'floorplan/home/person_alice',
      'floorplan/home/device_tracker_bob_keys',
    ]);
    expect(payloadOf(first, 'floorplan/home/occupancy')).toEqual({ state: 'somebody', occupied: true, people: ['Alice'], entity_ids: ['person.alice'], count: 1 });
    expect(payloadOf(first, 'floorplan/home/rooms/kitchen')).toEqual({ name: 'Kitchen', floor: 'ground', occupied: true, count: 1, people: ['Alice'], entity_ids: ['person.alice'] });

    // Bob arrives in the bedroom: his topic, the house and the bedroom change; Alice (seen again a second later) does not.
    const later = [alice('kitchen', [1.1, 1, 0]), bob('bedroom')];
    const second = topics.messages(snapshotOf(T0 + 1, later), positionsOf(later), false);
    expect(topicsOf(second)).toEqual(['floorplan/home/occupancy', 'floorplan/home/rooms/bedroom', 'floorplan/home/device_tracker_bob_keys']);
    expect(payloadOf(second, 'floorplan/home/device_tracker_bob_keys')).toMatchObject({ state: 'home', home: true, room: 'bedroom', room_name: 'Bedroom', floor: 'first' });

    // After a reconnect: all of it again.
    expect(topicsOf(topics.messages(snapshotOf(T0 + 1, later), positionsOf(later), true))).toHaveLength(13);
  });

  it('sends a move only past the jitter, and a still device again after a while', () => {
    const topics = retained(null);
    const at = (t: number, x: number) => {
      const people = [alice('kitchen', [x, 1, 0])];
      return topicsOf(topics.messages(snapshotOf(t, people), positionsOf(people), false));
    };
    expect(at(T0, 1)).toContain('floorplan/home/person_alice');
    expect(at(T0 + 1, 1.2)).toEqual([]);
    expect(at(T0 + 2, 1.4)).toEqual(['floorplan/home/person_alice']);
    expect(at(T0 + 20, 1.4)).toEqual([]);
    expect(at(T0 + 40, 1.4)).toEqual(['floorplan/home/person_alice']);
  });

  it('removes a device that is gone: its discovery config first, then its retained state', () => {
    const topics = retained();
    const both = [alice('kitchen'), bob('bedroom')];
    topics.messages(snapshotOf(T0, both), positionsOf(both), false);
    const gone = topics.messages(snapshotOf(T0 + 1, [alice('kitchen')]), positionsOf([]), false);
    expect(gone.filter((m) => m.payload === '').map((m) => m.topic)).toEqual([
      'homeassistant/device_tracker/floorplan_home/device_tracker_bob_keys/config',
      'floorplan/home/device_tracker_bob_keys',
    ]);
    expect(topicsOf(gone).indexOf('floorplan/home/device_tracker_bob_keys')).toBeLessThan(topicsOf(gone).indexOf('floorplan/home/occupancy'));
    // Gone is gone: not removed twice.
    expect(topics.messages(snapshotOf(T0 + 2, [alice('kitchen')]), positionsOf([]), true).filter((m) => m.payload === '')).toEqual([]);
  });

  it('publishes each zone: who is in it as the state, its occupancy sensor beside, on a device of its own', () => {
    const topics = retained();
    const people = [alice('kitchen')];
    const messages = topics.messages(snapshotOf(T0, people, [deskZone(people, true)]), positionsOf(people), false);
    expect(payloadOf(messages, 'floorplan/home/zones/desk')).toEqual({
      name: 'Desk',
      floor: 'ground',
      state: 'Alice',
      people: ['Alice'],
      entity_ids: ['person.alice'],
      sensor: 'on',
      sensor_entity_id: 'binary_sensor.desk_motion',
    });
    const [config] = zoneConfigs(CTX, { id: 'desk', name: 'Desk' });
    expect(payloadOf(messages, config!.topic)).toMatchObject({ name: 'Occupant', state_topic: 'floorplan/home/zones/desk', device: { name: 'Desk', model: 'Zone', via_device: 'floorplan_home' } });
    // Nobody tracked there, but the sensor says occupied: the zone's own word for it.
    const away = [alice(null)];
    const later = topics.messages(snapshotOf(T0 + 1, away, [deskZone(away, true)]), positionsOf(away), false);
    expect(payloadOf(later, 'floorplan/home/zones/desk')).toMatchObject({ state: 'unknown', people: [] });
    // A zone taken out of the plan goes, config first.
    const gone = topics.messages(snapshotOf(T0 + 2, away), positionsOf(away), false);
    expect(gone.filter((m) => m.payload === '').map((m) => m.topic)).toEqual([config!.topic, 'floorplan/home/zones/desk']);
  });

  it('removes a room that left the plan: its discovery configs, then its retained state', () => {
    const topics = retained();
    const people = [alice('kitchen')];
    topics.messages(snapshotOf(T0, people), positionsOf(people), false);
    const withoutBedroom = { ...snapshotOf(T0 + 1, people), rooms: snapshotOf(T0 + 1, people).rooms.filter((r) => r.id !== 'bedroom') };
    const gone = topics.messages(withoutBedroom, positionsOf(people), false);
    expect(gone.filter((m) => m.payload === '').map((m) => m.topic)).toEqual([
      'homeassistant/binary_sensor/floorplan_home/floorplan_home_room_bedroom_occupancy/config',
      'homeassistant/sensor/floorplan_home/floorplan_home_room_bedroom_occupants/config',
      'floorplan/home/rooms/bedroom',
    ]);
  });

  it('publishes no discovery when it is off', () => {
    const people = [alice('kitchen')];
    expect(topicsOf(retained(null).messages(snapshotOf(T0, people), positionsOf(people), false)).filter((t) => t.startsWith('homeassistant/'))).toEqual([]);
  });

  it('skips, and says once, a device whose topic level is taken or reserved', () => {
    const logged: string[] = [];
    const topics = retained(CTX, (m) => logged.push(m));
    const people: Person[] = [alice('kitchen'), { entityId: 'person:alice', name: 'Other Alice', room: 'kitchen' }, { entityId: 'Status', name: 'S', room: 'kitchen' }];
    const messages = topics.messages(snapshotOf(T0, people), positionsOf(people), false);
    topics.messages(snapshotOf(T0 + 1, people), positionsOf(people), false);
    expect(payloadOf(messages, 'floorplan/home/person_alice')).toMatchObject({ name: 'Alice' });
    expect(topicsOf(messages)).not.toContain('floorplan/home/status');
    expect(logged).toEqual([
      'MQTT: person:alice is not published: its topic level "person_alice" is person.alice\'s already',
      'MQTT: Status is not published: its topic level "status" is reserved',
    ]);
  });
});
