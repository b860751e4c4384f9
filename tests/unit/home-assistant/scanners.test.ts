import { describe, expect, it } from 'vitest';
import { normaliseNodeId } from '../../../server/config/node-id.ts';
import {
  macAdd,
  macAddLastOctet,
  macVariantOffset,
  matchScanners,
  scannerDeviceName,
  type MatchAmbiguity,
  type NodeRef,
  type ScannerMatching,
  type ScannerRef,
} from '../../../server/providers/home-assistant/scanners.ts';
import type { DeviceConnection, DeviceRegistryEntry } from '../../../server/providers/home-assistant/types.ts';

/** A `config/device_registry/list` element, shaped as HA 2024.3 sends it for an ESPHome proxy. */
function device(id: string, name: string | null, connections: DeviceConnection[], nameByUser: string | null = null): DeviceRegistryEntry {
  return {
    area_id: null,
    configuration_url: null,
    config_entries: ['01HQ7K2M3N4P5Q6R7S8T9V0W1X'],
    connections,
    disabled_by: null,
    entry_type: null,
    hw_version: null,
    id,
    identifiers: [],
    manufacturer: 'Espressif',
    model: 'esp32dev',
    name,
    name_by_user: nameByUser,
    serial_number: null,
    sw_version: 'esphome v2024.2.2 Feb 21 2024, 10:17:12',
    via_device_id: null,
  };
}

const node = (id: string): NodeRef => ({ id, key: normaliseNodeId(id) });
const scanner = (mac: string, deviceName: string | null = null): ScannerRef => ({ mac, deviceName });

/** Nothing matched, and the one ambiguity reported is between MAC neighbours of `subject`. */
function expectOnlyMacVariantAmbiguity(
  result: ScannerMatching,
  side: MatchAmbiguity['side'],
  subject: string,
  candidates: string[],
): void {
  expect(result.byScanner.size).toBe(0);
  expect(result.ambiguities).toEqual([expect.objectContaining({ side, subject, candidates, how: 'mac_variant' })]);
}

describe('MAC arithmetic', () => {
  it('adds over the whole 48-bit address, carrying across bytes', () => {
    expect(macAdd('aa:bb:cc:dd:ee:ff', 2)).toBe('aa:bb:cc:dd:ef:01');
    expect(macAdd('aa:bb:cc:dd:ff:ff', 1)).toBe('aa:bb:cc:de:00:00');
    expect(macAdd('aa:bb:cc:dd:ef:00', -1)).toBe('aa:bb:cc:dd:ee:ff');
    expect(macAdd('aa:bb:cc:00:00:01', -2)).toBe('aa:bb:cb:ff:ff:ff');
    expect(macAdd('A0-B7-65-15-3C-40', 2)).toBe('a0:b7:65:15:3c:42');
  });

  it('has no address past either end, and none for a non-MAC', () => {
    expect(macAdd('ff:ff:ff:ff:ff:ff', 1)).toBeNull();
    expect(macAdd('00:00:00:00:00:01', -2)).toBeNull();
    expect(macAdd('office-proxy', 2)).toBeNull();
  });

  it('adds within the last octet the way ESP-IDF derives BLE and Ethernet MACs', () => {
    expect(macAddLastOctet('1c:c3:ab:c9:b1:ff', 2)).toBe('1c:c3:ab:c9:b1:01');
    expect(macAddLastOctet('1c:c3:ab:c9:b1:00', -1)).toBe('1c:c3:ab:c9:b1:ff');
    expect(macAddLastOctet('1c:c3:ab:c9:b1:1c', 2)).toBe('1c:c3:ab:c9:b1:1e');
  });

  it.each([
    ['a0:b7:65:15:3c:40', 'a0:b7:65:15:3c:42', 2], // WiFi reported, BLE written
    ['a0:b7:65:15:3c:43', 'a0:b7:65:15:3c:42', -1], // Ethernet reported, BLE written
    ['a0:b7:65:15:3c:42', 'a0:b7:65:15:3c:40', -2], // BLE reported, WiFi written
    ['a0:b7:65:15:3c:42', 'a0:b7:65:15:3c:43', 1], // BLE reported, Ethernet written
    ['a0:b7:65:15:3c:ff', 'a0:b7:65:15:3d:01', 2], // carried
    ['a0:b7:65:15:3c:ff', 'a0:b7:65:15:3c:01', 2], // wrapped in the last octet
    ['a0:b7:65:15:3c:01', 'a0:b7:65:15:3b:ff', -2], // carried (borrow)
  ])('scanner %s, node %s: offset %d', (scannerMac, nodeMac, offset) => {
    expect(macVariantOffset(scannerMac, nodeMac)).toBe(offset);
  });

  it.each([
    ['a0:b7:65:15:3c:40', 'a0:b7:65:15:3c:40'], // equal is not a variant
    ['a0:b7:65:15:3c:40', 'a0:b7:65:15:3c:43'], // +3
    ['a0:b7:65:15:3c:40', 'a0:b7:65:15:3c:3d'], // −3
    ['a0:b7:65:15:3c:40', 'a0:b7:65:16:3c:42'], // another byte differs
    ['a0:b7:65:15:3c:40', 'office-proxy'],
  ])('scanner %s, node %s: no variant', (scannerMac, nodeMac) => {
    expect(macVariantOffset(scannerMac, nodeMac)).toBeNull();
  });
});

