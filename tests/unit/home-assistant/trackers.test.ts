import type { HassEntities, HassEntity } from 'home-assistant-js-websocket';
import { describe, expect, it } from 'vitest';
import type { TrackedDevice } from '../../../server/providers/home-assistant/registry.ts';
import {
  bleTrackers,
  generatedEntityId,
  isAway,
  resolveMovingEntities,
  type MovingEntitiesInput,
  type MovingEntityMapping,
} from '../../../server/providers/home-assistant/trackers.ts';
import type { DeviceRegistryEntry, EntityRegistryEntry } from '../../../server/providers/home-assistant/types.ts';
import { deviceEntry, entityEntry } from '../../support/fake-ha/registries.ts';

function state(entityId: string, value: string, attributes: Record<string, unknown>): HassEntity {
  return {
    entity_id: entityId,
    state: value,
    attributes,
    last_changed: '2024-03-10T09:12:41.402781+00:00',
    last_updated: '2024-03-10T09:12:41.402781+00:00',
    context: { id: '01HRJ7Q8X2V3W4Y5Z6A7B8C9D0', parent_id: null, user_id: null },
  };
}

function states(...list: HassEntity[]): HassEntities {
  return Object.fromEntries(list.map((s) => [s.entity_id, s]));
}

/** Positional shorthands over the shared builders, keeping the tables below one line per entry. */
function registryEntry(platform: string, entity_id: string, unique_id: string, device_id: string | null): EntityRegistryEntry {
  return entityEntry({ platform, entity_id, unique_id, device_id });
}

function haDevice(id: string, name: string | null, name_by_user: string | null = null): DeviceRegistryEntry {
  return deviceEntry({ id, name, name_by_user, identifiers: [['bermuda', id]] });
}

const PHONE = 'aa:bb:cc:dd:ee:ff';
const WATCH = 'c0:ff:ee:00:00:01';
const KEYS = 'fda50693a4e24fb1afcfc6eb07647825_1_2';
const TAG = 'de:ad:be:ef:00:01';
const IRK = '0123456789abcdef0123456789abcdef';

const BLE = { source_type: 'bluetooth_le' };

const ENTITY_REGISTRY: EntityRegistryEntry[] = [
  registryEntry('bermuda', 'device_tracker.alice_phone_bermuda_tracker', PHONE, 'dev-phone'),
  registryEntry('bermuda', 'device_tracker.alice_watch_bermuda_tracker', WATCH, 'dev-watch'),
  registryEntry('private_ble_device', 'device_tracker.alice_watch', IRK, 'dev-watch'),
  registryEntry('bermuda', 'device_tracker.keys_bermuda_tracker', KEYS, 'dev-keys'),
  registryEntry('mobile_app', 'device_tracker.pixel_7', 'a1b2c3_location', 'dev-pixel'),
  registryEntry('mobile_app', 'device_tracker.bob_pixel', 'd4e5f6_location', 'dev-bob-pixel'),
];

const DEVICES: TrackedDevice[] = [
  { key: PHONE, deviceId: 'dev-phone', trackerEntityIds: ['device_tracker.alice_phone_bermuda_tracker'] },
  { key: WATCH, deviceId: 'dev-watch', trackerEntityIds: ['device_tracker.alice_watch_bermuda_tracker'] },
  { key: KEYS, deviceId: 'dev-keys', trackerEntityIds: ['device_tracker.keys_bermuda_tracker'] },
  { key: TAG, deviceId: 'dev-tag', trackerEntityIds: [] },
  { key: IRK, deviceId: null, trackerEntityIds: [] },
];

const DEVICE_REGISTRY: DeviceRegistryEntry[] = [
  haDevice('dev-phone', 'Pixel 7 BLE'),
  haDevice('dev-watch', 'Galaxy Watch'),
  haDevice('dev-keys', 'iBeacon fda50693', 'Car keys'),
  haDevice('dev-tag', 'Bike tag'),
];

const ALICE = state('person.alice', 'home', {
  editable: true,
  id: 'alice',
  device_trackers: ['device_tracker.pixel_7', 'device_tracker.alice_phone_bermuda_tracker', 'device_tracker.alice_watch'],
  user_id: '5f4dcc3b5aa765d61d8327deb882cf99',
  source: 'device_tracker.pixel_7',
  friendly_name: 'Alice',
});
const BOB = state('person.bob', 'not_home', {
  editable: true,
  id: 'bob',
  device_trackers: ['device_tracker.bob_pixel'],
  friendly_name: 'Bob',
});

