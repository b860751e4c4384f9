import { describe, expect, it } from 'vitest';
import {
  MIN_FIT_SAMPLES,
  MIN_SAMPLES,
  applyCalibration,
  calibrate,
  type CalibrationSample,
  type NodeCalibration,
} from '../../../server/calibration/calibrate.ts';
import type { BeaconNodeConfig, FloorplanConfig, Vec3 } from '../../../server/config/types.ts';
import { SampleMaker, distance, type Box } from './synthetic.ts';

function node(id: string, coordinates: Vec3, extra: Partial<BeaconNodeConfig> = {}): BeaconNodeConfig {
  const key = id.toLowerCase();
  return { id, key, coordinates, name: null, floor: null, refPower: null, attenuation: null, distanceScale: null, ...extra };
}

/** One tall floor: the samples anywhere in it are on every node's floor. */
function house(nodes: BeaconNodeConfig[], floors = [{ id: 'house', height: 5.4 }]): FloorplanConfig {
  return {
    floors,
    rooms: [],
    staticEntities: [],
    beaconNodes: nodes,
    movingEntities: [],
    rssiModel: { refPower: -55, attenuation: 3 },
    rssiNoiseDb: 4,
    shadowingShare: 0.5,
    deviceHeight: 1,
    maxReadingAge: 30,
  };
}

const A = node('AA:00:00:00:00:01', [0.3, 0.3, 1.0]);
const B = node('AA:00:00:00:00:02', [9.7, 7.7, 2.2]);
const C = node('office', [0.3, 7.7, 3.6]);
const CONFIG = house([A, B, C]);

const only = (report: { nodes: NodeCalibration[] }, key: string): NodeCalibration => {
  const found = report.nodes.find((n) => n.key === key);
  expect(found, key).toBeDefined();
  return found as NodeCalibration;
};

/** Ordinary least squares of rssi on log10(d): what the robust fit must beat. */
function leastSquares(samples: CalibrationSample[], at: Vec3): { refPower: number; attenuation: number } {
  const x = samples.map((s) => Math.log10(distance(s.truth, at)));
  const y = samples.map((s) => s.rssi as number);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxx = 0;
  let sxy = 0;
  x.forEach((xi, i) => {
    sxx += (xi - mx) ** 2;
    sxy += (xi - mx) * ((y[i] as number) - my);
  });
  const slope = sxy / sxx;
  return { refPower: my - slope * mx, attenuation: -slope / 10 };
}