describe('scannerDeviceName', () => {
  const kitchen = device('dev-kitchen', 'kitchen-proxy', [['mac', 'a0:b7:65:15:3c:40']], 'Kitchen proxy');
  const hall = device('dev-hall', 'hall-proxy', [['bluetooth', 'C8:2E:18:AA:00:12']]);
  const zigbee = device('dev-plug', 'Plug', [['zigbee', 'a0:b7:65:15:3c:50']]);

  it('finds the device by its mac or bluetooth connection, preferring the user’s name', () => {
    expect(scannerDeviceName('a0:b7:65:15:3c:40', [kitchen, hall])).toBe('Kitchen proxy');
    expect(scannerDeviceName('c8:2e:18:aa:00:12', [kitchen, hall])).toBe('hall-proxy');
  });

  it('finds the device when Bermuda reports the BLE MAC and HA holds the WiFi one', () => {
    expect(scannerDeviceName('a0:b7:65:15:3c:42', [kitchen, hall])).toBe('Kitchen proxy');
  });

  it('prefers an exact MAC over a neighbouring one', () => {
    const other = device('dev-other', 'other-proxy', [['mac', 'a0:b7:65:15:3c:42']]);
    expect(scannerDeviceName('a0:b7:65:15:3c:42', [kitchen, other])).toBe('other-proxy');
  });

  it('names no device when two fit equally well, or none does', () => {
    const twin = device('dev-twin', 'twin', [['mac', 'a0:b7:65:15:3c:43']]);
    // …:41 is kitchen + 1 and twin − 2.
    expect(scannerDeviceName('a0:b7:65:15:3c:41', [kitchen, twin])).toBeNull();
    expect(scannerDeviceName('a0:b7:65:15:3c:50', [kitchen, zigbee])).toBeNull();
    expect(scannerDeviceName('de:ad:be:ef:00:01', [kitchen, hall])).toBeNull();
  });
});

