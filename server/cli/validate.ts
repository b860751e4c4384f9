/** `floorplan validate`: checks floorplan.yaml files and reports every problem with its position. */
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config/load.ts';
import type { LoadResult } from '../config/types.ts';
import { formatProblem, usageError } from './common.ts';

const USAGE = `Usage: floorplan validate FILE [FILE...]

Checks floorplan.yaml files: YAML syntax, the schema (floorplan/floorplan.schema.json),
room outlines, floors and beacon nodes. Prints each problem as
  file:line:column: error|warning: key.path: message
sorted by line, then one summary line per file.

Options:
  -h, --help   show this help

Exit status: 0 when no file has errors (warnings are fine), 1 when any has, 2 on misuse.
`;

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function summary(file: string, { config, problems }: LoadResult): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = count(problems.length - errors, 'warning');
  if (config === null) return `${file}: ${count(errors, 'error')}${problems.length > errors ? `, ${warnings}` : ''}`;
  const contents = [
    count(config.floors.length, 'floor'),
    count(config.rooms.length, 'room'),
    count(config.beaconNodes.length, 'beacon node'),
    count(config.staticEntities.length, 'static entity', 'static entities'),
  ].join(', ');
  return `${file}: OK — ${contents}${problems.length > 0 ? ` (${warnings})` : ''}`;
}

/** `argv` is what follows `validate` on the command line. Returns the exit code. */
export async function runValidate(argv: string[]): Promise<number> {
  let files: string[];
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    files = positionals;
  } catch (err) {
    return usageError('validate', (err as Error).message, USAGE);
  }
  if (files.length === 0) return usageError('validate', 'no file given', USAGE);

  let failed = false;
  for (const file of files) {
    const result = await loadConfigFile(file);
    const lines = result.problems.map(formatProblem);
    lines.push(summary(file, result));
    process.stdout.write(`${lines.join('\n')}\n`);
    if (result.config === null) failed = true;
  }
  return failed ? 1 : 0;
}
