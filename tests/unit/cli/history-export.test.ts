/** `floorplan history export` as a child process, on a history written through the store. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../server/sinks/history/store.ts';
import { cli } from '../../support/cli.ts';

const T0 = Date.parse('2026-06-02T08:00:00Z') / 1000;

describe('floorplan history export', () => {
  let named: string;
  let hashed: string;
  let hash: string;
  beforeAll(async () => {
    named = await mkdtemp(join(tmpdir(), 'floorplan-export-'));
    hashed = await mkdtemp(join(tmpdir(), 'floorplan-export-'));
    for (const [dir, names] of [[named, true], [hashed, false]] as const) {
      const store = HistoryStore.open({ file: join(dir, 'history.sqlite'), names, log: () => {} });
      const alice = { entityId: 'person.alice', name: 'Smith, Alice' };
      store.addTransition({ t: T0, subject: alice, home: true, room: 'kitchen', floor: 'ground' });
      store.addTransition({ t: T0 + 60.5, subject: alice, home: false, room: null, floor: null });
      for (let i = 0; i < 3; i++) store.addPosition({ t: T0 + i, subject: alice, x: 8 + i / 4, y: 6.5, floor: 'ground' });
      store.flush();
      store.close(T0 + 120);
      hash = store.hash(alice.entityId);
    }
  });
  afterAll(async () => {
    await rm(named, { recursive: true, force: true });
    await rm(hashed, { recursive: true, force: true });
  });

  it('writes transitions as CSV with a header, ISO times and quoted fields', async () => {
    const { code, stdout } = await cli(['history', 'export', '--state-dir', named]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'time,subject,name,state,room,floor',
        '2026-06-02T08:00:00.000Z,person.alice,"Smith, Alice",home,kitchen,ground',
        '2026-06-02T08:01:00.500Z,person.alice,"Smith, Alice",away,,',
        // The sidecar stopped: not known from then.
        '2026-06-02T08:02:00.000Z,person.alice,"Smith, Alice",unknown,,',
        '',
      ].join('\n'),
    );
  });

  it('writes positions within --from and --to, with hashed subjects when names are off', async () => {
    const { code, stdout } = await cli(['history', 'export', '--state-dir', hashed, '--kind', 'positions', '--from', '2026-06-02T10:00:01+02:00', '--to', '2026-06-02T08:00:02Z']);
    expect(code).toBe(0);
    expect(stdout).toBe(`time,subject,name,x,y,floor\n2026-06-02T08:00:01.000Z,device:${hash.slice(0, 8)},Unknown device,8.25,6.5,ground\n`);
  });

  it('names a wrong option and a missing file', async () => {
    const wrong = await cli(['history', 'export', '--kind', 'rooms']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^floorplan history export: --kind must be one of transitions, positions, got "rooms"/);
    const missing = await cli(['history', 'export', '--state-dir', join(named, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`floorplan history export: cannot read ${join(named, 'nowhere', 'history.sqlite')}: Cannot open database because the directory does not exist\n`);
  });
});
