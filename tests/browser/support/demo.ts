/** `floorplan demo` as `npm start` runs it, in a child process on a free port. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ensureDemoBuilt } from './bundle.ts';
import { REPO } from './paths.ts';

export interface RunningDemo {
  url: string;
  /** What the demo logged on stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

export async function startDemo(): Promise<RunningDemo> {
  await ensureDemoBuilt();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'demo', '--port', '0'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  // The demo prints its address once it listens: "Floorplan Presence demo: http://127.0.0.1:…/".
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no URL within ${START_TIMEOUT_MS / 1000} s; stderr:\n${stderr}`)), START_TIMEOUT_MS);
    lines.on('line', (line) => {
      const match = /https?:\/\/\S+/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code} before printing its URL; stderr:\n${stderr}`));
    });
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url, log: () => stderr, stop };
}
