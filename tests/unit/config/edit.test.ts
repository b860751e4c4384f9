import { lstat, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigEditError, editConfigFile, editConfigText, InvalidEditError, updateNodeFields } from '../../../server/config/edit.ts';
import { loadConfigText } from '../../../server/config/load.ts';

const EXAMPLE = await readFile(new URL('../../../floorplan/example.yaml', import.meta.url), 'utf8');
const BROKEN = await readFile(new URL('../../fixtures/broken-floorplan.yaml', import.meta.url), 'utf8');
const NODES = ['moving_entities', 'beacon_nodes'];

/** `text` with `from` replaced once, failing loudly if `from` is not there exactly once. */
function replaced(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

describe('editConfigText', () => {
  it('changes only the edited values and adds missing keys after the node’s last key', () => {
    const out = editConfigText(EXAMPLE, [
      { path: [...NODES, 'D4:8A:FC:10:00:01'], value: { ref_power: -61.2, attenuation: 2.75 } },
      { path: [...NODES, 'E8-31-CD-20-00-03'], value: { attenuation: 3.2, name: 'Bath' } },
      { path: [...NODES, 'office-proxy'], value: { ref_power: -58, coordinates: [0.5, 7.5, 3.6], distance_scale: 1.1 } },
    ]);
    let expected = replaced(
      EXAMPLE,
      '      name: Living room shelf\n      coordinates: [0.4, 0.4, 1.0]\n',
      '      name: Living room shelf\n      coordinates: [0.4, 0.4, 1.0]\n      ref_power: -61.2\n      attenuation: 2.75\n',
    );
    expected = replaced(expected, '      name: Bathroom\n', '      name: Bath\n');
    expected = replaced(expected, 'attenuation: 3.5 # tiles and water', 'attenuation: 3.2 # tiles and water');
    expected = replaced(expected, 'ref_power: -62 # weaker antenna', 'ref_power: -58 # weaker antenna');
    expected = replaced(
      expected,
      '      coordinates: [0.3, 7.7, 3.6]\n',
      '      coordinates: [0.5, 7.5, 3.6]\n      distance_scale: 1.1\n',
    );
    expect(out).toBe(expected);
  });

  it('keeps block lists, flow mappings, quoting and CRLF line ends', () => {
    const text = [
      'moving_entities:',
      '  beacon_nodes:',
      "    'aa-bb-cc-dd-ee-01': {coordinates: [0, 0, 1], name: 'Hall'}   # flow",
      '    kitchen:',
      '      coordinates:',
      '        - 1    # x',
      '        - 2',
      '        - 2.5',
      '      name: "Kitchen"',
      '',
    ].join('\r\n');
    const out = editConfigText(text, [
      { path: [...NODES, 'aa-bb-cc-dd-ee-01'], value: { name: 'Hall 2', distance_scale: 0.9 } },
      { path: [...NODES, 'kitchen'], value: { coordinates: [1.5, 2, 2.5], name: 'Kitchen 2', ref_power: -60 } },
    ]);
    expect(out).toBe(
      [
        'moving_entities:',
        '  beacon_nodes:',
        "    'aa-bb-cc-dd-ee-01': {coordinates: [0, 0, 1], name: 'Hall 2', distance_scale: 0.9}   # flow",
        '    kitchen:',
        '      coordinates:',
        '        - 1.5    # x',
        '        - 2',
        '        - 2.5',
        '      name: "Kitchen 2"',
        '      ref_power: -60',
        '',
      ].join('\r\n'),
    );
  });

  it('replaces a block list of another length by a flow list, keeping the comment after its key', () => {
    const text = [
      'rooms:',
      '  hall:',
      '    boundaries:   # clockwise',
      '      # from the door',
      '      - [0, 0]',
      '      - [2, 0]   # stairs',
      '      - [2, 3]',
      '    floor: ground',
      'floors: {ground: {height: 2.5}}',
      '',
    ].join('\n');
    const corner = [0, 0];
    const out = editConfigText(text, [{ path: ['rooms', 'hall'], value: { boundaries: [corner, [2, 0], [2, 3], [0, 3], corner] } }]);
    // The repeated corner is written out, not as an anchor and alias.
    expect(out).toBe(
      ['rooms:', '  hall:', '    boundaries: [[0, 0], [2, 0], [2, 3], [0, 3], [0, 0]]   # clockwise', '    floor: ground', 'floors: {ground: {height: 2.5}}', ''].join('\n'),
    );
  });

  it('adds a section to a mapping that lacks it', () => {
    const out = editConfigText(EXAMPLE, [{ path: ['moving_entities', 'rssi_model'], value: { noise_db: 5 } }]);
    expect(out).toBe(replaced(EXAMPLE, '    attenuation: 3\n', '    attenuation: 3\n    noise_db: 5\n'));
    expect(loadConfigText(out, 'x').config?.rssiNoiseDb).toBe(5);
  });

  it('removes a block entry with its trailing comment, keeping the comments around it', () => {
    const out = editConfigText(EXAMPLE, [{ path: [...NODES, 'D4:8A:FC:10:00:02'], remove: true }]);
    expect(out).toBe(
      replaced(EXAMPLE, '    "D4:8A:FC:10:00:02": # dining room, top of the dresser\n      name: Dining room\n      coordinates: [0.3, 7.6, 2.2]\n', ''),
    );
    expect(loadConfigText(out, 'x').config?.beaconNodes.map((n) => n.id)).not.toContain('D4:8A:FC:10:00:02');
  });

  it('removes flow entries wherever they sit, and the last one leaves an empty section', () => {
    const text = 'moving_entities:\n  beacon_nodes: {a: {coordinates: [0, 0, 1]}, b: {coordinates: [1, 0, 1]}, c: {coordinates: [2, 0, 1]}}\n';
    const middle = editConfigText(text, [{ path: [...NODES, 'b'], remove: true }]);
    expect(middle).toBe('moving_entities:\n  beacon_nodes: {a: {coordinates: [0, 0, 1]}, c: {coordinates: [2, 0, 1]}}\n');
    const last = editConfigText(middle, [{ path: [...NODES, 'c'], remove: true }]);
    expect(last).toBe('moving_entities:\n  beacon_nodes: {a: {coordinates: [0, 0, 1]}}\n');
    expect(editConfigText(last, [{ path: [...NODES, 'a'], remove: true }])).toBe('moving_entities:\n  beacon_nodes: {}\n');
    const block = 'moving_entities:\n  beacon_nodes:\n    a:\n      coordinates: [0, 0, 1]\n';
    expect(loadConfigText(editConfigText(block, [{ path: [...NODES, 'a'], remove: true }]), 'x').config?.beaconNodes).toEqual([]);
    expect(() => editConfigText(block, [{ path: [...NODES, 'zz'], remove: true }])).toThrow('moving_entities.beacon_nodes.zz: not in the file');
  });

  it('creates the sections a new entry needs when asked to, whatever the file already has', () => {
    const add = { path: [...NODES, 'AA:BB:CC:DD:EE:01'], value: { coordinates: [1, 2, 1] }, create: true };
    const expectNode = (text: string) =>
      expect(loadConfigText(editConfigText(text, [add]), 'x').config?.beaconNodes.map((n) => [n.key, n.coordinates])).toContainEqual([
        'aa:bb:cc:dd:ee:01',
        [1, 2, 1],
      ]);
    expectNode('');
    expectNode('# my house\n');
    expectNode('floors:\n  ground: {height: 2.5}\n');
    expectNode('moving_entities:\n  device_height: 1.2\n');
    expectNode('moving_entities:\n  beacon_nodes:\n');
    expect(editConfigText('# my house\nfloors:\n  ground: {height: 2.5} # one floor\n', [add])).toBe(
      '# my house\nfloors:\n  ground: {height: 2.5} # one floor\nmoving_entities: {beacon_nodes: {"AA:BB:CC:DD:EE:01": {coordinates: [1, 2, 1]}}}\n',
    );
    const example = editConfigText(EXAMPLE, [add]);
    expect(example.startsWith(EXAMPLE.slice(0, EXAMPLE.indexOf('    office-proxy:')))).toBe(true);
    expectNode(EXAMPLE);
  });

  it('refuses a broken file, a missing node, and a result that would not load', () => {
    expect(() => editConfigText(BROKEN, [{ path: [...NODES, 'AA:BB:CC:DD:EE:01'], value: { ref_power: -60 } }], 'b.yaml')).toThrow(
      /^not editing b\.yaml: it has errors; fix them first: rooms\.hall\.floor: unknown floor `basement` .*\(and 1 more\) \(b\.yaml line 7\)$/,
    );
    expect(() => editConfigText(EXAMPLE, [{ path: [...NODES, 'd4:8a:fc:10:00:01'], value: { ref_power: -60 } }])).toThrow(
      'moving_entities.beacon_nodes["d4:8a:fc:10:00:01"]: not in the file',
    );
    expect(() => editConfigText(EXAMPLE, [{ path: [...NODES, 'office-proxy'], value: { distance_scale: -1 } }])).toThrow(
      /^not saved: the result would not load: moving_entities\.beacon_nodes\["office-proxy"\]\.distance_scale: expected a number greater than 0.* line \d+\)$/,
    );
    // Only the last is the caller's wrong value rather than the file's state.
    const refusal = (text: string, value: object): unknown => {
      try {
        return editConfigText(text, [{ path: [...NODES, 'office-proxy'], value }]);
      } catch (err) {
        return err;
      }
    };
    expect(refusal(EXAMPLE, { distance_scale: -1 })).toBeInstanceOf(InvalidEditError);
    expect(refusal(BROKEN, { distance_scale: 1 })).toBeInstanceOf(ConfigEditError);
    expect(refusal(BROKEN, { distance_scale: 1 })).not.toBeInstanceOf(InvalidEditError);
  });
});

