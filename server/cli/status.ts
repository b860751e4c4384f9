/**
 * `floorplan status`: the troubleshooting report. Asks the running sidecar (its /status endpoint)
 * when there is one, which has counted rejected readings since it started; otherwise connects to
 * Home Assistant itself and reports what it sees now.
 */
import { formatStatus, type StatusReport } from '../services/status.ts';
import { fail, parseOptions } from './common.ts';
import { HOME_ASSISTANT_USAGE, SettingsError } from './home-assistant.ts';
import { withOneShotSidecar } from './one-shot.ts';
import { SERVE_OPTIONS } from './serve.ts';

const USAGE = `Usage: floorplan status [options] [--json]

Answers "why does my device have no coordinates?": the connection, beacon nodes matched to
Bermuda's scanners and not, scanners with no node, disabled distance sensors, each tracked device
with the nodes that hear it and why it has no position, and rejected readings by reason.

Asks a running \`floorplan serve\` at --http-host/--http-port first; without one, connects to Home
Assistant with the options below.

${HOME_ASSISTANT_USAGE}
Options:
  -c, --config FILE      floorplan.yaml (default: through the floorplan integration)
      --http-host HOST   where a running sidecar answers (default 127.0.0.1)
      --http-port PORT   (default 8127)
      --json             print the report as JSON
  -h, --help             show this help
`;

const STATUS_OPTIONS = { ...SERVE_OPTIONS, json: { type: 'boolean' } } as const;

async function fromRunningSidecar(host: string, port: string): Promise<StatusReport | null> {
  try {
    const res = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/status`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as StatusReport) : null;
  } catch {
    return null;
  }
}

export async function runStatus(argv: string[]): Promise<number> {
  const args = parseOptions('status', argv, STATUS_OPTIONS, USAGE);
  if (typeof args === 'number') return args;
  let report = await fromRunningSidecar(args['http-host'] ?? '127.0.0.1', args['http-port'] ?? '8127');
  if (report === null) {
    try {
      report = await withOneShotSidecar(args, async (sidecar) => sidecar.status());
    } catch (err) {
      if (err instanceof SettingsError) return fail('status', err.message);
      throw err;
    }
  }
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
  return 0;
}
