import { describe, expect, it } from 'vitest';
import {
  discoverBermuda,
  normaliseDeviceKey,
  parseDistanceUniqueId,
  sensorsToEnable,
} from '../../../server/providers/home-assistant/registry.ts';
import type { EntityRegistryEntry, RegistryDisabler } from '../../../server/providers/home-assistant/types.ts';
import { entityEntry } from '../../support/fake-ha/registries.ts';

/** Positional shorthand over the shared builder: these are the only fields discovery reads. */
function entry(
  platform: string,
  entity_id: string,
  unique_id: string,
  device_id: string | null,
  disabled_by: RegistryDisabler | null = null,
): EntityRegistryEntry {
  return entityEntry({ platform, entity_id, unique_id, device_id, disabled_by });
}

const PHONE = 'aa:bb:cc:dd:ee:ff';
const PHONE_DEVICE = '9f3c1e2d4b5a69788796a5b4c3d2e1f0';
const BEACON = 'fda50693a4e24fb1afcfc6eb07647825_1_2';
const BEACON_DEVICE = '0b1c2d3e4f5061728394a5b6c7d8e9f0';
const KITCHEN = '11:22:33:44:55:66';
const HALL = 'a0:b7:65:15:3c:40';
const OFFICE = 'c8:2e:18:aa:00:01';
const STUDY = 'c8:2e:18:aa:00:02';

describe('parseDistanceUniqueId', () => {
  it.each([
    [`${PHONE}_${KITCHEN}_range`, PHONE, KITCHEN, 'filtered'],
    [`${PHONE}_${KITCHEN}_range_raw`, PHONE, KITCHEN, 'raw'],
    // iBeacon keys contain underscores: the MAC is found from the right.
    [`${BEACON}_${KITCHEN}_range_raw`, BEACON, KITCHEN, 'raw'],
    // A private BLE device (IRK) key.
    ['0123456789abcdef0123456789abcdef_a0:b7:65:15:3c:40_range', '0123456789abcdef0123456789abcdef', HALL, 'filtered'],
    // Spellings are normalised: upper case, hyphens.
    ['AA:BB:CC:DD:EE:FF_A0-B7-65-15-3C-40_range', PHONE, HALL, 'filtered'],
    ['FDA50693A4E24FB1AFCFC6EB07647825_1_2_11:22:33:44:55:66_range', BEACON, KITCHEN, 'filtered'],
  ])('%s → device %s, scanner %s, %s', (uniqueId, deviceKey, scannerMac, kind) => {
    expect(parseDistanceUniqueId(uniqueId)).toEqual({ deviceKey, scannerMac, kind });
  });

  it.each([
    [`${PHONE}_range`, 'Bermuda’s own “Distance” sensor of a MAC-keyed device'],
    [`${BEACON}_range`, 'Bermuda’s own “Distance” sensor of an iBeacon'],
    [`_${KITCHEN}_range`, 'no device key'],
    [`${KITCHEN}_range_raw`, 'a MAC and nothing before it'],
    [`${PHONE}_11:22:33:44:55:6g_range`, 'not hex'],
    [`${PHONE}_11:22:33:44:55_range`, 'five pairs'],
    [`${PHONE}_11:22-33:44:55:66_range`, 'mixed separators'],
    [`${PHONE}_112233445566_range`, 'bare hex (Bermuda always writes separators)'],
    [`${PHONE}-${KITCHEN}_range`, 'no underscore before the MAC'],
    [`${PHONE}_${KITCHEN}_range_rawx`, 'other suffix'],
    [`${PHONE}_${KITCHEN}_rssi`, 'other suffix'],
    [`${PHONE}_scanner`, 'nearest scanner sensor'],
    [`${PHONE}_area_last_seen`, 'area sensor'],
    ['BERMUDA_GLOBAL_PROXY_COUNT', 'global sensor'],
  ])('%s is not a per-scanner distance (%s)', (uniqueId) => {
    expect(parseDistanceUniqueId(uniqueId)).toBeNull();
  });
});

