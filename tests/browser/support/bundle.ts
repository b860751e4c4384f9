/**
 * The built card (and the demo page), rebuilt with their npm script when a source is newer than
 * the output. Test files run in parallel workers, so a lock directory per script makes one worker
 * build while the others wait.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { OUT_DIR, REPO } from './paths.ts';

interface Build {
  output: string;
  sources: string[];
  /** Folders under `sources` that are not part of this build. */
  skip: string[];
  script: string;
}

const CARD: Build = {
  output: join(REPO, 'custom_components/floorplan/frontend/floorplan-presence-card.js'),
  // The contract's types are compiled into the card; the demo page is a build of its own.
  sources: [join(REPO, 'card'), join(REPO, 'server/sinks/card/messages.ts')],
  skip: [join(REPO, 'card/demo')],
  script: 'build:card',
};

const DEMO_PAGE: Build = {
  output: join(REPO, 'dist/demo/index.html'),
  sources: [join(REPO, 'card/demo')],
  skip: [],
  script: 'build:demo',
};

/** A lock older than this was left by a killed run. */
const STALE_LOCK_MS = 180_000;

async function mtime(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return -Infinity;
  }
}

async function newest(path: string, skip: string[]): Promise<number> {
  if (skip.includes(path)) return -Infinity;
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = (await readdir(path)).filter((name) => name !== 'node_modules');
  const times = await Promise.all(entries.map((name) => newest(join(path, name), skip)));
  return Math.max(info.mtimeMs, ...times);
}

async function upToDate(build: Build): Promise<boolean> {
  const sources = await Promise.all(build.sources.map((path) => newest(path, build.skip)));
  return (await mtime(build.output)) >= Math.max(...sources);
}

async function ensureBuilt(build: Build): Promise<string> {
  const lock = join(OUT_DIR, `.${build.script.replace(':', '-')}.lock`);
  await mkdir(OUT_DIR, { recursive: true });
  for (;;) {
    if (await upToDate(build)) return build.output;
    try {
      await mkdir(lock);
    } catch {
      if (Date.now() - (await mtime(lock)) > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else await sleep(250);
      continue;
    }
    try {
      // Vitest sets NODE_ENV=test, which would make Vite bundle Lit's development build: the
      // committed card must be exactly what `npm run build:card` makes.
      const env = { ...process.env, NODE_ENV: 'production' };
      if (!(await upToDate(build))) await promisify(execFile)('npm', ['run', build.script], { cwd: REPO, env, maxBuffer: 16 << 20 });
      return build.output;
    } catch (err) {
      const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
      throw new Error(`npm run ${build.script} failed:\n${stdout}${stderr}`);
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

/** Builds the card if needed; returns the bundle's path. */
export const ensureCardBundle = (): Promise<string> => ensureBuilt(CARD);

/** Builds the card and the demo page if needed (`floorplan demo` serves both). */
export async function ensureDemoBuilt(): Promise<void> {
  await ensureBuilt(CARD);
  await ensureBuilt(DEMO_PAGE);
}
