import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../server/config/load.ts';
import { distanceToRssi } from '../../../server/engine/rssi-model.ts';
import { Prng } from '../../../server/providers/prng.ts';
import {
  ESP_CONFIG_FILE,
  ESP_TRACKS,
  MULTIPATH_CHANCE,
  MULTIPATH_DB,
  NOISE_DB,
  TRACKED_INTERVAL,
  espSamples,
  measure,
  trackPoints,
} from '../../bench/accuracy/esp-scenario.ts';


const MODEL = { refPower: -59, attenuation: 3 };

function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

describe('ESP scenario generator', () => {
  it('reproduces the stated noise: 2.5 dB Gaussian, and a 6 dB dip on 10% of readings', () => {
    const prng = new Prng(7);
    const draws = Array.from({ length: 40_000 }, () => measure(2, MODEL, prng));
    const residual = (m: { rssi: number }): number => m.rssi - distanceToRssi(2, MODEL);
    const clean = meanSd(draws.filter((m) => !m.multipath).map(residual));
    const dipped = meanSd(draws.filter((m) => m.multipath).map(residual));
    expect(draws.filter((m) => m.multipath).length / draws.length).toBeCloseTo(MULTIPATH_CHANCE, 2);
    expect(clean.mean).toBeCloseTo(0, 1);
    expect(clean.sd).toBeCloseTo(NOISE_DB, 1);
    expect(dipped.mean).toBeCloseTo(-MULTIPATH_DB, 0);
    expect(dipped.sd).toBeCloseTo(NOISE_DB, 0);
  });

  it('reports the distance the RSSI implies, never under 10 cm', () => {
    const prng = new Prng(1);
    const m = measure(3, MODEL, prng);
    expect(m.distance).toBeCloseTo(10 ** ((MODEL.refPower - m.rssi) / 30), 12);
    const near = Array.from({ length: 200 }, () => measure(0.05, MODEL, prng).distance);
    expect(Math.min(...near)).toBe(0.1);
  });

  it('samples 30 points per leg plus the last waypoint', () => {
    const [diagonal, crossing] = ESP_TRACKS;
    const points = trackPoints(crossing!.waypoints);
    expect(points).toHaveLength(121);
    expect(trackPoints(diagonal!.waypoints)).toHaveLength(61);
    expect(points[0]).toEqual([1, 2]);
    expect(points[30]).toEqual([3, 2]);
    expect(points[120]).toEqual([5, 2]);
    expect(points[1]![0]).toBeCloseTo(1 + 2 / 30, 12);
  });

  it('gives every node a reading of every point, 10 per second, the same for the same seed', () => {
    const { config } = loadConfigText(readFileSync(ESP_CONFIG_FILE, 'utf8'), ESP_CONFIG_FILE);
    const samples = espSamples(config!, ESP_TRACKS[1]!, 3);
    expect(samples).toHaveLength(121);
    expect(samples[120]!.truth).toEqual([5, 2]);
    expect(samples[10]!.t).toBeCloseTo(10 * TRACKED_INTERVAL, 12);
    expect(samples.every((s) => s.readings.length === 4)).toBe(true);
    expect(espSamples(config!, ESP_TRACKS[1]!, 3)).toEqual(samples);
    expect(espSamples(config!, ESP_TRACKS[1]!, 4)).not.toEqual(samples);
  });
});
