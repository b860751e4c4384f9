/**
 * Matches the scanners Bermuda reports distances to (by MAC) with the `beacon_nodes` of
 * floorplan.yaml (keyed by MAC or by name). Pure: the caller supplies the scanner MACs found by
 * registry.ts and the device registry.
 *
 * A scanner has several MACs and Bermuda reports one of them: for an ESPHome proxy the WiFi MAC
 * when HA knows it (the BLE MAC is WiFi + 2; on Ethernet boards BLE = Ethernet − 1), else the BLE
 * MAC. Users copy whichever MAC they saw, so besides the exact MAC a node may hold one of these
 * neighbours. An exact MAC beats a neighbour, which beats a device name; where one scanner or node
 * could pair with two counterparts of the same rank, nothing is guessed and the ambiguity is
 * reported.
 */
import { isMac, normaliseNodeId } from '../../config/node-id.ts';
import type { BeaconNodeConfig } from '../../config/types.ts';
import { deviceDisplayName, type DeviceRegistryEntry } from './types.ts';

/** A beacon node: the id as written in the file and its normalised key. */
export type NodeRef = Pick<BeaconNodeConfig, 'id' | 'key'>;

export interface ScannerRef {
  /** Lower-case colon MAC, as Bermuda reports it. */
  mac: string;
  /** The scanner's HA device name (see scannerDeviceName), or null. */
  deviceName: string | null;
}

export type MatchKind = 'mac' | 'mac_variant' | 'device_name';

const MAC_SPACE = 2 ** 48; // below 2^53: exact in a double

function macValue(mac: string): number | null {
  if (!isMac(mac)) return null;
  return Number.parseInt(normaliseNodeId(mac).replace(/:/g, ''), 16);
}

function macText(value: number): string {
  return normaliseNodeId(value.toString(16).padStart(12, '0'));
}

/** `mac` + `delta` over the whole 48-bit address (carrying across bytes); null past either end. */
export function macAdd(mac: string, delta: number): string | null {
  const value = macValue(mac);
  if (value === null) return null;
  const sum = value + delta;
  return sum >= 0 && sum < MAC_SPACE ? macText(sum) : null;
}

/**
 * `mac` + `delta` in the last octet only, wrapping within it. This is how ESP-IDF derives an
 * ESP32's BLE and Ethernet MACs from the base (WiFi) MAC: `mac[5] += offset` on a byte, so
 * `…:b1:ff` + 2 is `…:b1:01`, not `…:b2:01`.
 */
export function macAddLastOctet(mac: string, delta: number): string | null {
  const value = macValue(mac);
  if (value === null) return null;
  const last = value % 256;
  return macText(value - last + ((((last + delta) % 256) + 256) % 256));
}

/** Node MAC − scanner MAC for the neighbours accepted, with what the node MAC then is. */
const VARIANTS: readonly (readonly [offset: number, meaning: string])[] = [
  [2, 'its BLE MAC (Bermuda reports the WiFi MAC; BLE = WiFi + 2)'],
  [-1, 'its BLE MAC (Bermuda reports the Ethernet MAC; BLE = Ethernet − 1)'],
  [-2, 'its WiFi MAC (Bermuda reports the BLE MAC; WiFi = BLE − 2)'],
  [1, 'its Ethernet MAC (Bermuda reports the BLE MAC; Ethernet = BLE + 1)'],
];

/**
 * The offset from `scannerMac` to `nodeMac` when the node holds one of the scanner's other MACs,
 * else null. Both derivations are accepted, whole-address and last-octet (they differ only when
 * the last octet overflows); a node that fits two scanners this way is reported as ambiguous.
 */
export function macVariantOffset(scannerMac: string, nodeMac: string): number | null {
  const node = isMac(nodeMac) ? normaliseNodeId(nodeMac) : null;
  if (node === null) return null;
  for (const [offset] of VARIANTS) {
    if (macAdd(scannerMac, offset) === node || macAddLastOctet(scannerMac, offset) === node) return offset;
  }
  return null;
}

const CONNECTION_TYPES = new Set(['mac', 'bluetooth']);

