#!/usr/bin/env node
/** The `floorplan` command: dispatches to one module per subcommand. */

interface Subcommand {
  summary: string;
  /** Loaded on demand, so `floorplan validate` does not load the engine and simulator. */
  run(argv: string[]): Promise<number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  validate: {
    summary: 'check a floorplan.yaml and report problems with their line and column',
    run: async (argv) => (await import('./cli/validate.ts')).runValidate(argv),
  },
  locate: {
    summary: 'replay recorded readings through the engine, writing fixes as JSON Lines',
    run: async (argv) => (await import('./cli/locate.ts')).runLocate(argv),
  },
  simulate: {
    summary: 'generate readings (and ground truth) for walkers moving through a floor plan',
    run: async (argv) => (await import('./cli/simulate.ts')).runSimulate(argv),
  },
  calibrate: {
    summary: 'fit each scanner\'s radio model from readings taken at known positions',
    run: async (argv) => (await import('./cli/calibrate.ts')).runCalibrate(argv),
  },
  serve: {
    summary: 'run the sidecar: locate Bermuda\'s devices live for Home Assistant',
    run: async (argv) => (await import('./cli/serve.ts')).runServe(argv),
  },
  status: {
    summary: 'explain what the sidecar sees: scanners, nodes, sensors, and why a device has no position',
    run: async (argv) => (await import('./cli/status.ts')).runStatus(argv),
  },
  'enable-sensors': {
    summary: 'enable the distance sensors Bermuda creates disabled',
    run: async (argv) => (await import('./cli/enable-sensors.ts')).runEnableSensors(argv),
  },
  history: {
    summary: 'export the sidecar\'s history (room transitions, positions) as CSV',
    run: async (argv) => (await import('./cli/history.ts')).runHistory(argv),
  },
  start: {
    summary: 'what `npm start` runs: serve when Home Assistant is configured (HA_URL and HA_TOKEN, or FLOORPLAN_OPTIONS), else the demo',
    run: async (argv) =>
      (await import('./cli/home-assistant.ts')).homeAssistantConfigured(process.env)
        ? (await import('./cli/serve.ts')).runServe(argv)
        : (await import('./cli/demo.ts')).runDemo(argv),
  },
  demo: {
    summary: 'simulated people walking through the example house, shown live by the card on a local page',
    run: async (argv) => (await import('./cli/demo.ts')).runDemo(argv),
  },
};

function help(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length));
  const lines = Object.entries(SUBCOMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Usage: floorplan <subcommand> [options]

Subcommands:
${lines.join('\n')}

Run \`floorplan <subcommand> --help\` for its options.
`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return 0;
  }
  if (name === undefined) {
    process.stderr.write(help());
    return 2;
  }
  const subcommand = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (subcommand === undefined) {
    process.stderr.write(`floorplan: unknown subcommand "${name}"\n\n${help()}`);
    return 2;
  }
  return subcommand.run(rest);
}

// exitCode rather than process.exit(), so that pending output is flushed before the process ends.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`floorplan: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
