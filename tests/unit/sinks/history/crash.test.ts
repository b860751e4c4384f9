/**
 * kill -9 in the middle of writes: after each kill the file opens, passes SQLite's integrity check,
 * and holds every position the killed writer had reported committed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../../server/sinks/history/store.ts';
import { ROOT } from '../../../support/cli.ts';
import { WRITER_START } from '../../../support/history-writer.ts';

const WRITER = join(ROOT, 'tests', 'support', 'history-writer.ts');
const KILLS = 5;

/** Starts the writer, lets it commit for a while, kills it with SIGKILL; the last time it reported committed. */
function writeThenKill(file: string, commits: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { cwd: ROOT });
    let last = -1;
    let seen = 0;
    let buffered = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (buffered + chunk).split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        last = Number(line);
        if (++seen === commits) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => (signal === 'SIGKILL' ? resolve(last) : reject(new Error(`the writer ended by itself (${code}): ${stderr}`))));
  });
}

describe('the history after kill -9 during writes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floorplan-crash-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(`opens intact with every reported commit, ${KILLS} times over`, async () => {
    const file = join(dir, 'history.sqlite');
    for (let kill = 0; kill < KILLS; kill++) {
      // Commits of 500 positions each: kills land at a different point of a write each time.
      const committed = await writeThenKill(file, 20 + kill * 37);
      const store = HistoryStore.open({ file, names: false, log: () => {} });
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const kept = store.db.prepare('SELECT count(*) FROM positions WHERE t <= ?').pluck().get(committed);
      expect(kept).toBe(committed - WRITER_START + 1);
      store.close(committed);
    }
  }, 60_000);
});
