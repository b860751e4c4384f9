import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../../server/config/load.ts';
import type { FloorplanConfig } from '../../../server/config/types.ts';
import { callService, SERVICE_NAMES, type ServiceHost } from '../../../server/services/dispatch.ts';
import type { StatsSummary } from '../../../server/sinks/card/messages.ts';
import { History } from '../../../server/sinks/history/history.ts';
import type { CurrentSubject } from '../../../server/sinks/history/recorder.ts';
import { serviceError } from '../../support/service-error.ts';

const ALICE: CurrentSubject = { entityId: 'person.alice', name: 'Alice', home: true, room: 'kitchen', floor: 'ground', coordinates: [8, 6, 1] };

describe('the stats request', () => {
  let dir: string;
  let config: FloorplanConfig;
  let clock: number;
  let logs: string[];
  let history: History | null;
  const host = (stats: ServiceHost['historyStats']): ServiceHost =>
    ({ historyStats: stats, store: { config } }) as unknown as ServiceHost;
  const open = (folder: string): History => History.open(folder, { retentionDays: 30, names: false }, { now: () => clock, log: (m) => logs.push(m) })!;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floorplan-stats-request-'));
    config = (await loadConfigFile('floorplan/example.yaml')).config!;
    clock = Date.parse('2026-06-02T10:00:00Z') / 1000;
    logs = [];
    history = null;
  });
  afterEach(async () => {
    history?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the summary of the host history, and is not a Home Assistant service', async () => {
    history = open(dir);
    history.record([ALICE]);
    clock += 90;
    history.record([{ ...ALICE, room: 'hall', coordinates: [6, 4, 1] }]);
    clock += 30;
    const summary = (await callService(host((range) => history!.summary(range, { timeZone: 'UTC', config, subjects: [ALICE] })), 'stats_summary', { range: 'today' })) as StatsSummary;
    expect(SERVICE_NAMES).not.toContain('stats_summary');
    expect(summary.dwell).toEqual([{ entity_id: 'person.alice', name: 'Alice', rooms: [{ room: 'kitchen', name: 'Kitchen', seconds: 90 }, { room: 'hall', name: 'Hall and stairs', seconds: 30 }] }]);
    expect(summary.heatmap.find((h) => h.floor === 'ground')!.counts.reduce((a, b) => a + b)).toBe(2);
    expect(history.status()).toMatchObject({ ok: true, file: join(dir, 'history.sqlite'), retention_days: 30, names: false, transitions: 2, positions: 2 });
  });

  it('names a wrong range, and says when there is no history', async () => {
    const none = host(() => null);
    expect((await serviceError(callService(none, 'stats_summary', { range: 'month' }))).message).toBe('`range` must be one of today, week, got "month"');
    expect((await serviceError(callService(none, 'stats_summary', {}))).message).toBe('missing required field `range`');
    for (const off of [none, host(undefined)]) {
      const err = await serviceError(callService(off, 'stats_summary', { range: 'week' }));
      expect(err.code).toBe('failed');
      expect(err.message).toMatch(/^the history is off/);
    }
  });

  it('runs without history when its file cannot be opened, and says why in the status and the answer', async () => {
    const notAFolder = join(dir, 'file');
    await writeFile(notAFolder, '');
    history = open(notAFolder);
    history.record([ALICE]);
    expect(history.status()).toMatchObject({ ok: false, error: expect.stringMatching(/^EEXIST: /) as unknown, transitions: 0 });
    expect(logs).toEqual([expect.stringMatching(/^history: cannot open .*; running without history$/)]);
    const err = await serviceError(callService(host((range) => history!.summary(range, { timeZone: 'UTC', config, subjects: [] })), 'stats_summary', { range: 'today' }));
    expect(err.message).toMatch(/^stats_summary failed: the history database .* could not be opened/);
  });
});
