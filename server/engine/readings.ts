/**
 * Turning a raw reading value into a range in metres, or the reason it is unusable. Home Assistant
 * states are strings ("3.2", "unknown"); replay files carry numbers; both pass through here.
 */
import type { RssiModel } from '../config/types.ts';
import { rssiToDistance } from './rssi-model.ts';
import type { RejectReason } from './types.ts';

/** Bermuda's own ceiling on a plausible range; beyond it a reading is noise. */
export const MAX_RANGE = 100;

function toNumber(raw: unknown): number | RejectReason {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return 'non_numeric';
  const text = raw.trim().toLowerCase();
  if (text === 'unknown') return 'unknown';
  if (text === 'unavailable') return 'unavailable';
  if (text === 'nan') return 'nan';
  if (text === 'inf' || text === '+inf' || text === 'infinity' || text === '+infinity') return Infinity;
  if (text === '-inf' || text === '-infinity') return -Infinity;
  // Number('') is 0 and Number('0x10') is 16: neither is a distance a sensor reports.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text)) return 'non_numeric';
  return Number(text);
}

function checkRange(d: number): number | RejectReason {
  if (Number.isNaN(d)) return 'nan';
  if (!Number.isFinite(d)) return 'infinite';
  if (d < 0) return 'negative';
  if (d > MAX_RANGE) return 'out_of_range';
  return d;
}

/** A distance reading in metres, corrected by the node's calibrated scale, checked. */
export function parseDistance(raw: unknown, scale = 1): number | RejectReason {
  const v = toNumber(raw);
  return typeof v === 'number' ? checkRange(v * scale) : v;
}

/** An RSSI reading in dBm, converted with the node's model, then checked as a distance. */
export function parseRssi(raw: unknown, model: RssiModel): number | RejectReason {
  const v = toNumber(raw);
  if (typeof v !== 'number') return v;
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return 'infinite';
  return checkRange(rssiToDistance(v, model));
}
