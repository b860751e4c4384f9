/**
 * The troubleshooting report (`floorplan status` and the `floorplan.status` service): one answer
 * for each row of "why does my device have no coordinates?" — connection, scanners matched to
 * nodes and not, disabled sensors, and per device the nodes that hear it and the reason it is not
 * located.
 */
import type { FloorplanConfig } from '../config/types.ts';
import type { RejectReason } from '../engine/types.ts';
import type { DeviceEvidence } from '../presence/moving-entities.ts';
import { noPositionReason } from '../presence/moving-entities.ts';
import type { ProviderSnapshot } from '../providers/home-assistant/provider.ts';
import { point, round } from './queries.ts';

export interface StatusInput {
  connection: { url: string; connected: boolean; integrationAttached: boolean; reconnects: number };
  configSource: string;
  config: FloorplanConfig;
  snapshot: ProviderSnapshot;
  devices: readonly (DeviceEvidence & { heardBy: readonly { node: string; distance: number; age: number }[] })[];
  rejected: Partial<Record<RejectReason, number>>;
}

export function statusReport(input: StatusInput) {
  const { snapshot, config } = input;
  const nodeIdOf = new Map(config.beaconNodes.map((n) => [n.key, n.id]));
  return {
    connection: {
      url: input.connection.url,
      connected: input.connection.connected,
      integration_attached: input.connection.integrationAttached,
      reconnects: input.connection.reconnects,
    },
    config: { source: input.configSource, floors: config.floors.length, rooms: config.rooms.length, beacon_nodes: config.beaconNodes.length },
    nodes: {
      matched: [...snapshot.matching.byScanner.values()].map((m) => ({ node_id: m.nodeId, scanner: m.scannerMac, how: m.how, message: m.message })),
      unmatched: snapshot.matching.unmatchedNodes.map((n) => ({ node_id: n.nodeId, message: n.message })),
    },
    scanners_without_node: snapshot.matching.unmatchedScanners.map((s) => ({ scanner: s.scannerMac, name: s.deviceName, message: s.message })),
    ambiguities: snapshot.matching.ambiguities.map((a) => a.message),
    disabled_sensors: snapshot.discovery.disabledSensors.map((s) => ({ entity_id: s.entityId, disabled_by: s.disabledBy })),
    devices: input.devices.map((d) => ({
      device: d.key,
      entity_id: d.entityId,
      name: d.name,
      heard_by: d.heardBy.map((h) => ({ node: nodeIdOf.get(h.node) ?? h.node, distance: round(h.distance), age_s: Math.round(h.age) })),
      sensors_enabled: d.sensorsEnabled,
      sensors_with_value: d.sensorsWithValue,
      position: d.fix?.coordinates && noPositionReason(d) === null ? { coordinates: point(d.fix.coordinates), accuracy: d.fix.accuracy === null ? null : round(d.fix.accuracy), floor: d.fix.floor, room: d.fix.room } : null,
      reason: noPositionReason(d),
    })),
    naming_problems: snapshot.movingEntities.problems,
    rejected_readings: Object.fromEntries(Object.entries(input.rejected).filter(([, n]) => (n ?? 0) > 0)),
  };
}

export type StatusReport = ReturnType<typeof statusReport>;

/** The report as a terminal shows it. */
export function formatStatus(report: StatusReport): string {
  const lines: string[] = [];
  const section = (title: string, rows: string[], none: string): void => {
    lines.push('', `${title}:`, ...(rows.length > 0 ? rows.map((r) => `  ${r}`) : [`  ${none}`]));
  };
  const c = report.connection;
  lines.push(`Home Assistant ${c.url}: ${c.connected ? 'connected' : 'NOT connected'}; floorplan integration ${c.integration_attached ? 'attached' : 'not attached'}`);
  lines.push(`floorplan.yaml ${report.config.source}: ${report.config.floors} floors, ${report.config.rooms} rooms, ${report.config.beacon_nodes} beacon nodes`);
  section('Beacon nodes matched to Bermuda scanners', report.nodes.matched.map((m) => `${m.node_id} = ${m.scanner} (${m.how})`), 'none');
  section('Beacon nodes with no scanner', report.nodes.unmatched.map((n) => n.message), 'none');
  section('Scanners with no beacon node', report.scanners_without_node.map((s) => s.message), 'none');
  if (report.ambiguities.length > 0) section('Ambiguous matches', report.ambiguities, 'none');
  section(
    'Disabled distance sensors',
    report.disabled_sensors.length > 0 ? [`${report.disabled_sensors.length} disabled: run \`floorplan enable-sensors\` to enable them`, ...report.disabled_sensors.slice(0, 20).map((s) => `${s.entity_id} (by ${s.disabled_by})`)] : [],
    'none',
  );
  section(
    'Tracked devices',
    report.devices.map((d) => {
      const heard = d.heard_by.length > 0 ? d.heard_by.map((h) => `${h.node} ${h.distance} m`).join(', ') : 'no node';
      const where = d.position ? `at [${d.position.coordinates.join(', ')}] ±${d.position.accuracy} m, ${d.position.floor ?? '?'} / ${d.position.room ?? 'no room'}` : `no position: ${d.reason}`;
      return `${d.entity_id} (${d.name}): heard by ${heard}; ${where}`;
    }),
    'none: Bermuda has no distance sensors',
  );
  if (report.naming_problems.length > 0) section('moving_entities.entities', report.naming_problems, 'none');
  section('Rejected readings', Object.entries(report.rejected_readings).map(([reason, n]) => `${reason}: ${n}`), 'none');
  return `${lines.join('\n')}\n`;
}
