import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore, fileSource } from '../../../server/config/store.ts';
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { STALE_REVISION } from '../../../server/services/card-requests.ts';
import { callService, SERVICE_NAMES, type ServiceHost } from '../../../server/services/dispatch.ts';
import type { ServiceError } from '../../../server/services/errors.ts';
import type { CardLayout, CardPositions, PlanEdit } from '../../../server/sinks/card/messages.ts';
import { idleCalibration } from '../../support/calibration.ts';
import { serviceError } from '../../support/service-error.ts';

const PLAN = `# My house
floors:
  ground: {height: 2.6}   # downstairs
  first: {height: 5.4}

rooms:
  kitchen:
    name: Kitchen        # where the coffee is
    floor: ground
    area: kitchen
    boundaries:
      - [0, 0]
      - [4, 0]   # by the window
      - [4, 3]
      - [0, 3]
      - [0, 0]   # closed
  hall: {floor: ground, boundaries: [[4, 0], [6, 0], [6, 3], [4, 3]]}  # narrow
  bedroom:
    floor: first
    name: Bedroom
    boundaries: [[0, 0], [4, 0], [4, 3], [0, 3]]

moving_entities:
  beacon_nodes:
    "AA:00:00:00:00:01": {coordinates: [0.2, 0.2, 2.4]}   # kitchen corner
    hall-proxy:
      name: Hall
      coordinates: [5, 1.5, 2.2]   # above the door
    "AA:00:00:00:00:03": {coordinates: [3.8, 2.8, 4.8]}   # bedroom
`;
const POSITIONS: CardPositions = { entities: [], nodes_heard: { 'AA:00:00:00:00:01': null }, timestamp: '2026-11-21T09:31:00.000Z' };