describe('matchScanners', () => {
  it('matches an exact MAC however the node was written', () => {
    const result = matchScanners([node('A0-B7-65-15-3C-40'), node('c82e18aa0012')], [
      scanner('a0:b7:65:15:3c:40'),
      scanner('c8:2e:18:aa:00:12'),
    ]);
    expect([...result.byScanner.values()].map((m) => [m.scannerMac, m.nodeId, m.how])).toEqual([
      ['a0:b7:65:15:3c:40', 'A0-B7-65-15-3C-40', 'mac'],
      ['c8:2e:18:aa:00:12', 'c82e18aa0012', 'mac'],
    ]);
    expect(result.unmatchedNodes).toEqual([]);
    expect(result.unmatchedScanners).toEqual([]);
    expect(result.ambiguities).toEqual([]);
  });

  it.each([
    ['a0:b7:65:15:3c:40', 'a0:b7:65:15:3c:42', 'WiFi + 2'],
    ['a0:b7:65:15:3c:43', 'a0:b7:65:15:3c:42', 'Ethernet − 1'],
    ['a0:b7:65:15:3c:42', 'a0:b7:65:15:3c:40', 'BLE − 2'],
    ['a0:b7:65:15:3c:42', 'a0:b7:65:15:3c:43', 'BLE + 1'],
    ['a0:b7:65:15:3c:ff', 'a0:b7:65:15:3d:01', 'WiFi + 2'],
    ['a0:b7:65:15:3c:ff', 'a0:b7:65:15:3c:01', 'WiFi + 2'],
  ])('accepts scanner %s as node %s (%s) and says how to make it exact', (scannerMac, nodeId, rule) => {
    const result = matchScanners([node(nodeId)], [scanner(scannerMac, 'Kitchen proxy')]);
    const match = result.byScanner.get(scannerMac);
    expect(match).toMatchObject({ nodeId, nodeKey: nodeId, how: 'mac_variant' });
    expect(match?.message).toContain(rule);
    expect(match?.message).toContain(`writing "${scannerMac}" as the node id`);
  });

  it('does not accept other neighbours', () => {
    const result = matchScanners([node('a0:b7:65:15:3c:43')], [scanner('a0:b7:65:15:3c:40')]);
    expect(result.byScanner.size).toBe(0);
    expect(result.unmatchedNodes.map((n) => n.nodeId)).toEqual(['a0:b7:65:15:3c:43']);
    expect(result.unmatchedScanners.map((s) => s.scannerMac)).toEqual(['a0:b7:65:15:3c:40']);
  });

  it('matches a node named like the scanner’s HA device (trimmed, any case)', () => {
    const result = matchScanners([node('  office PROXY ')], [scanner('c8:2e:18:aa:00:12', 'Office proxy')]);
    expect(result.byScanner.get('c8:2e:18:aa:00:12')).toMatchObject({ nodeId: '  office PROXY ', how: 'device_name' });
  });

  it('ranks an exact MAC above a neighbour: no ambiguity when the exact one decides', () => {
    // Node …:42 is scanner …:42 exactly and scanner …:40's BLE MAC.
    const result = matchScanners([node('a0:b7:65:15:3c:42')], [scanner('a0:b7:65:15:3c:40'), scanner('a0:b7:65:15:3c:42')]);
    expect(result.byScanner.get('a0:b7:65:15:3c:42')?.how).toBe('mac');
    expect(result.byScanner.has('a0:b7:65:15:3c:40')).toBe(false);
    expect(result.ambiguities).toEqual([]);
    expect(result.unmatchedScanners.map((s) => s.scannerMac)).toEqual(['a0:b7:65:15:3c:40']);
  });

  it('ranks a neighbouring MAC above a device name', () => {
    const result = matchScanners([node('Office proxy'), node('c8:2e:18:aa:00:14')], [scanner('c8:2e:18:aa:00:12', 'Office proxy')]);
    expect(result.byScanner.get('c8:2e:18:aa:00:12')).toMatchObject({ nodeId: 'c8:2e:18:aa:00:14', how: 'mac_variant' });
    expect(result.unmatchedNodes.map((n) => n.nodeId)).toEqual(['Office proxy']);
  });

  it('reports a scanner that fits two nodes at the same rank instead of guessing', () => {
    // …:12 is the scanner's BLE MAC (+2), …:0f its Ethernet board's BLE MAC (−1).
    const result = matchScanners([node('c8:2e:18:aa:00:12'), node('c8:2e:18:aa:00:0f')], [scanner('c8:2e:18:aa:00:10', 'Office proxy')]);
    expectOnlyMacVariantAmbiguity(result, 'scanner', 'c8:2e:18:aa:00:10', ['c8:2e:18:aa:00:0f', 'c8:2e:18:aa:00:12']);
    expect(result.ambiguities[0]?.message).toContain('key the right node by "c8:2e:18:aa:00:10"');
    // Listed as ambiguous, not also as unmatched.
    expect(result.unmatchedNodes).toEqual([]);
    expect(result.unmatchedScanners).toEqual([]);
  });

  it('reports a node that fits two scanners at the same rank instead of guessing', () => {
    // …:12 is scanner …:10 + 2 and scanner …:13 − 1.
    const result = matchScanners([node('c8:2e:18:aa:00:12')], [scanner('c8:2e:18:aa:00:10'), scanner('c8:2e:18:aa:00:13')]);
    expectOnlyMacVariantAmbiguity(result, 'node', 'c8:2e:18:aa:00:12', ['c8:2e:18:aa:00:10', 'c8:2e:18:aa:00:13']);
    expect(result.unmatchedScanners).toEqual([]);
  });

  it('reports a name shared by two scanners', () => {
    const result = matchScanners([node('proxy')], [scanner('c8:2e:18:aa:00:10', 'Proxy'), scanner('a0:b7:65:15:3c:40', 'Proxy')]);
    expect(result.byScanner.size).toBe(0);
    expect(result.ambiguities.map((a) => [a.side, a.subject, a.how])).toEqual([['node', 'proxy', 'device_name']]);
  });

  it('does not fall back to a lower rank for a scanner left ambiguous', () => {
    const result = matchScanners(
      [node('c8:2e:18:aa:00:12'), node('c8:2e:18:aa:00:0f'), node('Office proxy')],
      [scanner('c8:2e:18:aa:00:10', 'Office proxy')],
    );
    expect(result.byScanner.size).toBe(0);
    expect(result.unmatchedNodes.map((n) => n.nodeId)).toEqual(['Office proxy']);
  });

  it('does not depend on the order of its inputs', () => {
    const nodes = [node('a0:b7:65:15:3c:42'), node('Office proxy'), node('c8:2e:18:aa:00:12'), node('c8:2e:18:aa:00:0f'), node('de:ad:be:ef:00:01')];
    const scanners = [
      scanner('a0:b7:65:15:3c:40', 'Kitchen proxy'),
      scanner('c8:2e:18:aa:00:10'),
      scanner('11:22:33:44:55:66', 'Office proxy'),
      scanner('77:88:99:aa:bb:cc', 'Garage'),
    ];
    const forward = matchScanners(nodes, scanners);
    const backward = matchScanners([...nodes].reverse(), [...scanners].reverse());
    expect(backward).toEqual(forward);
    expect(forward.byScanner.size).toBe(2);
  });

  it('tells the user what to do with what is left over', () => {
    const result = matchScanners([node('attic-proxy')], [scanner('77:88:99:aa:bb:cc', 'Garage')]);
    expect(result.unmatchedNodes).toEqual([
      {
        nodeId: 'attic-proxy',
        nodeKey: 'attic-proxy',
        message: expect.stringContaining('scanners without a node: 77:88:99:aa:bb:cc ("Garage")'),
      },
    ]);
    expect(result.unmatchedScanners).toEqual([
      {
        scannerMac: '77:88:99:aa:bb:cc',
        deviceName: 'Garage',
        message: expect.stringContaining('add it under moving_entities.beacon_nodes as "77:88:99:aa:bb:cc"'),
      },
    ]);
  });

  it('treats a scanner reported twice as one', () => {
    const result = matchScanners([node('77-88-99-AA-BB-CC')], [scanner('77:88:99:AA:BB:CC'), scanner('77:88:99:aa:bb:cc', 'Garage')]);
    expect(result.byScanner.get('77:88:99:aa:bb:cc')?.how).toBe('mac');
    expect(result.byScanner.get('77:88:99:aa:bb:cc')?.message).toContain('"Garage"');
    expect(result.ambiguities).toEqual([]);
  });
});
