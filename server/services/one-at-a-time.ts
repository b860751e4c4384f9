/**
 * Requests that change floorplan.yaml or the calibration session run one at a time per file, in
 * the order they came, each seeing what the one before left; a failed one does not stop the next.
 */
import type { ConfigStore } from '../config/store.ts';

const running = new WeakMap<ConfigStore, Promise<unknown>>();

export function oneAtATime<T>(store: ConfigStore, task: () => Promise<T>): Promise<T> {
  const run = (running.get(store) ?? Promise.resolve()).catch(() => undefined).then(task);
  running.set(store, run);
  return run;
}