describe('editConfigFile', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floorplan-edit-'));
    file = join(dir, 'floorplan.yaml');
    await writeFile(file, EXAMPLE, { mode: 0o640 });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the file atomically, keeping its mode and leaving no temp file', async () => {
    const text = await updateNodeFields(file, 'office-proxy', { ref_power: -60 });
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(text).toBe(replaced(EXAMPLE, 'ref_power: -62 #', 'ref_power: -60 #'));
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['floorplan.yaml']);
  });

  it('writes through a symlink to the real file', async () => {
    const link = join(dir, 'link.yaml');
    await symlink(file, link);
    await updateNodeFields(link, 'office-proxy', { ref_power: -60 });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(file, 'utf8')).toContain('ref_power: -60 #');
  });

  it('refuses, leaving the file untouched, when it is broken or changed since it was read', async () => {
    await writeFile(file, BROKEN);
    const before = await stat(file);
    await expect(updateNodeFields(file, 'AA:BB:CC:DD:EE:01', { ref_power: -60 })).rejects.toThrow(ConfigEditError);
    expect(await readFile(file, 'utf8')).toBe(BROKEN);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);

    await writeFile(file, EXAMPLE);
    const edit = [{ path: [...NODES, 'office-proxy'], value: { ref_power: -60 } }];
    await expect(editConfigFile(file, edit, { expectedText: `${EXAMPLE}# edited meanwhile\n` })).rejects.toThrow(
      'changed on disk since it was read',
    );
    expect(await readFile(file, 'utf8')).toBe(EXAMPLE);
    expect(await readdir(dir)).toEqual(['floorplan.yaml']);
  });
});
