/** A calibration manager that nothing calibrates with, for service hosts whose tests do not calibrate. */
import { CalibrationManager } from '../../server/calibration/manager.ts';
import type { ConfigStore } from '../../server/config/store.ts';

export function idleCalibration(store: ConfigStore): CalibrationManager {
  return new CalibrationManager({
    store,
    stateFile: null,
    now: () => 0,
    devices: () => [],
    references: () => [],
    configChanged: () => {},
    log: () => {},
  });
}
