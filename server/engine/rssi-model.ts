/**
 * The log-distance path-loss model Bermuda uses, and the range noise it implies.
 * rssi = ref_power - 10 * attenuation * log10(d)  <=>  d = 10^((ref_power - rssi) / (10 * attenuation))
 */
import type { RssiModel } from '../config/types.ts';

export function rssiToDistance(rssi: number, model: RssiModel): number {
  return 10 ** ((model.refPower - rssi) / (10 * model.attenuation));
}

export function distanceToRssi(distance: number, model: RssiModel): number {
  return model.refPower - 10 * model.attenuation * Math.log10(distance);
}

/**
 * A floor slab weakens the signal of a node on another floor by about this much, dB (ITU-R P.1238
 * gives 9 to 15 dB for one residential floor)...
 */
export const SLAB_LOSS_DB = 10;
/** ...give or take this much between floors, houses and paths through them, dB. */
export const SLAB_LOSS_SPREAD_DB = 4;

/**
 * How much ln(distance) moves per dB of RSSI: ln d = (ref_power - rssi) * ln(10) / (10 * attenuation).
 * So Gaussian noise in dB is Gaussian noise on ln(distance), and range error grows with range.
 */
export function lnRangePerDb(attenuation: number): number {
  return Math.LN10 / (10 * attenuation);
}

/** Standard deviation of ln(distance) for Gaussian RSSI noise of `noiseDb`. */
export function lnRangeSigma(attenuation: number, noiseDb: number): number {
  return noiseDb * lnRangePerDb(attenuation);
}
