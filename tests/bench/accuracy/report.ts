/** The plain-text table of all runs, with targets, published figures and the data's attribution. */
import { KOLAKOWSKI_ATTRIBUTION } from './kolakowski.ts';
import { COVERAGE_BAND, type RunResult, type Target } from './results.ts';

const metres = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '—');
const percent = (v: number | null): string => (v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);
const BAND = `${Math.round(COVERAGE_BAND.min * 100)}–${Math.round(COVERAGE_BAND.max * 100)}%`;

const TARGET_NAMES: Record<Target['figure'], string> = {
  median: 'median',
  p90: 'p90',
  p95: 'p95',
  wrongRoom: 'room',
  floorFlips: 'flips',
};

function targetValue(run: RunResult, figure: Target['figure']): number {
  return figure === 'floorFlips' ? (run.floorFlips ?? NaN) : (run.figures[figure] ?? NaN);
}

/** Each target with its verdict; the coverage band applies to every run. */
function verdicts(run: RunResult): string {
  const parts = run.targets.map(({ figure, max }) => {
    const ok = targetValue(run, figure) <= max;
    const limit = figure === 'wrongRoom' ? percent(max) : String(max);
    return `${TARGET_NAMES[figure]}≤${limit} ${ok ? 'ok' : 'FAIL'}`;
  });
  const c = run.figures.coverage;
  parts.push(`1σ ${BAND} ${c >= COVERAGE_BAND.min && c <= COVERAGE_BAND.max ? 'ok' : 'FAIL'}`);
  return parts.join(', ');
}

const COLUMNS = ['run', 'seeds', 'n', 'median', 'p90', 'p95', 'p95 all', 'room ✗', 'room ⇄', 'floor ✗', 'flips', '1σ cov', 'targets', 'published'];

export function formatTable(runs: readonly RunResult[]): string {
  const rows = runs.map((run) => {
    const f = run.figures;
    return [
      run.label,
      String(run.seeds),
      String(f.n),
      metres(f.median),
      metres(f.p90),
      metres(f.p95),
      metres(f.pooledP95),
      percent(f.wrongRoom),
      f.roomChanges === null ? '—' : `${f.roomChanges.toFixed(2)}×`,
      percent(f.wrongFloor),
      run.floorFlips === null ? '—' : String(run.floorFlips),
      percent(f.coverage),
      verdicts(run),
      run.reference,
    ];
  });
  const widths = COLUMNS.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i]!.length)));
  // Text columns left-aligned, figures right-aligned.
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 || i >= COLUMNS.length - 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join(' | ')
      .trimEnd();
  // Only where it shows at the table's precision.
  const roomless = runs.flatMap(({ label, figures: f }) => (f.roomless !== null && f.roomless >= 0.0005 ? [`${label} ${percent(f.roomless)}`] : []));
  const missing = runs.flatMap(({ label, figures: f }) => (f.missing > 0 ? [`${label}: ${f.missing} fixes without a position`] : []));
  return [
    line(COLUMNS),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'Horizontal error in metres. median, p90, p95: median over seeds of each seed\'s figure; p95 all: over all fixes;',
    'room ✗, floor ✗: share of fixes in the wrong room / on the wrong floor (floor only while on a floor, not on the stairs);',
    'room ⇄: changes of the reported room over changes of the true room (above 1: flapping);',
    'flips: a fix leaving the true floor while the walker stays on it; 1σ cov: share of fixes whose true position is within Fix.accuracy.',
    ...(roomless.length > 0 ? [`Of room ✗, fixes outside every room: ${roomless.join('; ')}.`] : []),
    ...missing,
    KOLAKOWSKI_ATTRIBUTION,
  ].join('\n');
}