/**
 * The HA device name of the scanner with this MAC: the device whose `mac` or `bluetooth`
 * connection is the MAC itself, else one of its neighbours (see macVariantOffset), since ESPHome
 * registers the WiFi MAC while Bermuda may report the BLE one. Null when no device fits, or when
 * two devices fit equally well.
 */
export function scannerDeviceName(scannerMac: string, devices: readonly DeviceRegistryEntry[]): string | null {
  const mac = normaliseNodeId(scannerMac);
  const exact = new Set<DeviceRegistryEntry>();
  const variant = new Set<DeviceRegistryEntry>();
  for (const device of devices) {
    for (const [type, value] of device.connections) {
      if (!CONNECTION_TYPES.has(type) || !isMac(value)) continue;
      if (normaliseNodeId(value) === mac) exact.add(device);
      else if (macVariantOffset(mac, value) !== null) variant.add(device);
    }
  }
  const best = exact.size > 0 ? exact : variant;
  const [only] = best;
  return best.size === 1 && only !== undefined ? deviceDisplayName(only) : null;
}

export interface ScannerMatch {
  scannerMac: string;
  nodeId: string;
  nodeKey: string;
  how: MatchKind;
  message: string;
}

export interface UnmatchedNode {
  nodeId: string;
  nodeKey: string;
  message: string;
}

export interface UnmatchedScanner {
  scannerMac: string;
  deviceName: string | null;
  message: string;
}

export interface MatchAmbiguity {
  /** `scanner`: one scanner fits several nodes; `node`: one node fits several scanners. */
  side: 'scanner' | 'node';
  /** The scanner's MAC or the node's id. */
  subject: string;
  /** Node ids (side `scanner`) or scanner MACs (side `node`), sorted. */
  candidates: string[];
  how: MatchKind;
  message: string;
}

export interface ScannerMatching {
  /** Scanner MAC → its node. */
  byScanner: Map<string, ScannerMatch>;
  /** Nodes that fit no scanner (those in an ambiguity are listed there instead). */
  unmatchedNodes: UnmatchedNode[];
  /** Scanners that fit no node (those in an ambiguity are listed there instead). */
  unmatchedScanners: UnmatchedScanner[];
  ambiguities: MatchAmbiguity[];
}

const RANKS: readonly MatchKind[] = ['mac', 'mac_variant', 'device_name'];

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The best way `scanner` and `node` fit together, or null. */
function relation(scanner: ScannerRef, node: NodeRef): MatchKind | null {
  if (node.key === scanner.mac) return 'mac';
  if (macVariantOffset(scanner.mac, node.key) !== null) return 'mac_variant';
  if (scanner.deviceName !== null && sameName(node.id, scanner.deviceName)) return 'device_name';
  return null;
}

function describeScanner(scanner: ScannerRef): string {
  return scanner.deviceName === null ? scanner.mac : `${scanner.mac} ("${scanner.deviceName}")`;
}

function matchMessage(scanner: ScannerRef, node: NodeRef, how: MatchKind): string {
  const who = `beacon node "${node.id}"`;
  if (how === 'mac') return `${who} is Bermuda scanner ${describeScanner(scanner)}`;
  if (how === 'device_name') {
    return `${who} matched Bermuda scanner ${scanner.mac} by its Home Assistant device name; keying the node by "${scanner.mac}" keeps it matched if the device is renamed`;
  }
  const offset = macVariantOffset(scanner.mac, node.key);
  const meaning = VARIANTS.find(([o]) => o === offset)?.[1] ?? 'another of its MACs';
  return `${who} matched Bermuda scanner ${describeScanner(scanner)} as ${meaning}; writing "${scanner.mac}" as the node id makes the match exact`;
}

const WHY: Record<MatchKind, string> = {
  mac: 'same MAC',
  mac_variant: 'neighbouring MACs of one proxy',
  device_name: 'same device name',
};