describe('normaliseDeviceKey', () => {
  it('normalises MACs and lower-cases everything else', () => {
    expect(normaliseDeviceKey(' AA-BB-CC-DD-EE-FF ')).toBe(PHONE);
    expect(normaliseDeviceKey('FDA50693A4E24FB1AFCFC6EB07647825_1_2')).toBe(BEACON);
  });
});

/** A home with two tracked devices, four scanners and the distractors a real registry holds. */
function registry(): EntityRegistryEntry[] {
  const s = (entityId: string, uniqueId: string, disabledBy: RegistryDisabler | null, device = PHONE_DEVICE) =>
    entry('bermuda', entityId, uniqueId, device, disabledBy);
  return [
    // Kitchen: both enabled → raw.
    s('sensor.alice_phone_distance_to_kitchen', `${PHONE}_${KITCHEN}_range`, null),
    s('sensor.alice_phone_unfiltered_distance_to_kitchen', `${PHONE}_${KITCHEN}_range_raw`, null),
    // Hall: raw disabled by default (Bermuda's default) → filtered.
    s('sensor.alice_phone_distance_to_hall', `${PHONE}_${HALL}_range`, null),
    s('sensor.alice_phone_unfiltered_distance_to_hall', `${PHONE}_${HALL}_range_raw`, 'integration'),
    // Office: both disabled → nothing to read. Entity ids renamed by the user: they do not matter.
    s('sensor.office_thing', `${PHONE}_${OFFICE}_range`, 'user'),
    s('sensor.office_thing_raw', `${PHONE}_${OFFICE}_range_raw`, 'integration'),
    // Study: only raw enabled → raw.
    s('sensor.alice_phone_distance_to_study', `${PHONE}_${STUDY}_range`, 'integration'),
    s('sensor.alice_phone_unfiltered_distance_to_study', `${PHONE}_${STUDY}_range_raw`, null),
    // The iBeacon: only the filtered sensor registered, and disabled.
    s('sensor.keys_distance_to_kitchen', `${BEACON}_${KITCHEN}_range`, 'integration', BEACON_DEVICE),
    // Bermuda's other sensors and trackers.
    s('sensor.alice_phone_distance', `${PHONE}_range`, null),
    s('sensor.alice_phone_area', PHONE, null),
    s('sensor.alice_phone_nearest_scanner', `${PHONE}_scanner`, null),
    s('sensor.bermuda_total_proxy_count', 'BERMUDA_GLOBAL_PROXY_COUNT', null, ''),
    entry('bermuda', 'device_tracker.alice_phone_bermuda_tracker', PHONE, PHONE_DEVICE),
    entry('bermuda', 'device_tracker.keys_bermuda_tracker', BEACON, BEACON_DEVICE),
    // Not Bermuda: an mmWave radar's distance, a private BLE device's tracker on the phone's device,
    // and an entity of another integration whose unique id happens to have Bermuda's shape.
    entry('ld2410', 'sensor.radar_distance_to_target', 'ld2410_c4de_distance_to_target', 'radar-device'),
    entry('esphome', 'sensor.radar_moving_distance', `${PHONE}_de:ad:be:ef:00:01_range`, 'radar-device'),
    entry('private_ble_device', 'device_tracker.alice_iphone', '0123456789abcdef0123456789abcdef', PHONE_DEVICE),
    // A Bermuda entity outside the sensor domain is not a distance sensor, whatever its id.
    entry('bermuda', 'number.alice_phone_calibration', `${PHONE}_${OFFICE}_range`, PHONE_DEVICE),
  ];
}

