import { describe, expect, it } from 'vitest';
import type { CalibrationNodeFit, CalibrationRecording } from '../../../server/sinks/card/messages.ts';
import { clipSegment, linearTicks, logTicks, nodeChart, type NodeChart } from '../../../card/shared/calibration-chart.ts';
import { driftText, errorChange, fittedValues, persistsText, radioChanges, recordingProgress, residualText, writtenText } from '../../../card/shared/calibration-format.ts';
import type { Point } from '../../../card/shared/geometry.ts';

const CURRENT = { ref_power: -55, attenuation: 3, distance_scale: 1 };

function node(fit: Partial<CalibrationNodeFit>): CalibrationNodeFit {
  return { node: 'n1', name: 'Kitchen', kind: 'distance', samples: 40, current: CURRENT, fitted: {}, residual: 12, persistent_share: null, warnings: [], points: [], ...fit };
}

/** Pixels between a point and the infinite line through a curve's ends. */
function offLine(p: Point, { from, to }: { from: Point; to: Point }): number {
  const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
  return Math.abs(dx * (p[1] - from[1]) - dy * (p[0] - from[0])) / Math.hypot(dx, dy);
}

const curve = (chart: NodeChart, kind: string) => chart.curves.find((c) => c.kind === kind);
const inside = (chart: NodeChart, [x, y]: Point) =>
  x >= chart.plot.left - 1e-9 && x <= chart.plot.right + 1e-9 && y >= chart.plot.top - 1e-9 && y <= chart.plot.bottom + 1e-9;

