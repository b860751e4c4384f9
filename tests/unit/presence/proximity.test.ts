import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../server/config/load.ts';
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { NODE_SWITCH_MARGIN, ProximityTracker, WINDOW_BAND, windowAt, type NodeRange } from '../../../server/presence/proximity.ts';

const PLAN = `moving_entities:
  proximity: {medium: 5}
  beacon_nodes:
    "AA-00-00-00-00-01": {name: Desk, coordinates: [0, 0, 1]}
    sofa-proxy: {coordinates: [4, 0, 1], proximity: {near: 2.5}}
    "AA:00:00:00:00:03": {name: Hall, coordinates: [8, 0, 1], proximity: {near: 0.5, medium: 1}}
`;
const DESK = 'aa:00:00:00:00:01';
const SOFA = 'sofa-proxy';
const HALL = 'aa:00:00:00:00:03';

function plan(text = PLAN): FloorplanConfig {
  const { config, problems } = loadConfigText(text, 'floorplan.yaml');
  expect(problems).toEqual([]);
  return config!;
}

const ranges = (entries: Record<string, number>): NodeRange[] => Object.entries(entries).map(([node, distance]) => ({ node, distance }));

/** One device's answers to a sequence of range sets, as [node, window] (or null). */
function walk(tracker: ProximityTracker, steps: Record<string, number>[]): ([string, string] | null)[] {
  return steps.map((step) => {
    const p = tracker.update('phone', ranges(step));
    return p && [p.node, p.window];
  });
}