describe('the card\'s requests', () => {
  let dir: string;
  let file: string;
  let writes: number;
  let applied: FloorplanConfig[];
  let host: ServiceHost;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floorplan-card-'));
    file = join(dir, 'floorplan.yaml');
    await writeFile(file, PLAN);
    const source = fileSource(file);
    writes = 0;
    const store = new ConfigStore({ ...source, write: (text, previous) => (writes++, source.write(text, previous)) });
    await store.load();
    applied = [];
    host = {
      store,
      queryContext: () => ({ config: store.config, movingEntities: new Map(), now: 0 }),
      configChanged: (config) => void applied.push(config),
      status: () => ({}),
      enableSensors: async () => ({ enabled: [] }),
      cardPositions: () => POSITIONS,
      unplacedScanners: () => [{ id: 'BB:00:00:00:00:09', name: 'Garage proxy' }],
      calibration: idleCalibration(store),
    };
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const layout = async (): Promise<CardLayout> => (await callService(host, 'card_layout', {})) as CardLayout;
  const edit = async (edits: unknown, revision?: string): Promise<CardLayout> =>
    (await callService(host, 'card_edit', { revision: revision ?? (await layout()).revision, edits })) as CardLayout;
  const refusal = (edits: unknown, revision?: string): Promise<ServiceError> => serviceError(edit(edits, revision));
  /** `text` with each [from, to] replaced, each `from` found exactly once. */
  const replaced = (text: string, ...replacements: [string, string][]): string =>
    replacements.reduce((out, [from, to]) => {
      expect(out.split(from)).toHaveLength(2);
      return out.replace(from, to);
    }, text);

  it('answers the layout and the positions, though they are not Home Assistant services', async () => {
    expect(SERVICE_NAMES).not.toContain('card_layout');
    expect((await layout()).unplaced_scanners).toEqual([{ id: 'BB:00:00:00:00:09', name: 'Garage proxy' }]);
    expect((await layout()).nodes.map((n) => n.id)).toEqual(['AA:00:00:00:00:01', 'hall-proxy', 'AA:00:00:00:00:03']);
    expect(await callService(host, 'card_positions', {})).toBe(POSITIONS);
  });

  it('writes all edits at once, changing only what they change and keeping comments and key order', async () => {
    const before = await layout();
    const edits: PlanEdit[] = [
      // Any spelling of a node's MAC names it; numbers are kept to the millimetre.
      { op: 'set_node', id: 'aa-00-00-00-00-01', coordinates: [0.5004, 0.2, 2.4] },
      { op: 'set_node', id: 'hall-proxy', coordinates: [5, 1.5, 2.2], name: 'Hallway' },
      { op: 'set_node', id: 'BB:00:00:00:00:09', coordinates: [1, 1, 2.5], name: 'Garage' },
      { op: 'remove_node', id: 'AA:00:00:00:00:03' },
      // Same number of corners: the block outline is edited point by point, still closed.
      { op: 'set_room', id: 'kitchen', floor: 'ground', boundaries: [[0, 0], [4.5, 0], [4, 3], [0, 3]], name: 'Kitchen', area: null },
      { op: 'set_room', id: 'hall', floor: 'ground', boundaries: [[4, 0], [6, 0], [6, 3], [5, 3.5], [4, 3]] },
      { op: 'set_room', id: 'bedroom', floor: 'first', boundaries: [[0, 0], [4, 0], [4, 3], [0, 3]], name: null },
      { op: 'set_room', id: 'landing', floor: 'first', boundaries: [[4, 0], [6, 0], [6, 3], [4, 3]], name: 'Landing' },
    ];
    const after = await edit(edits, before.revision);
    expect(writes).toBe(1);
    expect(await readFile(file, 'utf8')).toBe(
      replaced(
        PLAN,
        ['    area: kitchen\n', ''],
        ['- [4, 0]   # by the window', '- [4.5, 0]   # by the window'],
        ['[6, 3], [4, 3]]}  # narrow', '[6, 3], [5, 3.5], [4, 3]]}  # narrow'],
        ['    name: Bedroom\n', ''],
        ['[0, 3]]\n\n', '[0, 3]]\n  landing: {name: Landing, floor: first, boundaries: [[4, 0], [6, 0], [6, 3], [4, 3]]}\n\n'],
        ['{coordinates: [0.2, 0.2, 2.4]}', '{coordinates: [0.5, 0.2, 2.4]}'],
        ['name: Hall\n', 'name: Hallway\n'],
        ['    "AA:00:00:00:00:03": {coordinates: [3.8, 2.8, 4.8]}   # bedroom\n', '    "BB:00:00:00:00:09": {name: Garage, coordinates: [1, 1, 2.5]}\n'],
      ),
    );
    // The new plan is in use and answered.
    expect(applied).toHaveLength(1);
    expect(after.revision).not.toBe(before.revision);
    expect(after).toEqual(await layout());
    expect(after.rooms.find((r) => r.id === 'kitchen')).toMatchObject({ area: null, boundaries: [[0, 0], [4.5, 0], [4, 3], [0, 3]] });
    expect(after.rooms.find((r) => r.id === 'bedroom')!.name).toBe('bedroom');
  });

  it('rewrites an outline that gains corners as one flow list, and removes rooms', async () => {
    await edit([
      { op: 'set_room', id: 'kitchen', floor: 'ground', boundaries: [[0, 0], [4, 0], [4, 3], [2, 3.5], [0, 3]] },
      { op: 'remove_room', id: 'bedroom' },
    ]);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(`    area: kitchen
    boundaries: [[0, 0], [4, 0], [4, 3], [2, 3.5], [0, 3], [0, 0]]
  hall:`);
    expect(text).not.toContain('  bedroom:');
  });

  it('writes nothing when the edits change nothing', async () => {
    const before = await layout();
    const same = await edit([{ op: 'set_room', id: 'kitchen', floor: 'ground', boundaries: [[0, 0], [4, 0], [4, 3], [0, 3]], name: 'Kitchen', area: 'kitchen' }]);
    expect(same).toEqual(before);
    expect([writes, applied.length]).toEqual([0, 0]);
  });

  it('refuses an edit the configuration checks reject, with their message, leaving the file as it was', async () => {
    const crossing = await refusal([{ op: 'set_room', id: 'hall', floor: 'ground', boundaries: [[4, 0], [6, 3], [6, 0], [4, 3]] }]);
    expect(crossing.code).toBe('invalid');
    expect(crossing.message).toMatch(/^not saved: the result would not load: rooms\.hall\.boundaries\[0\]: outline crosses itself: edge 0 \[4, 0\] → \[6, 3\] meets edge 2.*line 17\)$/);
    const attic = await refusal([{ op: 'set_room', id: 'attic', floor: 'attic', boundaries: [[0, 0], [1, 0], [1, 1]] }]);
    expect(attic.message).toMatch(/rooms\.attic\.floor: unknown floor `attic` \(floors: ground, first\) \(.*line 22\)$/);
    expect(await readFile(file, 'utf8')).toBe(PLAN);
    expect([writes, applied.length]).toEqual([0, 0]);
  });

  it('refuses edits of a plan that changed since the editor loaded it', async () => {
    const old = (await layout()).revision;
    await edit([{ op: 'remove_node', id: 'hall-proxy' }]);
    const text = await readFile(file, 'utf8');
    const stale = await refusal([{ op: 'remove_node', id: 'AA:00:00:00:00:01' }], old);
    expect([stale.code, stale.message]).toEqual(['invalid', STALE_REVISION]);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('takes two editors saving at once one after the other: the second edited the older plan', async () => {
    const { revision } = await layout();
    const [first, second] = await Promise.allSettled([
      edit([{ op: 'remove_node', id: 'hall-proxy' }], revision),
      edit([{ op: 'remove_room', id: 'hall' }], revision),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'invalid', message: STALE_REVISION } });
    expect(await readFile(file, 'utf8')).toContain('  hall: {floor: ground');
  });

  it.each([
    ['no edits', [], '`edits` must be a non-empty list of plan edits, got []'],
    ['an edit that is no mapping', ['set_node'], '`edits[0]` must be a mapping with `op` and `id`'],
    ['an unknown operation', [{ op: 'move', id: 'x' }], '`edits[0].op` must be one of set_node, remove_node, set_room, remove_room, got "move"'],
    ['a missing id', [{ op: 'remove_room' }], 'missing required field `edits[0].id`'],
    ['bad coordinates', [{ op: 'set_node', id: 'n', coordinates: [1, 2] }], '`edits[0].coordinates` must be three numbers [x, y, z] in metres, got [1,2]'],
    [
      'an outline of two points',
      [{ op: 'remove_node', id: 'hall-proxy' }, { op: 'remove_room', id: 'hall' }, { op: 'set_room', id: 'hall2', floor: 'ground', boundaries: [[0, 0], [1, 1]] }],
      '`edits[2].boundaries` must be at least 3 [x, y] points in metres, got [[0,0],[1,1]]',
    ],
    ['an unknown node', [{ op: 'remove_node', id: 'garage' }], 'unknown beacon node `garage` (nodes: AA:00:00:00:00:01, hall-proxy, AA:00:00:00:00:03)'],
    ['an unknown room', [{ op: 'remove_room', id: 'garage' }], 'unknown room `garage` (rooms: kitchen, hall, bedroom)'],
    [
      'one node edited twice',
      [{ op: 'set_node', id: 'AA:00:00:00:00:01', coordinates: [1, 1, 1] }, { op: 'remove_node', id: 'aa-00-00-00-00-01' }],
      '`edits[1]` edits node `aa-00-00-00-00-01` again (after `edits[0]`); send one edit per node',
    ],
  ])('names the field that is wrong: %s', async (_, edits, message) => {
    const err = await refusal(edits);
    expect([err.code, err.message]).toEqual(['invalid', message]);
    expect(await readFile(file, 'utf8')).toBe(PLAN);
  });
});
