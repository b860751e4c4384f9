import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, loadConfigText } from '../../../server/config/load.ts';
import {
  DEFAULT_DEVICE_HEIGHT,
  DEFAULT_MAX_READING_AGE,
  DEFAULT_RSSI_MODEL,
  DEFAULT_RSSI_NOISE_DB,
  DEFAULT_SHADOWING_SHARE,
  type FloorplanConfig,
} from '../../../server/config/types.ts';

const repoFile = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** Problems as compact lines, so a test states exactly what a user would see. */
function problems(text: string): string[] {
  return loadConfigText(text, 'test.yaml').problems.map(
    (p) => `${p.line}:${p.column} ${p.severity} ${p.path}: ${p.message}`,
  );
}

function config(text: string): FloorplanConfig {
  const result = loadConfigText(text, 'test.yaml');
  expect(result.problems).toEqual([]);
  expect(result.config).not.toBeNull();
  return result.config as FloorplanConfig;
}

const EMPTY: FloorplanConfig = {
  floors: [],
  rooms: [],
  staticEntities: [],
  beaconNodes: [],
  movingEntities: [],
  rssiModel: DEFAULT_RSSI_MODEL,
  rssiNoiseDb: DEFAULT_RSSI_NOISE_DB,
  shadowingShare: DEFAULT_SHADOWING_SHARE,
  deviceHeight: DEFAULT_DEVICE_HEIGHT,
  maxReadingAge: DEFAULT_MAX_READING_AGE,
};