describe('calibrate: RSSI', () => {
  const TRUTHS = new Map([
    [A.key, { refPower: -59, attenuation: 2.4 }],
    [B.key, { refPower: -66, attenuation: 3.6 }],
  ]);
  const draw = (seed: number, count: number, outliers: number): CalibrationSample[] => {
    const make = new SampleMaker(seed);
    return [A, B].flatMap((n) =>
      Array.from({ length: count }, () => make.rssi(n.id, n.coordinates, make.point(), TRUTHS.get(n.key)!, { sigma: 4, outliers })),
    );
  };

  it('recovers ref_power and attenuation per node despite 15 % outliers', () => {
    // 1500 samples per node spread over the house: standard errors about 0.5 dB and 0.06.
    const samples = draw(11, 1500, 0.15);
    const report = calibrate(CONFIG, samples);
    expect(report.nodes.map((n) => n.key)).toEqual([A.key, B.key]);
    for (const n of [A, B]) {
      const fit = only(report, n.key);
      const truth = TRUTHS.get(n.key)!;
      expect(fit).toMatchObject({ kind: 'rssi', samples: 1500, warnings: [] });
      expect(Math.abs(fit.refPower! - truth.refPower)).toBeLessThan(1.5);
      expect(Math.abs(fit.attenuation! - truth.attenuation)).toBeLessThan(0.2);
      // The median absolute residual barely notices the outliers.
      expect(fit.spread).toBeGreaterThan(4);
      expect(fit.spread).toBeLessThan(5.5);
      // The outliers matter: plain least squares is pulled well off.
      const ls = leastSquares(samples.filter((s) => s.scanner === n.id), n.coordinates);
      expect(Math.abs(ls.refPower - truth.refPower)).toBeGreaterThan(2);
    }
    expect(report.warnings).toEqual(['no samples for node office']);
  });

  it('reports the noise of clean samples as their spread', () => {
    const report = calibrate(CONFIG, draw(12, 1500, 0));
    for (const n of [A, B]) {
      const fit = only(report, n.key);
      expect(fit.spread).toBeGreaterThan(3.6);
      expect(fit.spread).toBeLessThan(4.4);
      expect(Math.abs(fit.attenuation! - TRUTHS.get(n.key)!.attenuation)).toBeLessThan(0.2);
    }
  });

  it('holds attenuation at the configured value when the distances are too alike', () => {
    const make = new SampleMaker(5);
    const held = house([{ ...A, attenuation: 2.5 }]);
    const samples = Array.from({ length: 200 }, () =>
      make.rssi(A.id, A.coordinates, make.pointAround(A.coordinates, 3, 3.4), { refPower: -61, attenuation: 2.5 }, { sigma: 3, outliers: 0.1 }),
    );
    const fit = only(calibrate(held, samples), A.key);
    expect(fit.attenuation).toBeUndefined();
    expect(Math.abs(fit.refPower! + 61)).toBeLessThan(0.6);
    expect(fit.warnings).toHaveLength(1);
    expect(fit.warnings[0]).toMatch(/^distances too alike to fit attenuation .*: attenuation held at 2\.5, ref_power fitted alone$/);
  });

  it('holds attenuation when a fit would be implausible, and keeps an implausible ref_power out', () => {
    const make = new SampleMaker(8);
    const steep = Array.from({ length: 100 }, () =>
      make.rssi(A.id, A.coordinates, make.point(), { refPower: -50, attenuation: 8 }, { sigma: 2, outliers: 0.05 }),
    );
    const fit = only(calibrate(CONFIG, steep), A.key);
    expect(fit.attenuation).toBeUndefined();
    expect(fit.warnings[0]).toMatch(/^fitted attenuation 8\.\d\d is implausible .*: attenuation held at 3, ref_power fitted alone$/);

    const loud = Array.from({ length: 100 }, () =>
      make.rssi(A.id, A.coordinates, make.point(), { refPower: -20, attenuation: 3 }, { sigma: 2, outliers: 0.05 }),
    );
    const hot = only(calibrate(CONFIG, loud), A.key);
    expect([hot.refPower, hot.attenuation]).toEqual([undefined, undefined]);
    expect(hot.warnings).toEqual([expect.stringMatching(/^fitted ref_power -2\d\.\d dBm is implausible \(expected -100 to -30\): not applied$/)]);
  });

  it('does not fit too few samples and flags few', () => {
    const make = new SampleMaker(3);
    const draw = (count: number, at: BeaconNodeConfig) =>
      Array.from({ length: count }, () => make.rssi(at.id, at.coordinates, make.point(), { refPower: -60, attenuation: 3 }, { sigma: 2, outliers: 0.05 }));
    const report = calibrate(CONFIG, [...draw(MIN_FIT_SAMPLES - 1, A), ...draw(MIN_SAMPLES - 5, B)]);
    const none = only(report, A.key);
    expect(none.refPower).toBeUndefined();
    expect(none.spread).toBeNaN();
    expect(none.warnings).toEqual([`too few samples to fit (${MIN_FIT_SAMPLES - 1}, need at least ${MIN_FIT_SAMPLES})`]);
    const few = only(report, B.key);
    expect(few.refPower).toBeDefined();
    expect(few.warnings[0]).toBe(`only ${MIN_SAMPLES - 5} samples (${MIN_SAMPLES} or more recommended): values are uncertain`);
  });
});

