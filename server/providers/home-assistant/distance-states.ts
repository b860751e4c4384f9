/**
 * Bermuda distance sensor states → raw readings. A state's time is its `last_updated`. Home
 * Assistant only updates that when the value changes, while Bermuda keeps a number in the state
 * exactly as long as the scanner still hears the device (it turns `unknown` when it stops), so an
 * unchanged number is re-read now and then as "still heard" rather than ageing out.
 */
import type { HassEntities } from 'home-assistant-js-websocket';
import type { RawReading } from '../../engine/types.ts';

/** The sensor the provider reads for one device and scanner. */
export interface WatchedSensor {
  deviceKey: string;
  /** The beacon node's key when the scanner matched one, else the scanner's MAC (rejected as unknown_scanner). */
  scanner: string;
}

export class DistanceStates {
  /** last_updated of the state each reading came from, per entity id. */
  private readonly seen = new Map<string, string>();

  constructor(private watched: ReadonlyMap<string, WatchedSensor>) {}

  /** New sensors to watch (after discovery or a config change); everything is read afresh. */
  watch(watched: ReadonlyMap<string, WatchedSensor>): void {
    this.watched = watched;
    this.seen.clear();
  }

  /**
   * Readings for states that changed since last time. A state first seen (at start, after a
   * reconnect or a new discovery) is read with time `now` when it holds a number: Bermuda says it
   * is current, however old its last_updated.
   */
  changed(states: HassEntities, now: number): RawReading[] {
    const readings: RawReading[] = [];
    for (const [entityId, sensor] of this.watched) {
      const state = states[entityId];
      if (!state) continue;
      const previous = this.seen.get(entityId);
      if (previous === state.last_updated) continue;
      this.seen.set(entityId, state.last_updated);
      const updated = Date.parse(state.last_updated) / 1000;
      // Clocks of HA and the sidecar (NTP) agree to well under a second; a time ahead of ours is clamped.
      const t = previous === undefined || !Number.isFinite(updated) ? now : Math.min(updated, now);
      readings.push({ t, device: sensor.deviceKey, scanner: sensor.scanner, distance: state.state });
    }
    return readings;
  }

  /** Every sensor that holds a number, read again at `now`: the device is still heard. */
  stillHeard(states: HassEntities, now: number): RawReading[] {
    const readings: RawReading[] = [];
    for (const [entityId, sensor] of this.watched) {
      const value = states[entityId]?.state;
      if (value === undefined || value === 'unknown' || value === 'unavailable') continue;
      readings.push({ t: now, device: sensor.deviceKey, scanner: sensor.scanner, distance: value });
    }
    return readings;
  }
}
