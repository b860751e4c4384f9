/**
 * The services that change floorplan.yaml: add, move and delete beacon nodes, and reload. Edits go
 * through the comment-preserving editor, so the user's file keeps its comments and layout.
 */
import { ConfigEditError, InvalidEditError, type ConfigChange } from '../config/edit.ts';
import { normaliseNodeId } from '../config/node-id.ts';
import { ConfigLoadError, type ConfigStore } from '../config/store.ts';
import type { BeaconNodeConfig, FloorplanConfig } from '../config/types.ts';
import { invalid, ServiceError } from './errors.ts';
import { optionalText, requiredCoordinates, requiredText, type ServiceData } from './input.ts';

export const NODES = ['moving_entities', 'beacon_nodes'] as const;

/** A node as the caller names it: any spelling of its MAC, or its name-like id. */
export function findNode(config: FloorplanConfig, nodeId: string): BeaconNodeConfig | undefined {
  const key = normaliseNodeId(nodeId);
  return config.beaconNodes.find((n) => n.key === key);
}

export function existingNode(config: FloorplanConfig, nodeId: string): BeaconNodeConfig {
  const node = findNode(config, nodeId);
  if (node) return node;
  const known = config.beaconNodes.map((n) => n.id).join(', ') || 'none';
  throw invalid(`unknown beacon node \`${nodeId}\` (nodes: ${known})`);
}

/** Writes the changes in one go; a refusal leaves the file as it was. */
export async function applyChanges(store: ConfigStore, changes: readonly ConfigChange[]): Promise<FloorplanConfig> {
  try {
    return await store.change(changes);
  } catch (err) {
    // A result that would not validate is the caller's value; a file changed on disk is not.
    if (err instanceof InvalidEditError) throw invalid(err.message);
    if (err instanceof ConfigEditError) throw new ServiceError('failed', err.message);
    throw err;
  }
}

export async function addBeaconNode(store: ConfigStore, data: ServiceData): Promise<{ config: FloorplanConfig; response: object }> {
  const nodeId = requiredText(data, 'node_id');
  const coordinates = requiredCoordinates(data, 'coordinates');
  const name = optionalText(data, 'name');
  const clash = findNode(store.config, nodeId);
  if (clash) throw invalid(`beacon node \`${nodeId}\` already exists (written \`${clash.id}\`); use update_beacon_node to move it`);
  const value = name === undefined ? { coordinates } : { name, coordinates };
  const config = await applyChanges(store, [{ path: [...NODES, nodeId], value, create: true }]);
  return { config, response: { node_id: nodeId, coordinates } };
}

export async function updateBeaconNode(store: ConfigStore, data: ServiceData): Promise<{ config: FloorplanConfig; response: object }> {
  const node = existingNode(store.config, requiredText(data, 'node_id'));
  const coordinates = requiredCoordinates(data, 'coordinates');
  const config = await applyChanges(store, [{ path: [...NODES, node.id], value: { coordinates } }]);
  return { config, response: { node_id: node.id, coordinates } };
}

export async function deleteBeaconNode(store: ConfigStore, data: ServiceData): Promise<{ config: FloorplanConfig; response: object }> {
  const node = existingNode(store.config, requiredText(data, 'node_id'));
  const config = await applyChanges(store, [{ path: [...NODES, node.id], remove: true }]);
  return { config, response: { node_id: node.id } };
}

export async function reloadConfig(store: ConfigStore): Promise<{ config: FloorplanConfig; response: object }> {
  try {
    const { config } = await store.load();
    return { config, response: { beacon_nodes: config.beaconNodes.length, rooms: config.rooms.length, floors: config.floors.length } };
  } catch (err) {
    if (err instanceof ConfigLoadError) throw new ServiceError('failed', err.message);
    throw err;
  }
}