describe('the Python integration format', () => {
  it('loads the legacy fixture with no problems and the expected values', async () => {
    const path = repoFile('tests/fixtures/legacy-floorplan.yaml');
    const result = await loadConfigFile(path);
    expect(result.problems).toEqual([]);
    const c = result.config as FloorplanConfig;
    expect(c.floors).toEqual([
      { id: 'ground', height: 2.4 },
      { id: 'first', height: 5.1 },
      { id: 'loft', height: 7.5 },
    ]);
    expect(c.rooms.map((r) => [r.id, r.name, r.floor, r.area])).toEqual([
      ['lounge', 'Lounge', 'ground', 'lounge'],
      ['kitchen_diner', 'Kitchen Diner', 'ground', 'kitchen'],
      ['porch', 'porch', 'ground', 'porch'], // name falls back to the area
      ['bedroom_one', 'Bedroom 1', 'first', 'bedroom_one'],
      ['bathroom', 'Bathroom', 'first', null],
      ['bedroom_two', 'Bedroom 2', 'first', 'bedroom_two'],
      ['loft_room', 'Loft', 'loft', 'loft'],
    ]);
    // The L-shaped kitchen keeps all six corners; the porch's repeated closing point is dropped.
    expect(c.rooms[1]?.boundaries).toEqual([[4.2, 0], [4.2, 3.1], [6.05, 3.1], [6.05, 5.5], [9.6, 5.5], [9.6, 0]]);
    expect(c.rooms[2]?.boundaries).toEqual([[4.2, 3.1], [4.2, 5.5], [6.05, 5.5], [6.05, 3.1]]);
    expect(c.staticEntities).toEqual([
      { entityId: 'light.lounge', coordinates: [2.1, 2.75, 2.3] },
      { entityId: 'binary_sensor.porch_motion', coordinates: [5.1, 5.4, 2.2] },
    ]);
    expect(c.beaconNodes.map((n) => [n.id, n.key])).toEqual([
      ['C8:2B:96:0A:11:01', 'c8:2b:96:0a:11:01'],
      ['C8:2B:96:0A:11:02', 'c8:2b:96:0a:11:02'],
      ['c8-2b-96-0a-11-03', 'c8:2b:96:0a:11:03'],
      ['C8-2B-96-0A-11-04', 'c8:2b:96:0a:11:04'],
      ['c8:2b:96:0a:11:05', 'c8:2b:96:0a:11:05'],
      ['C8:2B:96:0A:11:06', 'c8:2b:96:0a:11:06'],
    ]);
    expect(c.beaconNodes[5]).toEqual({
      id: 'C8:2B:96:0A:11:06',
      key: 'c8:2b:96:0a:11:06',
      coordinates: [4.8, 2.7, 6.0],
      name: null,
      floor: null,
      refPower: null,
      attenuation: null,
      distanceScale: null,
    });
    expect([c.rssiModel, c.deviceHeight, c.maxReadingAge]).toEqual([DEFAULT_RSSI_MODEL, 1.0, 30]);
  });

  it('reads numeric floor ids as text, in file order', () => {
    const c = config(`
floors:
  1: {height: 5}
  0: {height: 2.5}
rooms:
  hall: {floor: 0, boundaries: [[0, 0], [1, 0], [1, 1]]}
moving_entities:
  beacon_nodes:
    "11:22:33:44:55:66": {coordinates: [0, 0, 1], floor: 1}
`);
    expect(c.floors.map((f) => f.id)).toEqual(['1', '0']);
    expect(c.rooms[0]?.floor).toBe('0');
    expect(c.beaconNodes[0]?.floor).toBe('1');
  });

  it('keeps MAC-like keys as text even under a YAML 1.1 directive', () => {
    // YAML 1.1 would read an unquoted 11:22:33:44:55:66 as a base-60 number.
    const c = config('%YAML 1.1\n---\nmoving_entities:\n  beacon_nodes:\n    11:22:33:44:55:66: {coordinates: [0, 0, 1]}\n');
    expect(c.beaconNodes[0]?.id).toBe('11:22:33:44:55:66');
  });

  it('reads the extensions', () => {
    const c = config(`
floors: {0: {height: 3}}
moving_entities:
  rssi_model: {ref_power: -60, attenuation: 2.5, noise_db: 5.5, shadowing_share: 0.7}
  device_height: 1.2
  max_reading_age: 12
  beacon_nodes:
    office-proxy: {name: Office, floor: 0, ref_power: -62, attenuation: 3.5, distance_scale: 0.8, coordinates: [1, 2, 1]}
    "AA-BB-CC-DD-EE-FF": {coordinates: [0, 0, 1]}
`);
    expect(c.rssiModel).toEqual({ refPower: -60, attenuation: 2.5 });
    expect([c.rssiNoiseDb, c.shadowingShare, c.deviceHeight, c.maxReadingAge]).toEqual([5.5, 0.7, 1.2, 12]);
    expect(c.beaconNodes[0]).toEqual({
      id: 'office-proxy',
      key: 'office-proxy',
      coordinates: [1, 2, 1],
      name: 'Office',
      floor: '0',
      refPower: -62,
      attenuation: 3.5,
      distanceScale: 0.8,
    });
    expect(c.beaconNodes[1]?.key).toBe('aa:bb:cc:dd:ee:ff');
    expect(c.beaconNodes[1]?.distanceScale).toBeNull();
  });

  it('reads proximity thresholds as written, globally and per node', () => {
    const c = config(`
moving_entities:
  proximity: {near: 1, medium: 3}
  beacon_nodes:
    desk: {coordinates: [0, 0, 1], proximity: {near: 0.5}}
    hall: {coordinates: [1, 0, 1]}
    sofa: {coordinates: [2, 0, 1], proximity:}
`);
    expect(c.proximity).toEqual({ near: 1, medium: 3 });
    expect(c.beaconNodes.map((n) => n.proximity)).toEqual([{ near: 0.5 }, undefined, undefined]);
    expect(config('moving_entities:\n  beacon_nodes:\n    n: {coordinates: [0, 0, 1]}\n').proximity).toBeUndefined();
  });

  it('rejects proximity thresholds that are not positive numbers, and warns of unknown keys', () => {
    expect(
      problems(`
moving_entities:
  proximity: {near: 0, far: 9}
  beacon_nodes:
    n1: {coordinates: [0, 0, 1], proximity: {medium: close}}
    n2: {coordinates: [0, 0, 1], proximity: {near: .inf}}
`),
    ).toEqual([
      '3:21 error moving_entities.proximity.near: expected a number greater than 0, got 0',
      '3:24 warning moving_entities.proximity.far: unknown key `far` (ignored)',
      '5:54 error moving_entities.beacon_nodes.n1.proximity.medium: expected a number, got the text "close"',
      '6:52 error moving_entities.beacon_nodes.n2.proximity.near: expected a finite number, got Infinity',
    ]);
  });

  it('needs near below medium once a node\'s thresholds are merged with the global ones and the defaults', () => {
    expect(problems('moving_entities:\n  proximity: {near: 4, medium: 4}\n')).toEqual([
      '2:21 error moving_entities.proximity.near: near (4 m) must be less than medium (4 m)',
    ]);
    expect(problems('moving_entities:\n  proximity: {medium: 1}\n')).toEqual([
      '2:23 error moving_entities.proximity.medium: near (1.5 m, the default) must be less than medium (1 m)',
    ]);
    expect(
      problems(`moving_entities:
  proximity:
    near: 2
  beacon_nodes:
    desk: {coordinates: [0, 0, 1], proximity: {medium: 1.8}}
    sofa: {coordinates: [0, 0, 1], proximity: {near: 5}}
    hall: {coordinates: [0, 0, 1], proximity: {near: 1, medium: 1.5}}
`),
    ).toEqual([
      '5:56 error moving_entities.beacon_nodes.desk.proximity.medium: near (2 m, from moving_entities.proximity on line 3) must be less than medium (1.8 m)',
      '6:54 error moving_entities.beacon_nodes.sofa.proximity.near: near (5 m) must be less than medium (4 m, the default)',
    ]);
    // A node that sets no threshold of its own does not repeat the global problem.
    expect(problems('moving_entities:\n  proximity: {near: 5}\n  beacon_nodes:\n    n: {coordinates: [0, 0, 1], proximity: {}}\n')).toEqual([
      '2:21 error moving_entities.proximity.near: near (5 m) must be less than medium (4 m, the default)',
    ]);
  });

  it('rejects a distance scale or RSSI noise that is not positive', () => {
    expect(
      problems(`
moving_entities:
  rssi_model: {noise_db: 0}
  beacon_nodes:
    n1: {coordinates: [0, 0, 1], distance_scale: -1}
`),
    ).toEqual([
      '3:26 error moving_entities.rssi_model.noise_db: expected a number greater than 0, got 0',
      '5:50 error moving_entities.beacon_nodes.n1.distance_scale: expected a number greater than 0, got -1',
    ]);
  });

  it('rejects a shadowing share outside 0 to 1', () => {
    expect(problems(`moving_entities:\n  rssi_model: {shadowing_share: 1.5}\n`)).toEqual([
      '2:33 error moving_entities.rssi_model.shadowing_share: expected a number of at most 1, got 1.5',
    ]);
    expect(problems(`moving_entities:\n  rssi_model: {shadowing_share: -0.1}\n`)).toEqual([
      '2:33 error moving_entities.rssi_model.shadowing_share: expected a number of at least 0, got -0.1',
    ]);
  });

  it('reads explicit moving entity names in file order and rejects one without a device', () => {
    const c = config(`
moving_entities:
  entities:
    person.bob: {device: " Bob's watch "}
    person.alice: {device: "AA:BB:CC:DD:EE:FF"}
`);
    expect(c.movingEntities).toEqual([
      { entityId: 'person.bob', device: "Bob's watch" },
      { entityId: 'person.alice', device: 'AA:BB:CC:DD:EE:FF' },
    ]);
    expect(problems('moving_entities:\n  entities:\n    person.alice: {name: phone}\n')).toEqual([
      "3:5 error moving_entities.entities[\"person.alice\"]: missing required key `device`",
      "3:20 warning moving_entities.entities[\"person.alice\"].name: unknown key `name` (ignored)",
    ]);
  });

  it('follows aliases', () => {
    const c = config(`
moving_entities:
  beacon_nodes:
    a: {coordinates: &corner [1, 2, 1]}
    b: {coordinates: *corner}
`);
    expect(c.beaconNodes.map((n) => n.coordinates)).toEqual([[1, 2, 1], [1, 2, 1]]);
  });
});