describe('proximity windows', () => {
  it('gives the nearest node with its id as written, its name and the window of its distance', () => {
    const tracker = new ProximityTracker(() => plan());
    expect(tracker.update('phone', ranges({ [SOFA]: 3, [DESK]: 1.2 }))).toEqual({ node: DESK, nodeId: 'AA-00-00-00-00-01', nodeName: 'Desk', distance: 1.2, window: 'near' });
    expect(tracker.update('tag', ranges({ [SOFA]: 6 }))).toEqual({ node: SOFA, nodeId: SOFA, nodeName: null, distance: 6, window: 'far' });
  });

  it('is null when no node of the plan hears the device', () => {
    const tracker = new ProximityTracker(() => plan());
    expect(tracker.update('phone', [])).toBeNull();
    expect(tracker.update('phone', ranges({ 'ff:ff:ff:ff:ff:ff': 1 }))).toBeNull();
  });

  it("takes each node's own thresholds, then the global ones, then the defaults", () => {
    const config = plan();
    const windows = (node: string, distances: number[]) => distances.map((d) => new ProximityTracker(() => config).update('x', ranges({ [node]: d }))!.window);
    // Desk: default near 1.5, global medium 5.
    expect(windows(DESK, [1.5, 1.6, 5, 5.1])).toEqual(['near', 'medium', 'medium', 'far']);
    // Sofa: its own near 2.5, global medium 5.
    expect(windows(SOFA, [2.5, 2.6, 5, 5.1])).toEqual(['near', 'medium', 'medium', 'far']);
    // Hall: both its own.
    expect(windows(HALL, [0.5, 0.6, 1, 1.1])).toEqual(['near', 'medium', 'medium', 'far']);
    // Nothing written at all: 1.5 and 4.
    const bare = plan('moving_entities:\n  beacon_nodes:\n    n: {coordinates: [0, 0, 1]}\n');
    expect([1.5, 1.6, 4, 4.1].map((d) => new ProximityTracker(() => bare).update('x', ranges({ n: d }))!.window)).toEqual(['near', 'medium', 'medium', 'far']);
  });

  it('keeps the nearest node until another is closer by the margin, then takes the nearest', () => {
    const tracker = new ProximityTracker(() => plan());
    const held = 3;
    const justInside = held * (1 - NODE_SWITCH_MARGIN) + 0.01;
    const clearly = held * (1 - NODE_SWITCH_MARGIN) - 0.01;
    expect(
      walk(tracker, [
        { [DESK]: held, [SOFA]: 3.5 },
        { [DESK]: held, [SOFA]: justInside },
        // The hall is heard too and is nearest of all: the switch goes there, not to the sofa.
        { [DESK]: held, [SOFA]: clearly, [HALL]: clearly - 0.1 },
        { [DESK]: held, [SOFA]: clearly, [HALL]: clearly - 0.1 },
      ]),
    ).toEqual([
      [DESK, 'medium'],
      [DESK, 'medium'],
      [HALL, 'far'],
      [HALL, 'far'],
    ]);
  });

  it('drops the held node at once when it no longer hears the device', () => {
    const tracker = new ProximityTracker(() => plan());
    expect(walk(tracker, [{ [DESK]: 2, [SOFA]: 2.2 }, { [SOFA]: 2.2 }])).toEqual([
      [DESK, 'medium'],
      [SOFA, 'near'],
    ]);
  });

  it('leaves a window only when the distance is past its edge by the band', () => {
    const tracker = new ProximityTracker(() => plan());
    const near = 1.5;
    const medium = 5;
    expect(
      walk(tracker, [
        { [DESK]: 1.4 },
        { [DESK]: near * (1 + WINDOW_BAND) - 0.01 },
        { [DESK]: near * (1 + WINDOW_BAND) + 0.01 },
        { [DESK]: near * (1 - WINDOW_BAND) + 0.01 },
        { [DESK]: near * (1 - WINDOW_BAND) - 0.01 },
        { [DESK]: 3 },
        { [DESK]: medium * (1 + WINDOW_BAND) - 0.01 },
        { [DESK]: medium * (1 + WINDOW_BAND) + 0.01 },
        { [DESK]: medium * (1 - WINDOW_BAND) + 0.01 },
        { [DESK]: medium * (1 - WINDOW_BAND) - 0.01 },
      ]).map((p) => p![1]),
    ).toEqual(['near', 'near', 'medium', 'medium', 'near', 'medium', 'medium', 'far', 'far', 'medium']);
  });

  it('holds a window only against its neighbour: a jump across a whole window is no jitter', () => {
    // Windows so close that the band around near's edge reaches past medium's, and back.
    const tight = plan('moving_entities:\n  beacon_nodes:\n    n: {coordinates: [0, 0, 1], proximity: {near: 1, medium: 1.05}}\n');
    expect([windowAt(1.07, { near: 1, medium: 1.05 }), windowAt(0.95, { near: 1, medium: 1.05 })]).toEqual(['far', 'near']);
    const tracker = new ProximityTracker(() => tight);
    expect(walk(tracker, [{ n: 0.5 }, { n: 1.07 }, { n: 0.95 }]).map((p) => p![1])).toEqual(['near', 'far', 'near']);
  });

  it('gives the same answer when asked again with the same ranges', () => {
    const tracker = new ProximityTracker(() => plan());
    const steps: Record<string, number>[] = [{ [DESK]: 1.4 }, { [DESK]: 1.6, [SOFA]: 1.7 }, { [DESK]: 1.7, [SOFA]: 1.3 }, { [DESK]: 5.4 }, { [DESK]: 4.6 }];
    for (const step of steps) {
      const first = tracker.update('phone', ranges(step));
      expect(tracker.update('phone', ranges(step))).toEqual(first);
    }
  });

  it('keeps each device apart and forgets one that no node hears', () => {
    const tracker = new ProximityTracker(() => plan());
    tracker.update('phone', ranges({ [DESK]: 1.4 }));
    tracker.update('watch', ranges({ [DESK]: 1.6 }));
    expect(tracker.update('phone', ranges({ [DESK]: 1.6 }))!.window).toBe('near');
    expect(tracker.update('watch', ranges({ [DESK]: 1.6 }))!.window).toBe('medium');
    // Unheard, then heard again: nothing is held from before.
    expect(tracker.update('phone', [])).toBeNull();
    expect(tracker.update('phone', ranges({ [DESK]: 1.6 }))!.window).toBe('medium');
  });

  it('applies a changed plan at once', () => {
    let config = plan();
    const tracker = new ProximityTracker(() => config);
    expect(tracker.update('phone', ranges({ [SOFA]: 3 }))!.window).toBe('medium');
    config = plan(PLAN.replace('proximity: {near: 2.5}', 'proximity: {near: 3.5}, name: Sofa'));
    expect(tracker.update('phone', ranges({ [SOFA]: 3 }))).toMatchObject({ nodeName: 'Sofa', window: 'near' });
  });
});