function input(mappings: MovingEntityMapping[] = [], people: HassEntity[] = [ALICE, BOB]): MovingEntitiesInput {
  return {
    devices: DEVICES,
    mappings,
    states: states(...people),
    entityRegistry: ENTITY_REGISTRY,
    deviceRegistry: DEVICE_REGISTRY,
  };
}

describe('bleTrackers', () => {
  it('keeps device_tracker states whose source_type is bluetooth_le, with their HA device', () => {
    const found = bleTrackers(
      states(
        state('device_tracker.alice_phone_bermuda_tracker', 'not_home', { ...BLE, scanner: null, area: null, friendly_name: 'Pixel 7 BLE Bermuda Tracker' }),
        state('device_tracker.alice_watch', 'home', { ...BLE, current_address: '5c:1a:2b:3c:4d:5e', rssi: -71, friendly_name: 'Galaxy Watch' }),
        // bluetooth_le_tracker set up in YAML: not in the entity registry.
        state('device_tracker.ble_aabbccddeeff', 'home', { ...BLE, friendly_name: 'ble_aabbccddeeff' }),
        state('device_tracker.pixel_7', 'home', { source_type: 'gps', latitude: 52.1, longitude: 5.1, gps_accuracy: 12 }),
        state('device_tracker.router_phone', 'not_home', { source_type: 'router', ip: '192.168.1.20' }),
        // Unavailable: HA drops the state attributes, source_type with them.
        state('device_tracker.keys_bermuda_tracker', 'unavailable', { friendly_name: 'Car keys Bermuda Tracker' }),
        state('sensor.odd', 'home', BLE),
        ALICE,
      ),
      ENTITY_REGISTRY,
    );
    expect(found).toEqual([
      { entityId: 'device_tracker.alice_phone_bermuda_tracker', state: 'not_home', deviceId: 'dev-phone' },
      { entityId: 'device_tracker.alice_watch', state: 'home', deviceId: 'dev-watch' },
      { entityId: 'device_tracker.ble_aabbccddeeff', state: 'home', deviceId: null },
    ]);
  });
});

describe('isAway', () => {
  const trackers = (...list: [string, string, string | null][]) =>
    list.map(([entityId, value, deviceId]) => ({ entityId, state: value, deviceId }));

  it('is away when every BLE tracker of the device is not_home', () => {
    const all = trackers(
      ['device_tracker.alice_watch', 'not_home', 'dev-watch'],
      ['device_tracker.alice_watch_bermuda_tracker', 'not_home', 'dev-watch'],
      ['device_tracker.alice_phone_bermuda_tracker', 'home', 'dev-phone'],
    );
    expect(isAway('dev-watch', all)).toBe(true);
    expect(isAway('dev-phone', all)).toBe(false);
  });

  it('is not away while any of them is home, unknown or unavailable', () => {
    for (const other of ['home', 'unknown', 'unavailable']) {
      const some = trackers(['device_tracker.alice_watch', 'not_home', 'dev-watch'], ['device_tracker.alice_watch_bermuda_tracker', other, 'dev-watch']);
      expect(isAway('dev-watch', some)).toBe(false);
    }
  });

  it('is not away without a BLE tracker on the device', () => {
    const others = trackers(['device_tracker.alice_watch', 'not_home', 'dev-watch'], ['device_tracker.ble_aabbccddeeff', 'not_home', null]);
    expect(isAway('dev-keys', others)).toBe(false);
    expect(isAway(null, others)).toBe(false);
  });
});

describe('generatedEntityId', () => {
  it.each([
    [PHONE, 'bermuda.aa_bb_cc_dd_ee_ff'],
    ['FDA50693A4E24FB1AFCFC6EB07647825_1_2', 'bermuda.fda50693a4e24fb1afcfc6eb07647825_1_2'],
    [IRK, `bermuda.${IRK}`],
  ])('%s → %s', (key, id) => {
    expect(generatedEntityId(key)).toBe(id);
  });
});