describe('missing, null and empty sections', () => {
  it.each([
    ['an empty file', ''],
    ['a comments-only file', '# nothing here yet\n   # still nothing\n'],
    ['an empty document marker', '---\n'],
    ['a null document', '~\n'],
    ['null sections', 'floors:\nrooms:\nstatic_entities:\nmoving_entities:\n'],
    ['empty sections', 'floors: {}\nrooms: {}\nstatic_entities: {}\nmoving_entities: {}\n'],
    ['null beacon_nodes and rssi_model', 'moving_entities:\n  beacon_nodes:\n  rssi_model:\n'],
    ['empty beacon_nodes', 'moving_entities:\n  beacon_nodes: {}\n'],
    ['only floors', 'floors:\n  ground: {height: 2.4}\n'],
  ])('%s loads as a valid config', (_, text) => {
    const expected = text.startsWith('floors:\n  ground') ? { ...EMPTY, floors: [{ id: 'ground', height: 2.4 }] } : EMPTY;
    expect(config(text)).toEqual(expected);
  });

  it('rejects a top level that is not a mapping', () => {
    expect(problems('- floors\n- rooms\n')).toEqual(['1:1 error : expected a mapping, got a list of 2']);
    expect(problems('floorplan\n')).toEqual(['1:1 error : expected a mapping, got the text "floorplan"']);
  });
});

