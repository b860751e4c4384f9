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
 * Gaussian noise of `noiseDb` on RSSI is Gaussian noise on ln(distance) with this standard deviation:
 * ln d = (ref_power - rssi) * ln(10) / (10 * attenuation). So range error grows in proportion to range.
 */
export function lnRangeSigma(attenuation: number, noiseDb: number): number {
  return (noiseDb * Math.LN10) / (10 * attenuation);
}
