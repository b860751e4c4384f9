/**
 * A node's calibration chart as pixel geometry, for the calibration panel to draw: its samples,
 * the curve in use and the fitted one, and axes with a few round ticks.
 *
 * - distance nodes: reported against true distance, both axes in metres from 0, with the ideal
 *   line y = x; the engine uses distance_scale × reported, so a scale's curve is y = x / scale.
 * - rssi nodes: RSSI against true distance on a log axis, where the log-distance model
 *   rssi = ref_power − 10·attenuation·log10(d) is a straight line.
 *
 * Every curve is thus straight on its axes: two points, clipped to the plot.
 */
import type { CalibrationNodeFit } from '../../server/sinks/card/messages.ts';
import { fittedValues } from './calibration-format.ts';
import { decimal } from './format.ts';
import type { Point } from './geometry.ts';

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Tick {
  /** Pixel position along its axis. */
  at: number;
  label: string;
}

export type CurveKind = 'ideal' | 'current' | 'fitted';

export interface NodeChart {
  width: number;
  height: number;
  plot: Rect;
  xTicks: Tick[];
  yTicks: Tick[];
  xLabel: string;
  yLabel: string;
  /** The samples, in pixels. */
  points: Point[];
  /** In drawing order, the (dashed) curve in use last so that it shows where the fit covers it; a curve wholly outside the plot is left out. */
  curves: { kind: CurveKind; from: Point; to: Point }[];
}

/** Chart size in SVG units (CSS pixels at its natural size), and room for the tick labels. */
const WIDTH = 300;
const HEIGHT = 176;
const PLOT: Rect = { left: 42, top: 8, right: WIDTH - 10, bottom: HEIGHT - 34 };

/** 1, 2 or 5 × 10^k: the round step that cuts `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalised = raw / magnitude;
  return (normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10) * magnitude;
}

/** Floating-point noise off a tick value (0.30000000000000004 → 0.3). */
const clean = (value: number): number => Number(value.toPrecision(12));

/** Decimals that show a round value whose last significant digit is at `unit` (0.5 → 1, 20 → 0). */
const decimalsFor = (unit: number): number => Math.max(0, -Math.floor(Math.log10(unit)));

export interface Ticks {
  domain: [number, number];
  ticks: { value: number; label: string }[];
}

/** Round ticks covering [min, max]; the domain is widened to the outer ticks. */
export function linearTicks(min: number, max: number, count = 5): Ticks {
  if (!(max > min)) [min, max] = min === 0 ? [0, 1] : [min - Math.abs(min) * 0.1, max + Math.abs(max) * 0.1];
  const step = niceStep(max - min, count);
  const low = Math.floor(clean(min / step)) * step;
  const high = Math.ceil(clean(max / step)) * step;
  const ticks: Ticks['ticks'] = [];
  for (let i = 0; low + i * step <= high + step * 1e-9; i++) {
    const value = clean(low + i * step);
    ticks.push({ value, label: decimal(value, decimalsFor(step)) });
  }
  return { domain: [ticks[0]!.value, ticks.at(-1)!.value], ticks };
}

/** 1-2-5 values (…, 0.5, 1, 2, 5, 10, …) covering [min, max] of positive numbers; only powers of ten when that gives too many. */
export function logTicks(min: number, max: number, most = 7): Ticks {
  const values = (from: number, to: number): number[] => {
    const out: number[] = [];
    for (let exponent = Math.floor(Math.log10(from)) - 1; exponent <= Math.ceil(Math.log10(to)); exponent++) {
      for (const m of [1, 2, 5]) out.push(clean(m * 10 ** exponent));
    }
    return out;
  };
  const all = values(min, max);
  const low = all.filter((v) => v <= min).at(-1)!;
  let high = all.find((v) => v >= max)!;
  if (high === low) high = all[all.indexOf(low) + 1]!;
  const ticks = all.filter((v) => v >= low && v <= high);
  const decades = ticks.filter((v) => Number.isInteger(clean(Math.log10(v))));
  const shown = ticks.length > most && decades.length >= 2 ? decades : ticks;
  return { domain: [low, high], ticks: shown.map((value) => ({ value, label: decimal(value, decimalsFor(value)) })) };
}

