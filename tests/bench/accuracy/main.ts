/**
 * Accuracy harness: runs every scenario through the engine and prints the table.
 *   npm run bench:accuracy                        print
 *   npm run bench:accuracy -- --check             also compare with baseline.json; exit 1 on drift
 *   npm run bench:accuracy -- --update-baseline   also write baseline.json
 * Every run has fixed seeds, so the same code gives the same figures and the guard is not flaky.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { baselineOf, compare, RELATIVE_TOLERANCE, type Baseline } from './drift.ts';
import { formatTable } from './report.ts';
import { runAll } from './runs.ts';

const BASELINE = fileURLToPath(new URL('./baseline.json', import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean' }, 'update-baseline': { type: 'boolean' } } });
  const started = performance.now();
  const runs = await runAll();
  console.log(formatTable(runs));
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);

  const current = baselineOf(runs);
  if (values['update-baseline']) {
    writeFileSync(BASELINE, `${JSON.stringify(current, null, 2)}\n`);
    console.log(`\nbaseline written: ${BASELINE}`);
  }
  if (!values.check) return 0;
  const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline;
  const drifts = compare(baseline, current);
  if (drifts.length === 0) {
    console.log(`\ndrift check: no figure worse than the baseline by more than ${RELATIVE_TOLERANCE * 100}%`);
    return 0;
  }
  console.log(`\ndrift check FAILED: ${drifts.length} figure(s) worse than the baseline by more than ${RELATIVE_TOLERANCE * 100}%:`);
  for (const d of drifts) console.log(`  ${d.run} ${d.figure}: ${d.baseline} -> ${d.current ?? 'missing'}`);
  return 1;
}

process.exitCode = await main();
