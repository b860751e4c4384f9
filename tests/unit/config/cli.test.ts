import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type Captured } from '../../support/capture.ts';
import { runValidate } from '../../../server/cli/validate.ts';

/** Paths as a user in the repository root would type them; they appear verbatim in the output. */
const arg = (path: string): string => relative(process.cwd(), fileURLToPath(new URL(`../../../${path}`, import.meta.url)));

let output: Captured;

beforeEach(() => {
  output = captureOutput();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('floorplan validate', () => {
  it('passes the shipped examples with a summary each', async () => {
    const example = arg('floorplan/example.yaml');
    const minimal = arg('floorplan/minimal.yaml');
    expect(await runValidate([example, minimal])).toBe(0);
    expect(output.stdout).toBe(
      `${example}: OK — 2 floors, 11 rooms, 11 beacon nodes, 3 static entities\n` +
        `${minimal}: OK — 1 floor, 1 room, 3 beacon nodes, 0 static entities\n`,
    );
    expect(output.stderr).toBe('');
  });

  it('prints every problem of a broken file, sorted by line, and exits 1', async () => {
    const broken = arg('tests/fixtures/broken-floorplan.yaml');
    expect(await runValidate([broken])).toBe(1);
    expect(output.stdout.split('\n')).toEqual([
      `${broken}:7:12: error: rooms.hall.floor: unknown floor \`basement\` (floors: ground)`,
      `${broken}:11:18: error: rooms.bow_tie.boundaries[0]: outline crosses itself: edge 0 [0, 0] → [2, 2] meets edge 2 [2, 0] → [0, 2]`,
      `${broken}:16:7: warning: moving_entities.beacon_nodes["AA:BB:CC:DD:EE:01"].colour: unknown key \`colour\` (ignored)`,
      `${broken}: 2 errors, 1 warning`,
      '',
    ]);
  });

  it('exits 1 when any of several files has errors', async () => {
    const missing = arg('tests/fixtures/missing.yaml');
    expect(await runValidate([arg('floorplan/minimal.yaml'), missing])).toBe(1);
    expect(output.stdout).toContain(`${missing}:1:1: error: cannot read file: ENOENT`);
    expect(output.stdout).toMatch(new RegExp(`${missing}: 1 error\\n$`));
  });

  it('prints help and exits 0', async () => {
    expect(await runValidate(['--help'])).toBe(0);
    expect(output.stdout).toMatch(/^Usage: floorplan validate FILE \[FILE\.\.\.\]/);
  });

  it.each([[[]], [['--strict', 'x.yaml']]])('exits 2 on misuse: %j', async (argv) => {
    expect(await runValidate(argv)).toBe(2);
    expect(output.stdout).toBe('');
    expect(output.stderr).toMatch(/^floorplan validate: .*\n\nUsage:/);
  });
});