describe('discoverBermuda', () => {
  const found = discoverBermuda(registry());
  const pair = (deviceKey: string, scannerMac: string) =>
    found.pairs.find((p) => p.deviceKey === deviceKey && p.scannerMac === scannerMac);

  it('finds every (device, scanner) pair from unique ids, and nothing else', () => {
    // Sorted by device key, then scanner MAC.
    expect(found.pairs.map((p) => [p.deviceKey, p.scannerMac, p.deviceId])).toEqual([
      [PHONE, KITCHEN, PHONE_DEVICE],
      [PHONE, HALL, PHONE_DEVICE],
      [PHONE, OFFICE, PHONE_DEVICE],
      [PHONE, STUDY, PHONE_DEVICE],
      [BEACON, KITCHEN, BEACON_DEVICE],
    ]);
    expect(found.scannerMacs).toEqual([KITCHEN, HALL, OFFICE, STUDY]);
  });

  it('reads the raw sensor only when it is enabled, else the enabled filtered one', () => {
    expect(pair(PHONE, KITCHEN)?.read?.entityId).toBe('sensor.alice_phone_unfiltered_distance_to_kitchen');
    expect(pair(PHONE, HALL)?.read?.entityId).toBe('sensor.alice_phone_distance_to_hall');
    expect(pair(PHONE, HALL)?.read?.kind).toBe('filtered');
    expect(pair(PHONE, STUDY)?.read?.entityId).toBe('sensor.alice_phone_unfiltered_distance_to_study');
    expect(pair(PHONE, STUDY)?.read?.kind).toBe('raw');
  });

  it('reports a pair whose sensors are all disabled as having nothing to read', () => {
    const office = pair(PHONE, OFFICE);
    expect(office?.read).toBeNull();
    expect(office?.filtered).toMatchObject({ entityId: 'sensor.office_thing', disabledBy: 'user' });
    expect(office?.raw).toMatchObject({ entityId: 'sensor.office_thing_raw', disabledBy: 'integration' });
    expect(pair(BEACON, KITCHEN)?.read).toBeNull();
    expect(pair(BEACON, KITCHEN)?.raw).toBeNull();
  });

  it('lists every disabled distance sensor with who disabled it', () => {
    expect(found.disabledSensors.map((d) => [d.entityId, d.disabledBy, d.kind])).toEqual([
      ['sensor.alice_phone_distance_to_study', 'integration', 'filtered'],
      ['sensor.alice_phone_unfiltered_distance_to_hall', 'integration', 'raw'],
      ['sensor.keys_distance_to_kitchen', 'integration', 'filtered'],
      ['sensor.office_thing', 'user', 'filtered'],
      ['sensor.office_thing_raw', 'integration', 'raw'],
    ]);
  });

  it('enables the filtered sensor of each pair that has nothing enabled, never the raw one', () => {
    expect(sensorsToEnable(found.pairs)).toEqual(['sensor.keys_distance_to_kitchen', 'sensor.office_thing']);
  });

  it('enables the raw sensor when it is the only one registered', () => {
    const only = discoverBermuda([
      entry('bermuda', 'sensor.x_unfiltered_distance_to_kitchen', `${PHONE}_${KITCHEN}_range_raw`, PHONE_DEVICE, 'integration'),
    ]);
    expect(sensorsToEnable(only.pairs)).toEqual(['sensor.x_unfiltered_distance_to_kitchen']);
  });

  it('gives each tracked device its HA device and Bermuda’s own trackers on it', () => {
    // Not the private_ble_device tracker on the phone's device: it is not Bermuda's.
    expect(found.devices).toEqual([
      { key: PHONE, deviceId: PHONE_DEVICE, trackerEntityIds: ['device_tracker.alice_phone_bermuda_tracker'] },
      { key: BEACON, deviceId: BEACON_DEVICE, trackerEntityIds: ['device_tracker.keys_bermuda_tracker'] },
    ]);
  });

  it('prefers the enabled entry when an old MAC spelling left a second one for the same sensor', () => {
    const twice = discoverBermuda([
      entry('bermuda', 'sensor.old', `${PHONE}_11-22-33-44-55-66_range`, PHONE_DEVICE, 'user'),
      entry('bermuda', 'sensor.new', `${PHONE}_${KITCHEN}_range`, PHONE_DEVICE),
    ]);
    expect(twice.pairs).toHaveLength(1);
    expect(twice.pairs[0]?.read?.entityId).toBe('sensor.new');
    expect(twice.disabledSensors.map((d) => d.entityId)).toEqual(['sensor.old']);
  });

  it('finds nothing in a registry without Bermuda', () => {
    expect(discoverBermuda([entry('ld2410', 'sensor.radar_distance_to_target', 'x_range', 'r')])).toEqual({
      pairs: [],
      disabledSensors: [],
      devices: [],
      scannerMacs: [],
    });
  });
});