describe('resolveMovingEntities', () => {
  const assigned = (result: ReturnType<typeof resolveMovingEntities>) =>
    Object.fromEntries([...result.byDevice].map(([key, a]) => [key, [a.entityId, a.source]]));

  it('uses the person, else Bermuda’s tracker, else an id of its own', () => {
    const result = resolveMovingEntities(input());
    expect(assigned(result)).toEqual({
      // Listed in person.alice's device_trackers: Bermuda's tracker for the phone, private_ble_device's
      // tracker on the watch's HA device.
      [PHONE]: ['person.alice', 'person'],
      [WATCH]: ['person.alice', 'person'],
      [KEYS]: ['device_tracker.keys_bermuda_tracker', 'bermuda_tracker'],
      [TAG]: ['bermuda.de_ad_be_ef_00_01', 'generated'],
      [IRK]: [`bermuda.${IRK}`, 'generated'],
    });
    expect(result.problems).toEqual([]);
  });

  it('makes a person with a phone and a watch one moving entity, named after the person', () => {
    const { entities } = resolveMovingEntities(input());
    expect([...entities.values()]).toEqual([
      { entityId: `bermuda.${IRK}`, name: IRK, deviceKeys: [IRK] },
      { entityId: 'bermuda.de_ad_be_ef_00_01', name: 'Bike tag', deviceKeys: [TAG] },
      { entityId: 'device_tracker.keys_bermuda_tracker', name: 'Car keys', deviceKeys: [KEYS] },
      { entityId: 'person.alice', name: 'Alice', deviceKeys: [PHONE, WATCH].sort() },
    ]);
  });

  it('lets an explicit mapping win, by device key in any spelling or by HA device name', () => {
    const result = resolveMovingEntities(
      input([
        { entityId: 'person.bob', device: 'AA-BB-CC-DD-EE-FF' },
        { entityId: 'person.carol', device: 'FDA50693A4E24FB1AFCFC6EB07647825_1_2' },
        { entityId: 'device_tracker.bike', device: '  bike TAG ' },
        { entityId: 'person.carol', device: 'car keys' }, // same device, same entity: fine
      ]),
    );
    expect(assigned(result)).toMatchObject({
      [PHONE]: ['person.bob', 'mapping'],
      [WATCH]: ['person.alice', 'person'],
      [KEYS]: ['person.carol', 'mapping'],
      [TAG]: ['device_tracker.bike', 'mapping'],
    });
    expect(result.problems).toEqual([]);
    // person.bob has a state: his name; person.carol has none: the device's name.
    expect(result.entities.get('person.bob')?.name).toBe('Bob');
    expect(result.entities.get('person.carol')?.name).toBe('Car keys');
    expect(result.entities.get('device_tracker.bike')?.name).toBe('Bike tag');
  });

  it('reports mappings it cannot apply and keeps the first mapping of a device', () => {
    const twins = {
      ...input([
        { entityId: 'person.dave', device: '11:22:33:44:55:66' },
        { entityId: 'person.erin', device: 'Galaxy Watch' },
        { entityId: 'person.bob', device: PHONE },
        { entityId: 'person.frank', device: 'aa:bb:cc:dd:ee:ff' },
      ]),
      deviceRegistry: [...DEVICE_REGISTRY, haDevice('dev-tag', 'Galaxy Watch')].filter((d) => d.name !== 'Bike tag'),
    };
    const result = resolveMovingEntities(twins);
    expect(result.problems).toEqual([
      expect.stringMatching(/^moving_entities\.entities: person\.dave: "11:22:33:44:55:66" is neither the key nor the Home Assistant name of a device Bermuda tracks \(tracked: .*aa:bb:cc:dd:ee:ff \("Pixel 7 BLE"\)/),
      `moving_entities.entities: person.erin: "Galaxy Watch" is the name of several devices Bermuda tracks (${WATCH}, ${TAG}); write the device key instead`,
      `moving_entities.entities: person.frank: device ${PHONE} is already mapped to person.bob; keeping person.bob`,
    ]);
    expect(result.byDevice.get(PHONE)?.entityId).toBe('person.bob');
    expect(result.byDevice.get(WATCH)?.entityId).toBe('person.alice');
  });

  it('does not guess between two people claiming one device', () => {
    const carol = state('person.carol', 'home', { device_trackers: ['device_tracker.alice_watch'], friendly_name: 'Carol' });
    const result = resolveMovingEntities(input([], [ALICE, BOB, carol]));
    expect(result.byDevice.get(WATCH)).toEqual({
      deviceKey: WATCH,
      entityId: 'device_tracker.alice_watch_bermuda_tracker',
      source: 'bermuda_tracker',
    });
    expect(result.byDevice.get(PHONE)?.entityId).toBe('person.alice');
    expect(result.problems).toEqual([
      `device ${WATCH} is tracked by person.alice and person.carol (their device_trackers share device_tracker.alice_watch, device_tracker.alice_watch_bermuda_tracker); not guessed: map it in moving_entities.entities`,
    ]);
  });

  it('ignores a person whose trackers are on other devices', () => {
    const result = resolveMovingEntities(input([], [BOB]));
    expect(result.byDevice.get(PHONE)?.source).toBe('bermuda_tracker');
    expect(result.entities.get('device_tracker.alice_phone_bermuda_tracker')?.name).toBe('Pixel 7 BLE');
  });
});