describe('schema problems', () => {
  it('reports each with its position, key path and what was expected', () => {
    const text = `floors:
  ground:
    height: high
rooms:
  hall:
    floor: ground
    name: 3
    boundaries: [[0, 0], [1, 0, 5], [1, 1]]
  attic:
    boundaries: [[0, 0], [1, 0], [1, 1]]
  cellar:
    name: Cellar
static_entities:
  light.x:
    coordinates: [1, 2]
moving_entities:
  device_height: 0
  rssi_model: {ref_power: -50, attenuation: .inf, colour: red}
  beacon_nodes:
    "AA:BB:CC:DD:EE:FF":
      coordinates: [1, 2, "3"]
    bad:
`;
    expect(problems(text)).toEqual([
      '3:13 error floors.ground.height: expected a number, got the text "high"',
      '7:11 error rooms.hall.name: expected a string, got 3',
      '8:26 error rooms.hall.boundaries[1]: expected exactly 2 numbers [x, y], got 3',
      '9:3 error rooms.attic: missing required key `floor`',
      '11:3 error rooms.cellar: missing required keys `floor`, `boundaries`',
      '15:18 error static_entities["light.x"].coordinates: expected exactly 3 numbers [x, y, z], got 2',
      '17:18 error moving_entities.device_height: expected a number greater than 0, got 0',
      '18:45 error moving_entities.rssi_model.attenuation: expected a finite number, got Infinity',
      '18:51 warning moving_entities.rssi_model.colour: unknown key `colour` (ignored)',
      '21:27 error moving_entities.beacon_nodes["AA:BB:CC:DD:EE:FF"].coordinates[2]: expected a number, got the text "3"',
      '22:5 error moving_entities.beacon_nodes.bad: expected a mapping, got nothing',
    ]);
  });

  it('gives too few boundary points and a missing floor in words', () => {
    expect(problems('rooms:\n  hall:\n    floor: 0\n    boundaries: [[0, 0], [1, 1]]\n')).toEqual([
      '4:17 error rooms.hall.boundaries: expected at least 3 points [x, y], got 2',
    ]);
  });

  it('flags unknown keys as warnings at the key and still loads', () => {
    const result = loadConfigText('floors:\n  ground: {height: 2.4, name: Ground}\nroom:\n  hall: {}\n', 'test.yaml');
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.path}: ${p.message}`)).toEqual([
      '2:25 warning floors.ground.name: unknown key `name` (ignored)',
      '3:1 warning room: unknown key `room` (ignored)',
    ]);
    expect(result.config?.floors).toEqual([{ id: 'ground', height: 2.4 }]);
  });

  it('reports one error per value, not every schema branch', () => {
    expect(problems('moving_entities:\n  beacon_nodes:\n    x: {coordinates: oops}\n')).toEqual([
      '3:22 error moving_entities.beacon_nodes.x.coordinates: expected exactly 3 numbers [x, y, z], got the text "oops"',
    ]);
  });

  it('rejects blank keys', () => {
    expect(problems('rooms:\n  "": {floor: 0, boundaries: [[0, 0], [1, 0], [1, 1]]}\n')).toEqual([
      '2:3 error rooms[""]: expected a key that is not blank',
    ]);
  });
});

describe('YAML problems', () => {
  it('reports a syntax error once, at its position', () => {
    expect(problems('rooms:\n  hall: {floor: 0, boundaries: [[0, 0], [1, 0]\n')).toEqual([
      '3:1 error rooms.hall.boundaries[1]: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports a duplicate key with the first occurrence', () => {
    expect(problems('floors:\n  ground: {height: 2.4}\n  first: {height: 5}\n  ground: {height: 2.5}\n')).toEqual([
      '4:3 error floors.ground: duplicate key `ground` (first defined on line 2)',
    ]);
  });

  it('reports an alias without an anchor', () => {
    expect(problems('moving_entities:\n  beacon_nodes:\n    a: {coordinates: *spot}\n')).toEqual([
      '3:22 error moving_entities.beacon_nodes.a.coordinates: unknown alias `*spot`: no anchor `&spot` before it',
    ]);
  });

  it('stops an alias bomb', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
    ].join('\n');
    const result = loadConfigText(bomb, 'bomb.yaml');
    expect(result.config).toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ severity: 'error', line: 2, column: 8 });
    expect(result.problems[0]?.message).toMatch(/^aliases expand too much/);
  });

  it('reports an unreadable file as an error at 1:1', async () => {
    const result = await loadConfigFile(repoFile('tests/fixtures/no-such-file.yaml'));
    expect(result.config).toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ severity: 'error', line: 1, column: 1, path: '' });
    expect(result.problems[0]?.message).toMatch(/^cannot read file: ENOENT/);
  });
});

describe('semantic problems', () => {
  it('finds a self-intersecting room, naming the edges', () => {
    const text = `floors: {ground: {height: 2.5}}
rooms:
  bow:
    floor: ground
    boundaries:
      - [0, 0]
      - [2, 2]
      - [2, 0]
      - [0, 2]
`;
    expect(problems(text)).toEqual([
      '6:9 error rooms.bow.boundaries[0]: outline crosses itself: edge 0 [0, 0] → [2, 2] meets edge 2 [2, 0] → [0, 2]',
    ]);
  });

  it('finds flat rooms and repeated points', () => {
    const text = `floors: {ground: {height: 2.5}}
rooms:
  line: {floor: ground, boundaries: [[0, 0], [1, 0], [2, 0]]}
  dup: {floor: ground, boundaries: [[0, 0], [1, 0], [1, 0], [1, 1]]}
  closed_twice: {floor: ground, boundaries: [[0, 0], [1, 0], [1, 1], [0, 0], [0, 0]]}
  triangle_closed: {floor: ground, boundaries: [[0, 0], [1, 0], [0, 0]]}
`;
    expect(problems(text)).toEqual([
      '3:37 error rooms.line.boundaries: outline encloses no area (all points are on one line)',
      '4:53 error rooms.dup.boundaries[2]: point [1, 0] repeats the previous point',
      '5:70 error rooms.closed_twice.boundaries[3]: point [0, 0] repeats the first point (only one closing point is allowed)',
      '6:48 error rooms.triangle_closed.boundaries: expected at least 3 distinct points (a repeated closing point does not count)',
    ]);
  });

  it('finds rooms and nodes on unknown floors', () => {
    const text = `floors:
  0: {height: 2.5}
rooms:
  hall: {floor: 1, boundaries: [[0, 0], [1, 0], [1, 1]]}
moving_entities:
  beacon_nodes:
    n1: {coordinates: [0, 0, 1], floor: attic}
`;
    expect(problems(text)).toEqual([
      '4:17 error rooms.hall.floor: unknown floor `1` (floors: 0)',
      '7:41 error moving_entities.beacon_nodes.n1.floor: unknown floor `attic` (floors: 0)',
    ]);
    expect(problems('rooms:\n  hall: {floor: 0, boundaries: [[0, 0], [1, 0], [1, 1]]}\n')).toEqual([
      '2:17 error rooms.hall.floor: unknown floor `0`: no floors are defined',
    ]);
  });

  it('warns about nodes outside every floor, allowing the top ceiling', () => {
    const text = `floors:
  first: {height: 5.4}
  ground: {height: 2.6}
moving_entities:
  beacon_nodes:
    on_top_ceiling: {coordinates: [0, 0, 5.4]}
    on_the_floor: {coordinates: [0, 0, 0]}
    in_the_attic: {coordinates: [0, 0, 5.5]}
    in_the_cellar: {coordinates: [0, 0, -0.5]}
`;
    const result = loadConfigText(text, 'test.yaml');
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.path}: ${p.message}`)).toEqual([
      '8:40 warning moving_entities.beacon_nodes.in_the_attic.coordinates[2]: height 5.5 is outside every floor (0 to 5.4 m); z is measured from the ground',
      '9:41 warning moving_entities.beacon_nodes.in_the_cellar.coordinates[2]: height -0.5 is outside every floor (0 to 5.4 m); z is measured from the ground',
    ]);
    expect(result.config).not.toBeNull();
    // Without floors there are no ranges to be outside of.
    expect(problems('moving_entities:\n  beacon_nodes:\n    n: {coordinates: [0, 0, 99]}\n')).toEqual([]);
  });

  it('finds the same scanner written twice', () => {
    const text = `moving_entities:
  beacon_nodes:
    "AA:BB:CC:DD:EE:FF": # hall
      coordinates: [1, 1, 1]
    "aa-bb-cc-dd-ee-ff": # kitchen
      coordinates: [4, 1, 1]
`;
    expect(problems(text)).toEqual([
      '5:5 error moving_entities.beacon_nodes["aa-bb-cc-dd-ee-ff"]: same scanner as "AA:BB:CC:DD:EE:FF" (line 3): both are aa:bb:cc:dd:ee:ff',
    ]);
  });

  it('finds floors sharing a ceiling, whatever their order', () => {
    expect(problems('floors:\n  first: {height: 5}\n  ground: {height: 2.5}\n  loft: {height: 5}\n')).toEqual([
      '4:18 error floors.loft.height: same ceiling height 5 as floor `first` (line 2); every floor needs its own ceiling',
    ]);
  });
});

describe('the shipped examples', () => {
  it.each(['floorplan/example.yaml', 'floorplan/minimal.yaml'])('%s loads cleanly', (path) => {
    const result = loadConfigText(readFileSync(repoFile(path), 'utf8'), path);
    expect(result.problems).toEqual([]);
    expect(result.config).not.toBeNull();
  });
});
