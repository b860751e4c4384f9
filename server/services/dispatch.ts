/**
 * One entry point for every floorplan.* service, whoever calls it (integration, card, CLI), and for
 * the card's requests (card-requests.ts, calibration-requests.ts, stats-requests.ts). SERVICE_NAMES lists only the services: the integration
 * registers those with Home Assistant, while the card's requests come through `floorplan/call`.
 */
import type { ConfigStore } from '../config/store.ts';
import type { FloorplanConfig } from '../config/types.ts';
import { CALIBRATION_REQUEST_HANDLERS, isCalibrationRequest } from './calibration-requests.ts';
import { CARD_REQUEST_HANDLERS, isCardRequest, type CardHost } from './card-requests.ts';
import { invalid, ServiceError } from './errors.ts';
import { serviceData, type ServiceData } from './input.ts';
import { isStatsRequest, STATS_REQUEST_HANDLERS, type StatsHost } from './stats-requests.ts';
import { addBeaconNode, deleteBeaconNode, reloadConfig, updateBeaconNode } from './node-edits.ts';
import {
  getAllEntityCoordinates,
  getAllMovingEntityCoordinates,
  getBeaconNodes,
  getEntityCoordinates,
  getMovingEntityCoordinates,
  getRoomsByFloor,
  type QueryContext,
} from './queries.ts';

/** What the services and the card's requests act on: the running sidecar provides it. */
export interface ServiceHost extends CardHost, StatsHost {
  queryContext(): QueryContext;
  status(): object;
  enableSensors(): Promise<object>;
}

type Handler = (host: ServiceHost, data: ServiceData) => object | Promise<object>;

const withNewConfig =
  (edit: (store: ConfigStore, data: ServiceData) => Promise<{ config: FloorplanConfig; response: object }>): Handler =>
  async (host, data) => {
    const { config, response } = await edit(host.store, data);
    host.configChanged(config);
    return response;
  };

const HANDLERS: Record<string, Handler> = {
  get_moving_entity_coordinates: (host, data) => getMovingEntityCoordinates(host.queryContext(), data),
  get_all_moving_entity_coordinates: (host) => getAllMovingEntityCoordinates(host.queryContext()),
  get_beacon_nodes: (host) => getBeaconNodes(host.queryContext()),
  get_rooms_by_floor: (host, data) => getRoomsByFloor(host.queryContext(), data),
  get_entity_coordinates: (host, data) => getEntityCoordinates(host.queryContext(), data),
  get_all_entity_coordinates: (host) => getAllEntityCoordinates(host.queryContext()),
  status: (host) => host.status(),
  add_beacon_node: withNewConfig(addBeaconNode),
  update_beacon_node: withNewConfig(updateBeaconNode),
  delete_beacon_node: withNewConfig(deleteBeaconNode),
  reload: withNewConfig((store) => reloadConfig(store)),
  enable_sensors: (host) => host.enableSensors(),
};

export const SERVICE_NAMES = Object.keys(HANDLERS);

/** The service's response; a ServiceError (`invalid` or `failed`) for anything that goes wrong. */
export async function callService(host: ServiceHost, name: string, data: unknown): Promise<object> {
  const handler = Object.hasOwn(HANDLERS, name)
    ? HANDLERS[name]
    : isCardRequest(name)
      ? CARD_REQUEST_HANDLERS[name]
      : isCalibrationRequest(name)
        ? CALIBRATION_REQUEST_HANDLERS[name]
        : isStatsRequest(name)
          ? STATS_REQUEST_HANDLERS[name]
          : undefined;
  if (!handler) throw invalid(`unknown floorplan service \`${name}\` (services: ${SERVICE_NAMES.join(', ')})`);
  try {
    return await handler(host, serviceData(data));
  } catch (err) {
    if (err instanceof ServiceError) throw err;
    throw new ServiceError('failed', `${name} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
