/**
 * The card's calibration requests (`calibration_*`, docs/CALIBRATION.md), answered by the
 * calibration manager. Like the card's other requests they come through `floorplan/call` and are
 * not Home Assistant services. Those that change something wait for each other and for plan
 * edits: apply writes floorplan.yaml too.
 */
import type { CalibrationRequest } from '../sinks/card/messages.ts';
import type { CardHost } from './card-requests.ts';
import type { ServiceData } from './input.ts';
import { oneAtATime } from './one-at-a-time.ts';

type Handler = (host: CardHost, data: ServiceData) => object | Promise<object>;

const queued =
  (task: (host: CardHost, data: ServiceData) => Promise<object>): Handler =>
  (host, data) =>
    oneAtATime(host.store, () => task(host, data));

export const CALIBRATION_REQUEST_HANDLERS: Record<CalibrationRequest, Handler> = {
  calibration_status: (host) => host.calibration.view(),
  calibration_start: queued((host, data) => host.calibration.start(data)),
  calibration_spot: queued((host, data) => host.calibration.spot(data)),
  calibration_remove_spot: queued((host, data) => host.calibration.removeSpot(data)),
  calibration_cancel: queued((host) => host.calibration.cancel()),
  calibration_apply: queued((host) => host.calibration.apply()),
};

export function isCalibrationRequest(name: string): name is CalibrationRequest {
  return Object.hasOwn(CALIBRATION_REQUEST_HANDLERS, name);
}
