import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../server/config/load.ts';
import { DEFAULT_PRESENCE } from '../../../server/config/types.ts';
import { presenceSettings } from '../../../server/presence/presence.ts';

const FLOORS = 'floors: {ground: {height: 2.6}, first: {height: 5.4}}\n';

function load(text: string) {
  const result = loadConfigText(FLOORS + text, 'test.yaml');
  return { config: result.config, problems: result.problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.path}: ${p.message}`) };
}

describe('presence settings', () => {
  it('default to Home Assistant\'s home and not_home, 180 s, somebody and nobody', () => {
    const { config, problems } = load('');
    expect(problems).toEqual([]);
    expect(config!.presence).toBeUndefined();
    expect(presenceSettings(config!)).toEqual({ homeState: 'home', awayState: 'not_home', considerHome: 180, occupiedState: 'somebody', vacantState: 'nobody' });
  });

  it('take what is written and the defaults for the rest', () => {
    const { config, problems } = load('presence:\n  away_state: away\n  consider_home: 0\n  vacant_state: empty\n');
    expect(problems).toEqual([]);
    expect(config!.presence).toEqual({ awayState: 'away', considerHome: 0, vacantState: 'empty' });
    expect(presenceSettings(config!)).toEqual({ ...DEFAULT_PRESENCE, awayState: 'away', considerHome: 0, vacantState: 'empty' });
  });

  it('refuse a negative delay, states that are not text, and warn of unknown keys', () => {
    expect(load('presence:\n  consider_home: -5\n  home_state: 3\n  occupied_state: ""\n  timeout: 3\n').problems).toEqual([
      '3:18 error presence.consider_home: expected a number of at least 0, got -5',
      '4:15 error presence.home_state: expected a string, got 3',
      '5:19 error presence.occupied_state: expected text of at least 1 character, got the text ""',
      '6:3 warning presence.timeout: unknown key `timeout` (ignored)',
    ]);
  });

  it('need each state to differ from its opposite, written or default, and not be Home Assistant\'s own', () => {
    expect(load('presence:\n  away_state: home\n  occupied_state: nobody\n  vacant_state: unknown\n').problems).toEqual([
      '3:15 error presence.away_state: `home_state` and `away_state` must differ (both "home")',
      '5:17 error presence.vacant_state: "unknown" is what Home Assistant shows for an entity without a value; choose another state',
    ]);
    expect(load('presence:\n  vacant_state: somebody\n').problems).toEqual([
      '3:17 error presence.vacant_state: `occupied_state` and `vacant_state` must differ (both "somebody")',
    ]);
  });
});

describe('zones', () => {
  it('read outlines and circles in file order, with their defaults', () => {
    const { config, problems } = load(`zones:
  bed:
    name: Main bed
    floor: first
    boundaries: [[0.5, 0.5], [2.5, 0.5], [2.5, 2.5], [0.5, 2.5], [0.5, 0.5]]
    occupancy_sensor: binary_sensor.bed_radar
  desk: {floor: ground, center: [9, 1], radius: 0.6, distance: 0.5}
`);
    expect(problems).toEqual([]);
    expect(config!.zones).toEqual([
      {
        id: 'bed',
        name: 'Main bed',
        floor: 'first',
        boundaries: [[0.5, 0.5], [2.5, 0.5], [2.5, 2.5], [0.5, 2.5]],
        circle: null,
        distance: 0,
        occupancySensor: 'binary_sensor.bed_radar',
      },
      { id: 'desk', name: 'desk', floor: 'ground', boundaries: null, circle: { center: [9, 1], radius: 0.6 }, distance: 0.5, occupancySensor: null },
    ]);
  });

  it('are absent from a file without them', () => {
    expect(load('zones:\n').config!.zones).toBeUndefined();
  });

  it('need exactly one shape: an outline, or a center with a radius', () => {
    expect(load('zones:\n  both: {floor: ground, boundaries: [[0, 0], [1, 0], [1, 1]], center: [1, 1], radius: 1}\n  none: {floor: ground}\n').problems).toEqual([
      '3:63 error zones.both.center: a zone is an outline (`boundaries`) or a circle (`center` and `radius`), not both',
      '4:3 error zones.none: missing `boundaries`, or `center` and `radius`',
    ]);
    expect(load('zones:\n  half: {floor: ground, center: [1, 1]}\n  flat: {floor: ground, radius: 2}\n').problems).toEqual([
      '3:9 error zones.half: `center` needs `radius` too',
      '4:9 error zones.flat: `radius` needs `center` too',
    ]);
  });

  it('refuse a negative distance and warn of unknown keys', () => {
    expect(load('zones:\n  far: {floor: ground, center: [1, 1], radius: 1, distance: -1}\n  desk: {floor: ground, center: [1, 1], radius: 1, colour: red}\n').problems).toEqual([
      '3:61 error zones.far.distance: expected a number of at least 0, got -1',
      '4:52 warning zones.desk.colour: unknown key `colour` (ignored)',
    ]);
  });

  it('check the floor, the outline as for rooms, and the sensor\'s entity id', () => {
    expect(
      load(`zones:
  attic: {floor: attic, center: [1, 1], radius: 1}
  bow: {floor: ground, boundaries: [[0, 0], [2, 2], [2, 0], [0, 2]]}
  line: {floor: ground, boundaries: [[0, 0], [1, 1], [2, 2]]}
  radar: {floor: ground, center: [1, 1], radius: 1, occupancy_sensor: Bed radar}
`).problems,
    ).toEqual([
      '3:18 error zones.attic.floor: unknown floor `attic` (floors: ground, first)',
      '4:37 error zones.bow.boundaries[0]: outline crosses itself: edge 0 [0, 0] → [2, 2] meets edge 2 [2, 0] → [0, 2]',
      '5:37 error zones.line.boundaries: outline encloses no area (all points are on one line)',
      '6:71 error zones.radar.occupancy_sensor: expected an entity id such as binary_sensor.bed_occupancy, got "Bed radar"',
    ]);
  });
});