describe('chart axes', () => {
  it('covers a range with round linear ticks and labels them with a typographic minus', () => {
    const distance = linearTicks(0, 7.3);
    expect(distance.domain).toEqual([0, 8]);
    expect(distance.ticks.map((t) => t.label)).toEqual(['0', '2', '4', '6', '8']);

    const rssi = linearTicks(-87.5, -52);
    expect(rssi.domain[0]).toBeLessThanOrEqual(-87.5);
    expect(rssi.domain[1]).toBeGreaterThanOrEqual(-52);
    expect(rssi.ticks.map((t) => t.label)).toEqual(['−90', '−80', '−70', '−60', '−50']);

    const small = linearTicks(0, 0.9);
    expect(small.ticks.map((t) => t.label)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  });

  it('widens an empty range instead of dividing by zero', () => {
    const { domain } = linearTicks(-60, -60);
    expect(domain[0]).toBeLessThan(-60);
    expect(domain[1]).toBeGreaterThan(-60);
    expect(linearTicks(0, 0).domain).toEqual([0, 1]);
  });

  it('puts 1-2-5 ticks on a log axis, and only powers of ten over a wide range', () => {
    const near = logTicks(0.7, 12);
    expect(near.domain).toEqual([0.5, 20]);
    expect(near.ticks.map((t) => t.label)).toEqual(['0.5', '1', '2', '5', '10', '20']);
    expect(logTicks(0.05, 300).ticks.map((t) => t.value)).toEqual([0.01, 0.1, 1, 10, 100, 1000].filter((v) => v >= 0.05 && v <= 500));
    // A range that is one tick value still spans two.
    expect(logTicks(2, 2).domain).toEqual([2, 5]);
  });
});

describe('clipping a curve to the plot', () => {
  const box = { left: 0, top: 0, right: 10, bottom: 10 };

  it('cuts a segment where it leaves the plot', () => {
    expect(clipSegment([-5, 5], [15, 5], box)).toEqual([[0, 5], [10, 5]]);
    const [a, b] = clipSegment([0, 0], [20, 40], box)!;
    expect(a).toEqual([0, 0]);
    expect(b[0]).toBeCloseTo(5);
    expect(b[1]).toBeCloseTo(10);
  });

  it('keeps a segment inside, and drops one that misses the plot', () => {
    expect(clipSegment([1, 1], [9, 2], box)).toEqual([[1, 1], [9, 2]]);
    expect(clipSegment([11, 0], [20, 10], box)).toBeNull();
    expect(clipSegment([-1, 12], [12, 12], box)).toBeNull();
  });
});

describe('a distance node’s chart', () => {
  // The node reports 25 % long: the engine needs distance_scale 0.8 (true = 0.8 × reported).
  const points: [number, number][] = [1, 2, 3, 4.5, 6].map((d) => [d, d / 0.8]);
  const fit = node({ kind: 'distance', points, fitted: { distance_scale: 0.8 } });
  const chart = nodeChart(fit);

  it('draws every sample inside the plot, on the fitted curve', () => {
    expect(chart.points).toHaveLength(points.length);
    const fitted = curve(chart, 'fitted')!;
    for (const p of chart.points) {
      expect(inside(chart, p)).toBe(true);
      expect(offLine(p, fitted)).toBeLessThan(0.01);
    }
  });

  it('draws the curve in use, the fitted one and the ideal line, from the origin', () => {
    expect(chart.curves.map((c) => c.kind)).toEqual(['ideal', 'fitted', 'current']);
    const origin: Point = [chart.plot.left, chart.plot.bottom];
    for (const c of chart.curves) expect(c.from).toEqual(origin);
    // distance_scale 1 in use: the curve in use is the ideal line; the fit is steeper.
    const ends = (kind: string) => [curve(chart, kind)!.from, curve(chart, kind)!.to];
    expect(ends('current')).toEqual(ends('ideal'));
    expect(ends('fitted')).not.toEqual(ends('current'));
    for (const c of chart.curves) expect(inside(chart, c.to)).toBe(true);
  });

  it('shares one range on both axes, so the ideal line is the diagonal', () => {
    expect(chart.xTicks.map((t) => t.label)).toEqual(chart.yTicks.map((t) => t.label));
    expect(curve(chart, 'ideal')!.to).toEqual([chart.plot.right, chart.plot.top]);
    expect(chart.xLabel).toMatch(/\(m\)/);
    expect(chart.yLabel).toMatch(/\(m\)/);
  });

  it('draws no fitted curve without a fitted scale', () => {
    expect(nodeChart(node({ points, fitted: {} })).curves.map((c) => c.kind)).toEqual(['ideal', 'current']);
  });
});

describe('an RSSI node’s chart', () => {
  const model = (ref: number, att: number) => (d: number) => ref - 10 * att * Math.log10(d);
  const truth = model(-62, 2.4);
  const points: [number, number][] = [0.8, 1.5, 3, 5, 8].map((d) => [d, truth(d)]);

  it('puts distance on a log axis, where the samples lie on the fitted straight line', () => {
    const chart = nodeChart(node({ kind: 'rssi', points, fitted: { ref_power: -62, attenuation: 2.4 } }));
    expect(chart.points).toHaveLength(points.length);
    for (const p of chart.points) expect(offLine(p, curve(chart, 'fitted')!)).toBeLessThan(0.01);
    const at = (label: string) => chart.xTicks.find((t) => t.label === label)!.at;
    // Equal ratios are equally wide, and 2 sits log10(2) of the way from 1 to 10.
    expect(at('10') - at('5')).toBeCloseTo(at('2') - at('1'), 6);
    expect((at('2') - at('1')) / (at('10') - at('1'))).toBeCloseTo(Math.log10(2), 6);
    expect(chart.yLabel).toMatch(/dBm/);
  });

  it('keeps the curve in use on the chart even when it lies far from the samples', () => {
    const chart = nodeChart(node({ kind: 'rssi', points, current: { ...CURRENT, ref_power: -40 }, fitted: { ref_power: -62, attenuation: 2.4 } }));
    const current = curve(chart, 'current')!;
    expect(current.from[0]).toBeCloseTo(chart.plot.left);
    expect(current.to[0]).toBeCloseTo(chart.plot.right);
    for (const p of chart.points) expect(offLine(p, current)).toBeGreaterThan(5);
  });

  it('fills a field that was not fitted with the value in use', () => {
    const fit = node({ kind: 'rssi', points, fitted: { ref_power: -62 } });
    expect(fittedValues(fit)).toEqual({ ref_power: -62, attenuation: 3, distance_scale: 1 });
    // Same attenuation: the fitted line is the one in use, moved down by 7 dB.
    const chart = nodeChart(fit);
    const [current, fitted] = [curve(chart, 'current')!, curve(chart, 'fitted')!];
    const slope = (c: typeof current) => (c.to[1] - c.from[1]) / (c.to[0] - c.from[0]);
    expect(slope(fitted)).toBeCloseTo(slope(current), 6);
    expect(fitted.from[1]).toBeGreaterThan(current.from[1]);
  });
});

describe('calibration words and numbers', () => {
  it('says each setting in use and what the fit makes of it, and what apply writes', () => {
    const fit = node({ kind: 'rssi', fitted: { attenuation: 2.41 } });
    expect(radioChanges(fit)).toEqual([
      { field: 'ref_power', from: -55, to: null },
      { field: 'attenuation', from: 3, to: 2.41 },
    ]);
    expect(radioChanges(node({ kind: 'distance', fitted: { distance_scale: 0.8 } }))).toEqual([{ field: 'distance_scale', from: 1, to: 0.8 }]);
    expect(writtenText({ distance_scale: 0.667, ref_power: -60.25 })).toBe('ref_power −60.3 dBm, distance_scale 0.67');
    expect(writtenText({})).toBe('');
  });

  it('gives residuals and drift in dB or %, signed', () => {
    expect(residualText(node({ kind: 'rssi', residual: 4.46 }))).toBe('4.5 dB');
    expect(residualText(node({ kind: 'distance', residual: 26.2 }))).toBe('26 %');
    expect(residualText(node({ residual: null }))).toBe('—');
    expect(persistsText(node({ persistent_share: 0.764 }))).toBe('76 %');
    expect(persistsText(node({ persistent_share: null }))).toBe('—');
    expect(driftText({ node: 'n', kind: 'distance', samples: 9, drift: 0.12 })).toBe('+12 %');
    expect(driftText({ node: 'n', kind: 'rssi', samples: 9, drift: -3 })).toBe('−3.0 dB');
    expect(driftText({ node: 'n', kind: 'rssi', samples: 9, drift: 0.01 })).toBe('0.0 dB');
  });

  it('shows position errors before and after, with a dash where there is none', () => {
    expect(errorChange(1.84, 0.62)).toBe('1.8 m → 0.6 m');
    expect(errorChange(null, 0.4)).toBe('— → 0.4 m');
  });

  it('tells how far a recording is and how long it has left', () => {
    const recording: CalibrationRecording = {
      coordinates: [1, 2, 1],
      floor: 'ground',
      height: 1,
      started: '2025-01-01T00:00:00.000Z',
      ends: '2025-01-01T00:00:40.000Z',
      samples: 12,
      nodes: ['a'],
    };
    const at = (seconds: number) => recordingProgress(recording, Date.parse(recording.started) + seconds * 1000);
    expect(at(10)).toEqual({ fraction: 0.25, secondsLeft: 30 });
    expect(at(39.5)).toEqual({ fraction: 39.5 / 40, secondsLeft: 1 });
    expect(at(-5)).toEqual({ fraction: 0, secondsLeft: 45 });
    expect(at(50)).toEqual({ fraction: 1, secondsLeft: 0 });
  });
});
