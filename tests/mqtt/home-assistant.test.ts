/**
 * The MQTT sink's discovery in a real Home Assistant (2024.3.3, tests/e2e/ha/harness.ts) whose MQTT
 * integration is set up on the test's Mosquitto: the entities appear, follow a person's arrival and
 * departure, go unavailable when the sink stops, and go away with their device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttSink } from '../../server/sinks/mqtt/publisher.ts';
import { startHomeAssistant, type HomeAssistant } from '../e2e/ha/harness.ts';
import { startBroker, type Broker } from './broker.ts';
import { deskZone, positionsOf, snapshotOf, type Person } from './snapshots.ts';

const T0 = 1_700_000_000;
const WAIT = { timeout: 30_000, interval: 200 };
const TRACKER = 'device_tracker.alice';
const OCCUPANCY = 'binary_sensor.floorplan_presence_home_occupancy';
const PEOPLE = 'sensor.floorplan_presence_home_people_home';
/** A room is a device of its own: its name, then the entity's. */
const KITCHEN = 'binary_sensor.kitchen_occupancy';
const KITCHEN_OCCUPANTS = 'sensor.kitchen_occupants';
const DESK = 'sensor.desk_occupant';
const alice = (room: Person['room'], at?: [number, number, number]): Person => ({ entityId: 'person.alice', name: 'Alice', room, ...(at ? { at } : {}) });
const bob = (room: Person['room']): Person => ({ entityId: 'person.bob', name: 'Bob', room });

interface State {
  state: string;
  attributes: Record<string, unknown>;
}

describe('MQTT discovery in a real Home Assistant', () => {
  let ha: HomeAssistant | undefined;
  let broker: Broker | undefined;
  let sink: MqttSink | undefined;

  const states = async (): Promise<Map<string, State>> => new Map((await ha!.api<(State & { entity_id: string })[]>('GET', '/api/states')).map((s) => [s.entity_id, s]));
  const stateOf = async (entityId: string): Promise<State | undefined> => (await states()).get(entityId);
  const show = (people: Person[], t: number, occupied: boolean | null = false) => sink!.update(snapshotOf(t, people, [deskZone(people, occupied)]), positionsOf(people));

  beforeAll(async () => {
    broker = await startBroker();
    ha = await startHomeAssistant();
    const flow = await ha.configFlow('mqtt', [{ broker: '127.0.0.1', port: broker.port }]);
    expect(flow.type, JSON.stringify(flow)).toBe('create_entry');
    sink = new MqttSink({ url: broker.url, username: null, password: null, root: 'floorplan', location: 'home', discoveryPrefix: 'homeassistant' }, { version: 'test', log: () => undefined });
    sink.start();
  }, 240_000);
  afterAll(async () => {
    await sink?.stop();
    await ha?.stop();
    await broker?.close();
  });

  it('makes a device_tracker per person, the house, room and zone occupancy, and follows them', async () => {
    show([alice('kitchen', [7.5, 4, 1]), bob('bedroom')], T0);
    await expect.poll(() => stateOf(TRACKER), WAIT).toMatchObject({ state: 'home', attributes: { room: 'kitchen', room_name: 'Kitchen', floor: 'ground', x: 7.5, source_type: 'bluetooth_le', friendly_name: 'Alice' } });
    await expect.poll(() => stateOf(OCCUPANCY), WAIT).toMatchObject({ state: 'on', attributes: { device_class: 'occupancy', people: ['Alice', 'Bob'] } });
    expect(await stateOf(PEOPLE)).toMatchObject({ state: '2', attributes: { unit_of_measurement: 'people' } });
    await expect.poll(() => stateOf(KITCHEN), WAIT).toMatchObject({ state: 'on', attributes: { device_class: 'occupancy', people: ['Alice'], floor: 'ground' } });
    expect(await stateOf(KITCHEN_OCCUPANTS)).toMatchObject({ state: '1', attributes: { entity_ids: ['person.alice'] } });
    expect((await stateOf('binary_sensor.bedroom_occupancy'))?.state).toBe('on');
    await expect.poll(() => stateOf(DESK), WAIT).toMatchObject({ state: 'Alice', attributes: { sensor: 'off', sensor_entity_id: 'binary_sensor.desk_motion' } });

    show([alice(null), bob(null)], T0 + 10, true);
    await expect.poll(() => stateOf(TRACKER), WAIT).toMatchObject({ state: 'not_home', attributes: { room: null } });
    await expect.poll(() => stateOf(OCCUPANCY), WAIT).toMatchObject({ state: 'off' });
    expect((await stateOf(PEOPLE))?.state).toBe('0');
    await expect.poll(() => stateOf(KITCHEN), WAIT).toMatchObject({ state: 'off' });
    expect((await stateOf(KITCHEN_OCCUPANTS))?.state).toBe('0');
    // The desk's sensor still sees someone nobody tracked: unknown, the zone's own word.
    await expect.poll(async () => (await stateOf(DESK))?.state, WAIT).toBe('unknown');

    // Bob's device goes: so does his entity.
    const bobs = (all: Map<string, State>) => [...all.values()].filter((s) => s.attributes['friendly_name'] === 'Bob');
    expect(bobs(await states())).toHaveLength(1);
    show([alice(null)], T0 + 20);
    await expect.poll(async () => bobs(await states()), WAIT).toEqual([]);

    // The sidecar stops: its entities are unavailable, not stale.
    await sink!.stop();
    await expect.poll(() => stateOf(TRACKER), WAIT).toMatchObject({ state: 'unavailable' });
    expect((await stateOf(OCCUPANCY))?.state).toBe('unavailable');
    expect((await stateOf(KITCHEN))?.state).toBe('unavailable');
    expect(ha!.logErrors().filter((line) => /mqtt/i.test(line))).toEqual([]);
  });
});