describe('calibrate: shadowing share', () => {
  const MODEL = { refPower: -59, attenuation: 2.4 };
  /** `spots` spots with `repeats` samples each: a persistent offset per spot and node, then fresh noise. */
  const draw = (seed: number, share: number, spots: number, repeats: number): CalibrationSample[] => {
    const make = new SampleMaker(seed);
    return Array.from({ length: spots }, () => make.point()).flatMap((spot) =>
      [A, B].flatMap((n) => {
        const offset = make.prng.normal(0, 4 * Math.sqrt(share));
        const model = { ...MODEL, refPower: MODEL.refPower + offset };
        return Array.from({ length: repeats }, () => make.rssi(n.id, n.coordinates, spot, model, { sigma: 4 * Math.sqrt(1 - share), outliers: 0.05 }));
      }),
    );
  };

  it('measures how much of the scatter stays at a spot, and applies the nodes’ median', () => {
    for (const share of [0.25, 0.75]) {
      const report = calibrate(CONFIG, draw(31, share, 400, 8));
      for (const n of [A, B]) expect(Math.abs(only(report, n.key).shadowingShare! - share), `${n.id} at ${share}`).toBeLessThan(0.1);
      const shares = report.nodes.map((n) => n.shadowingShare!);
      expect(applyCalibration(CONFIG, report).shadowingShare).toBeCloseTo((shares[0]! + shares[1]!) / 2, 10);
    }
  });

  it('does not measure it from samples taken once per spot, and keeps the configured value', () => {
    const report = calibrate(CONFIG, draw(37, 0.5, 600, 1));
    expect(report.nodes.map((n) => n.shadowingShare)).toEqual([undefined, undefined]);
    expect(applyCalibration({ ...CONFIG, shadowingShare: 0.3 }, report).shadowingShare).toBe(0.3);
  });
});

describe('calibrate: distances', () => {
  it('recovers each node’s distance scale and reports the spread in %', () => {
    const make = new SampleMaker(21);
    const scales = new Map([
      [A.key, 0.8],
      [C.key, 1.35],
    ]);
    const samples = [A, C].flatMap((n) =>
      Array.from({ length: 400 }, () => make.distance(n.id, n.coordinates, make.point(), scales.get(n.key)!, { sigma: 0.2, outliers: 0.15 })),
    );
    const report = calibrate(CONFIG, samples);
    for (const n of [A, C]) {
      const fit = only(report, n.key);
      expect(fit.kind).toBe('distance');
      expect(fit.distanceScale! / scales.get(n.key)!).toBeCloseTo(1, 1);
      expect(Math.abs(fit.distanceScale! / scales.get(n.key)! - 1)).toBeLessThan(0.03);
      // exp(0.2) − 1 = 22 %.
      expect(fit.spread).toBeGreaterThan(18);
      expect(fit.spread).toBeLessThan(27);
      expect([fit.refPower, fit.attenuation]).toEqual([undefined, undefined]);
    }
  });

  it('leaves out samples from another floor than the node serves, and says so', () => {
    const make = new SampleMaker(5);
    const twoFloors = house([A, C], [
      { id: 'ground', height: 2.6 },
      { id: 'first', height: 5.4 },
    ]);
    const ground: Box = { min: [0, 0, 0.3], max: [10, 8, 2.3] };
    const first: Box = { min: [0, 0, 2.9], max: [10, 8, 5.1] };
    // Through the slab A reads twice as long: those samples would drag its fit to 0.5.
    const samples = [
      ...Array.from({ length: 40 }, () => make.distance(A.id, A.coordinates, make.point(ground), 0.8, { sigma: 0.1, outliers: 0.05 })),
      ...Array.from({ length: 60 }, () => make.distance(A.id, A.coordinates, make.point(first), 0.4, { sigma: 0.1, outliers: 0.05 })),
      ...Array.from({ length: 10 }, () => make.distance(C.id, C.coordinates, make.point(ground), 1, { sigma: 0.1, outliers: 0.05 })),
    ];
    const report = calibrate(twoFloors, samples);
    const a = only(report, A.key);
    expect([a.samples, a.warnings[0]]).toEqual([40, '60 samples from another floor not used: a floor slab\'s loss varies too much to calibrate through']);
    expect(a.distanceScale).toBeCloseTo(0.8, 1);
    expect(only(report, C.key)).toMatchObject({ samples: 0, warnings: [expect.stringMatching(/^10 samples from another floor/), 'no samples from its own floor: record spots on this floor'] });
  });

  it('keeps an implausible scale out of the result', () => {
    const make = new SampleMaker(2);
    const samples = Array.from({ length: 50 }, () => make.distance(C.id, C.coordinates, make.point(), 5, { sigma: 0.1, outliers: 0.05 }));
    const fit = only(calibrate(CONFIG, samples), C.key);
    expect(fit.distanceScale).toBeUndefined();
    expect(fit.warnings).toEqual([expect.stringMatching(/^fitted distance_scale 4\.\d\d is implausible \(expected 0\.3 to 3; .*\): not applied$/)]);
  });

  it('fits the kind a node has most of, saying what it ignored', () => {
    const make = new SampleMaker(4);
    const samples = [
      ...Array.from({ length: 30 }, () => make.distance(A.id, A.coordinates, make.point(), 1, { sigma: 0.1, outliers: 0.05 })),
      ...Array.from({ length: 3 }, () => make.rssi(A.id, A.coordinates, make.point(), { refPower: -60, attenuation: 3 }, { sigma: 2, outliers: 0.05 })),
    ];
    const fit = only(calibrate(CONFIG, samples), A.key);
    expect([fit.kind, fit.samples]).toEqual(['distance', 30]);
    expect(fit.warnings).toEqual(['3 rssi samples ignored: fitted from the distance samples']);
  });
});