export function matchScanners(nodes: readonly NodeRef[], scanners: readonly ScannerRef[]): ScannerMatching {
  const uniqueScanners = new Map<string, ScannerRef>();
  for (const s of scanners) {
    const mac = normaliseNodeId(s.mac);
    const seen = uniqueScanners.get(mac);
    if (seen === undefined || seen.deviceName === null) uniqueScanners.set(mac, { mac, deviceName: s.deviceName });
  }
  const allScanners = [...uniqueScanners.values()].sort((a, b) => compare(a.mac, b.mac));
  const allNodes = [...nodes].sort((a, b) => compare(a.key, b.key));

  const byScanner = new Map<string, ScannerMatch>();
  const ambiguities: MatchAmbiguity[] = [];
  // Matched, or part of an ambiguity: out of the running for the lower ranks.
  const doneScanners = new Set<ScannerRef>();
  const doneNodes = new Set<NodeRef>();

  for (const how of RANKS) {
    const forScanner = new Map<ScannerRef, NodeRef[]>();
    const forNode = new Map<NodeRef, ScannerRef[]>();
    for (const s of allScanners) {
      if (doneScanners.has(s)) continue;
      for (const n of allNodes) {
        if (doneNodes.has(n) || relation(s, n) !== how) continue;
        push(forScanner, s, n);
        push(forNode, n, s);
      }
    }
    // Decided from the candidate lists as they stand before anything at this rank is taken, so
    // the outcome does not depend on the order scanners are visited in.
    const involvedScanners = new Set<ScannerRef>();
    const involvedNodes = new Set<NodeRef>();
    for (const [scanner, candidates] of forScanner) {
      if (candidates.length < 2) continue;
      const ids = candidates.map((n) => n.id).sort(compare);
      ambiguities.push({
        side: 'scanner',
        subject: scanner.mac,
        candidates: ids,
        how,
        message: `Bermuda scanner ${describeScanner(scanner)} could be beacon node ${ids.map((id) => `"${id}"`).join(' or ')} (${WHY[how]}); not guessed: key the right node by "${scanner.mac}"`,
      });
      involvedScanners.add(scanner);
      for (const n of candidates) involvedNodes.add(n);
    }
    for (const [node, candidates] of forNode) {
      if (candidates.length < 2) continue;
      ambiguities.push({
        side: 'node',
        subject: node.id,
        candidates: candidates.map((s) => s.mac).sort(compare),
        how,
        message: `beacon node "${node.id}" could be Bermuda scanner ${candidates.map(describeScanner).join(' or ')} (${WHY[how]}); not guessed: use the MAC Bermuda reports for that scanner as the node id`,
      });
      involvedNodes.add(node);
      for (const s of candidates) involvedScanners.add(s);
    }
    for (const [scanner, candidates] of forScanner) {
      const [node] = candidates;
      // A node shared with another scanner made this scanner part of that node's ambiguity.
      if (candidates.length !== 1 || node === undefined || involvedScanners.has(scanner)) continue;
      byScanner.set(scanner.mac, {
        scannerMac: scanner.mac,
        nodeId: node.id,
        nodeKey: node.key,
        how,
        message: matchMessage(scanner, node, how),
      });
      doneScanners.add(scanner);
      doneNodes.add(node);
    }
    for (const s of involvedScanners) doneScanners.add(s);
    for (const n of involvedNodes) doneNodes.add(n);
  }

  const leftScanners = allScanners.filter((s) => !doneScanners.has(s));
  const leftNodes = allNodes.filter((n) => !doneNodes.has(n));
  const spare =
    leftScanners.length === 0
      ? 'every scanner Bermuda reports already has a node'
      : `scanners without a node: ${leftScanners.map(describeScanner).join(', ')}`;

  return {
    byScanner,
    unmatchedNodes: leftNodes.map((n) => ({
      nodeId: n.id,
      nodeKey: n.key,
      message: `beacon node "${n.id}" matches no Bermuda scanner, so no distances are read for it: key it by the scanner's MAC as Bermuda reports it, or by its Home Assistant device name (${spare})`,
    })),
    unmatchedScanners: leftScanners.map((s) => ({
      scannerMac: s.mac,
      deviceName: s.deviceName,
      message: `Bermuda scanner ${describeScanner(s)} matches no beacon node, so its distances are ignored: add it under moving_entities.beacon_nodes as "${s.mac}" with its coordinates`,
    })),
    ambiguities,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
