/**
 * The crash-durability test's child (tests/unit/sinks/history/crash.test.ts): writes positions and
 * transitions through the history store as fast as it can, and after each commit prints the time
 * of the last position committed, until it is killed.
 *   node --import tsx tests/support/history-writer.ts FILE
 */
import { HistoryStore } from '../../server/sinks/history/store.ts';

export const WRITER_SUBJECT = { entityId: 'person.crash_test', name: 'Crash test' };
export const WRITER_START = 1_780_000_000;
const BATCH = 500;

async function main(file: string): Promise<void> {
  const store = HistoryStore.open({ file, names: false, log: (m) => process.stderr.write(`${m}\n`) });
  let t = (store.db.prepare('SELECT max(t) FROM positions').pluck().get() as number | null) ?? WRITER_START - 1;
  for (;;) {
    for (let i = 0; i < BATCH; i++) store.addPosition({ t: ++t, subject: WRITER_SUBJECT, x: (t % 1000) / 100, y: 1, floor: 'ground' });
    store.addTransition({ t, subject: WRITER_SUBJECT, home: true, room: t % 2 === 0 ? 'kitchen' : 'hall', floor: 'ground' });
    if (!store.flush()) process.exit(1);
    process.stdout.write(`${t}\n`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// Only when run as the child: the test imports the constants above.
if (process.argv[1] === import.meta.filename) void main(process.argv[2]!);