describe('calibrate: scanners', () => {
  it('matches scanner spellings like the engine and lists scanners that match no node', () => {
    const make = new SampleMaker(9);
    const samples = [
      ...Array.from({ length: 20 }, (_, i) =>
        make.distance(i % 2 ? 'aa-00-00-00-00-02' : 'AA0000000002', B.coordinates, make.point(), 1, { sigma: 0.1, outliers: 0.05 }),
      ),
      make.distance('BB:00:00:00:00:09', [0, 0, 0], make.point(), 1, { sigma: 0.1, outliers: 0.05 }),
      make.distance('bb-00-00-00-00-09', [0, 0, 0], make.point(), 1, { sigma: 0.1, outliers: 0.05 }),
      make.distance('garage', [0, 0, 0], make.point(), 1, { sigma: 0.1, outliers: 0.05 }),
    ];
    const report = calibrate(CONFIG, samples);
    expect(only(report, B.key).samples).toBe(20);
    expect(report.unknownScanners).toEqual(['BB:00:00:00:00:09', 'garage']);
    expect(report.warnings).toEqual([
      '3 samples from scanners that match no beacon node: BB:00:00:00:00:09, garage',
      'no samples for nodes AA:00:00:00:00:01, office',
    ]);
  });
});

describe('applyCalibration', () => {
  it('sets the fitted values per node and leaves the rest, without touching the input', () => {
    const config = house([A, { ...B, attenuation: 3.3 }, { ...C, distanceScale: 1.1 }]);
    const report = {
      nodes: [
        { key: A.key, kind: 'rssi' as const, samples: 50, refPower: -60.5, attenuation: 2.2, spread: 4, warnings: [] },
        { key: B.key, kind: 'rssi' as const, samples: 50, refPower: -70, spread: 4, warnings: [] },
      ],
      unknownScanners: [],
      warnings: [],
    };
    const before = structuredClone(config);
    const applied = applyCalibration(config, report);
    expect(config).toEqual(before);
    expect(applied.beaconNodes.map((n) => [n.refPower, n.attenuation, n.distanceScale])).toEqual([
      [-60.5, 2.2, null],
      [-70, 3.3, null],
      [null, null, 1.1],
    ]);
    expect({ ...applied, beaconNodes: [] }).toEqual({ ...config, beaconNodes: [] });
  });
});