/** The part of segment a–b inside `rect` (Liang–Barsky), or null when none is. */
export function clipSegment(a: Point, b: Point, rect: Rect): [Point, Point] | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  // Each edge: p·t ≤ q keeps the point inside.
  const edges: [number, number][] = [
    [-dx, a[0] - rect.left],
    [dx, rect.right - a[0]],
    [-dy, a[1] - rect.top],
    [dy, rect.bottom - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  const at = (t: number): Point => [a[0] + t * dx, a[1] + t * dy];
  return [at(t0), at(t1)];
}

/** Value → pixel along one axis; `log` maps log10 of the value. */
function scale(domain: [number, number], range: [number, number], log: boolean): (value: number) => number {
  const f = log ? Math.log10 : (v: number) => v;
  const [d0, d1] = [f(domain[0]), f(domain[1])];
  return (value) => range[0] + ((f(value) - d0) / (d1 - d0)) * (range[1] - range[0]);
}

/** The chart of one node's fit: its points, the curve in use, the fitted curve (when fitted), the ideal line (distance). */
export function nodeChart(node: CalibrationNodeFit): NodeChart {
  const xs = node.points.map((p) => p[0]);
  const ys = node.points.map((p) => p[1]);
  const fitted = fittedValues(node);
  const hasFit = node.kind === 'rssi' ? node.fitted.ref_power !== undefined || node.fitted.attenuation !== undefined : node.fitted.distance_scale !== undefined;

  let x: Ticks;
  let y: Ticks;
  /** Each curve as a function of true distance; straight on these axes. */
  const curves: { kind: CurveKind; f: (d: number) => number }[] = [];
  if (node.kind === 'distance') {
    // One range for both axes, so the ideal line is the diagonal.
    x = y = linearTicks(0, Math.max(1, ...xs, ...ys));
    curves.push({ kind: 'ideal', f: (d) => d });
    if (hasFit) curves.push({ kind: 'fitted', f: (d) => d / fitted.distance_scale });
    curves.push({ kind: 'current', f: (d) => d / node.current.distance_scale });
  } else {
    const positive = xs.filter((v) => v > 0);
    x = logTicks(positive.length > 0 ? Math.min(...positive) : 1, positive.length > 0 ? Math.max(...positive) : 10);
    const model = (values: { ref_power: number; attenuation: number }) => (d: number) => values.ref_power - 10 * values.attenuation * Math.log10(d);
    if (hasFit) curves.push({ kind: 'fitted', f: model(fitted) });
    curves.push({ kind: 'current', f: model(node.current) });
    // The curves' ends count too, so a badly calibrated curve in use is still seen beside the samples.
    const ends = curves.flatMap((c) => [c.f(x.domain[0]), c.f(x.domain[1])]);
    y = linearTicks(Math.min(...ys, ...ends), Math.max(...ys, ...ends));
  }

  const log = node.kind === 'rssi';
  const sx = scale(x.domain, [PLOT.left, PLOT.right], log);
  const sy = scale(y.domain, [PLOT.bottom, PLOT.top], false);
  const clampX = (v: number) => Math.min(x.domain[1], Math.max(x.domain[0], v));
  return {
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    xTicks: x.ticks.map(({ value, label }) => ({ at: sx(value), label })),
    yTicks: y.ticks.map(({ value, label }) => ({ at: sy(value), label })),
    xLabel: 'true distance (m)',
    yLabel: log ? 'RSSI (dBm)' : 'reported (m)',
    points: node.points.map(([d, value]): Point => [sx(clampX(d)), sy(value)]),
    curves: curves.flatMap(({ kind, f }) => {
      const [d0, d1] = x.domain;
      const segment = clipSegment([sx(d0), sy(f(d0))], [sx(d1), sy(f(d1))], PLOT);
      return segment ? [{ kind, from: segment[0], to: segment[1] }] : [];
    }),
  };
}
