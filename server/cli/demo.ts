/**
 * `floorplan demo` (`npm start` without Home Assistant): simulated people walking through the
 * example house, located live, and a page with the card showing them, so that a newcomer sees
 * the whole thing work within seconds.
 */
import { access } from 'node:fs/promises';
import { DemoHost } from '../demo/host.ts';
import { startDemoServer, type DemoServer } from '../sinks/http/demo-server.ts';
import { fail, loadConfigReporting, parseOptions, usageError } from './common.ts';
import { loadScenarioReporting, parsePositive, parseSeed } from './simulate.ts';

const USAGE = `Usage: floorplan demo [--speed N] [--seed N] [--config FILE] [--scenario FILE] [--host HOST] [--port PORT]

Runs the sidecar on a simulation: people walking through the example house, located live from
simulated Bluetooth distances, shown by the Lovelace card on a page at the address it prints.
The card's editor saves to a temporary copy of the floor plan, never to FILE. Stop with Ctrl-C.
Needs the card and the page built: \`npm start\` builds both.

Options:
      --speed N          simulated seconds per real second (default 1)
      --seed N           seed of the random generator (default 1)
  -c, --config FILE      floor plan (default floorplan/example.yaml)
  -s, --scenario FILE    walkers (default tests/fixtures/scenarios/example-walk.yaml)
      --host HOST        address to listen on (default 127.0.0.1)
      --port PORT        port to listen on (default 8099; 0: any free port)
  -h, --help             show this help
`;

// Relative to the working directory, like the defaults above: `npm start` runs in the repository.
const PAGE_DIR = 'dist/demo';
const CARD_BUNDLE = 'custom_components/floorplan/frontend/floorplan-presence-card.js';

const log = (message: string): void => void process.stderr.write(`${new Date().toISOString()} floorplan demo: ${message}\n`);

export async function runDemo(argv: string[]): Promise<number> {
  const args = parseOptions(
    'demo',
    argv,
    {
      speed: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      config: { type: 'string', short: 'c', default: 'floorplan/example.yaml' },
      scenario: { type: 'string', short: 's', default: 'tests/fixtures/scenarios/example-walk.yaml' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8099' },
    },
    USAGE,
  );
  if (typeof args === 'number') return args;
  const speed = parsePositive(args.speed);
  if (speed === null) return usageError('demo', `--speed must be a positive number, got "${args.speed}"`, USAGE);
  const seed = parseSeed(args.seed);
  if (seed === null) return usageError('demo', `--seed must be an integer, got "${args.seed}"`, USAGE);
  const port = /^\d+$/.test(args.port) ? Number(args.port) : NaN;
  if (!(port <= 65535)) return usageError('demo', `--port must be a port number (0 to 65535), got "${args.port}"`, USAGE);

  for (const [file, build] of [
    [CARD_BUNDLE, 'build:card'],
    [`${PAGE_DIR}/index.html`, 'build:demo'],
  ] as const) {
    if (!(await exists(file))) return fail('demo', `${file} is missing: run \`npm run ${build}\` (\`npm start\` builds it)`);
  }
  const plan = await loadConfigReporting(args.config);
  const scenario = await loadScenarioReporting(args.scenario, plan);
  if (plan === null || scenario === null) return 1;

  const host = await DemoHost.start({ planFile: args.config, plan, scenario, seed, speed, log });
  let server: DemoServer;
  try {
    server = await startDemoServer(host, { host: args.host, port, pageDir: PAGE_DIR, cardBundle: CARD_BUNDLE });
  } catch (err) {
    await host.stop();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') return fail('demo', `${args.host}:${port} is in use: pass another --port`);
    throw err;
  }
  process.stdout.write(`Floorplan Presence demo: ${server.url}\n`);
  process.stdout.write(`Floor plan: ${host.planFile}, a copy of ${args.config} for the card's editor, removed on stop unless edited. Stop with Ctrl-C.\n`);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  await host.stop();
  return 0;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
